package io.snapdrill.activities.report;

import static io.snapdrill.activities.report.RestoreAThonFixtures.END;
import static io.snapdrill.activities.report.RestoreAThonFixtures.START;
import static io.snapdrill.activities.report.RestoreAThonFixtures.passed;
import static io.snapdrill.activities.report.RestoreAThonFixtures.reported;
import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import io.temporal.activity.ActivityInterface;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inside an activity the report heartbeats as it reads drill reports, so a large fleet keeps a short heartbeat timeout. */
class RestoreAThonReportActivityTest {
  /** Test-only: the report's entry point as an activity (the workflow side's interface is ReportActivities). */
  @ActivityInterface
  public interface RestoreAThonReportActivity {
    ReportLocation write(RestoreAThonReportRequest request);
  }

  @TempDir Path tmp;

  @Test
  void heartbeatsAsItReadsDrillReports() throws Exception {
    Path dir = tmp.resolve("reports");
    ReportActivitiesImpl drills = new ReportActivitiesImpl(dir);
    RestoreAThonReports reports = new RestoreAThonReports(ReportStore.local(dir));
    List<DrillSummary> summaries = IntStream.range(0, 5).mapToObj(i -> reported(drills, passed("c" + i, 60, 60, 0.1)))
        .toList();
    StoredEvidence batch = reports.storeDrillSummaries("restore-a-thon-q1", 0, summaries);
    List<String> heartbeats = new ArrayList<>();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations((RestoreAThonReportActivity) reports::writeRestoreAThonReport);
      env.setActivityHeartbeatListener(String.class, heartbeats::add);
      RestoreAThonReportActivity activity = env.newActivityStub(RestoreAThonReportActivity.class,
          io.temporal.activity.ActivityOptions.newBuilder()
              .setStartToCloseTimeout(java.time.Duration.ofMinutes(1)).build());

      ReportLocation written = activity.write(new RestoreAThonReportRequest("restore-a-thon-q1", START, END,
          List.of("c0", "c1", "c2", "c3", "c4"), List.of(batch)));

      assertThat(Files.readString(Path.of(written.markdown()))).contains("5 of 5 configured clusters");
    } finally {
      env.close();
    }
    // the SDK sends the first heartbeat at once and throttles the rest: how many arrive depends on timing
    assertThat(heartbeats).isNotEmpty().allMatch(h -> h.matches("drill reports read: [1-5] of 5"));
    assertThat(heartbeats.get(0)).isEqualTo("drill reports read: 1 of 5");
  }
}
