package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.DrillSummary;
import io.snapdrill.temporal.ServerLimits;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A restore-a-thon of 300 clusters (more than one run's worth of drills, so it continues as new) on the
 * embedded service with the real server's limits: every run of it and its drills stay well inside them.
 * The full-size fleet is {@code RestoreAThonFleetBenchmark} (profile benchmark-fleet).
 */
class RestoreAThonFleetTest {
  private static final int CLUSTERS = 300;
  private static final ServerLimits LIMITS = ServerLimits.DEFAULTS;

  @RegisterExtension
  static final DrillTestEnvironment temporal =
      DrillTestEnvironment.extension(RestoreAThonWorkflowImpl.class, DrillWorkflowImpl.class);

  @Test
  void threeHundredClustersStayFarBelowTheServersLimits(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FleetRun.Figures figures = FleetRun.run(env, worker, client, CLUSTERS, 2);
    System.out.print(figures.describe());

    assertThat(figures.result().passed()).isEqualTo(CLUSTERS);
    assertThat(figures.result().clusters()).isEqualTo(CLUSTERS);
    assertThat(figures.parentRuns()).as("runs of the restore-a-thon (it continued as new)").hasSizeGreaterThan(1);
    for (FleetRun.HistoryFigures history : figures.parentRuns()) {
      assertWellInsideLimits(history);
    }
    assertWellInsideLimits(figures.firstDrill());
    assertWellInsideLimits(figures.lastDrill());
    assertThat(figures.reportRequest().configuredClusters())
        .containsExactlyElementsOf(IntStream.range(0, CLUSTERS).mapToObj(FleetRun::cluster).toList());
    assertThat(figures.fx().storedSummaries()).extracting(DrillSummary::cluster).doesNotHaveDuplicates()
        .hasSize(CLUSTERS);
    assertThat(figures.reportRequest().summaryBatches()).isEqualTo(figures.result().summaryBatches());
  }

  /** Below the warnings (10,240 events, 10 MB, 512 KB a payload): a quarter of the hard limits. */
  private static void assertWellInsideLimits(FleetRun.HistoryFigures history) {
    assertThat((long) history.events()).as(history.workflowId() + " events").isLessThan(LIMITS.historyCountWarn());
    assertThat(history.bytes()).as(history.workflowId() + " history bytes").isLessThan(LIMITS.historySizeWarn());
    assertThat(history.largestEvent()).as(history.workflowId() + " largest event").isLessThan(LIMITS.blobWarn());
  }
}
