package io.snapdrill.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RPO, RTO and durations in the words an auditor reads, with their definitions; JSON keeps the numbers. */
class DrillReportRecoveryObjectivesTest {
  private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

  @TempDir Path tmp;

  @Test
  void reportsShowRtoWithItsPartsRpoWithTheSnapshotIntervalAndDefineBoth() throws Exception {
    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(drillWhileItsReportIsWritten());
    String md = Files.readString(Path.of(written.markdown()));
    String html = Files.readString(Path.of(written.html()));

    for (String report : List.of(md, html)) {
      assertThat(report).contains("4 min 12 s (provision 3 min 00 s, restore 1 min 00 s, verify 12 s)",
          "5 min 00 s", "1 d 00 h", "2.1 s");
      assertThat(report).doesNotContainPattern("PT\\d").doesNotContain("| RUNNING", "badge RUNNING");
    }
    assertThat(md).contains(RecoveryObjectives.RTO_DEFINITION, RecoveryObjectives.RPO_DEFINITION);
    assertThat(html).contains(DrillReportHtml.esc(RecoveryObjectives.RTO_DEFINITION),
        DrillReportHtml.esc(RecoveryObjectives.RPO_DEFINITION));
    assertThat(md).contains("[^rto]: RTO: how long recovery takes. From the start of PROVISION_HOST")
        .contains("| REPORT | PASSED | " + T0.plusSeconds(210) + " | 1 min 00 s | this report |");
    assertThat(html).contains("<h2>Definitions</h2>", "href=\"#note-2\"");
  }

  @Test
  void jsonKeepsMachineValues() throws Exception {
    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(drillWhileItsReportIsWritten());
    JsonNode json = ReportActivitiesImpl.jsonMapper().readTree(Path.of(written.json()).toFile());

    assertThat(json.path("rtoSeconds").asLong()).isEqualTo(252);
    assertThat(json.path("rtoProvisionSeconds").asLong()).isEqualTo(180);
    assertThat(json.path("rtoRestoreSeconds").asLong()).isEqualTo(60);
    assertThat(json.path("rtoVerifySeconds").asLong()).isEqualTo(12);
    assertThat(json.path("snapshotIntervalSeconds").asLong()).isEqualTo(86_400);
    assertThat(json.path("stages").get(Stage.REPORT.ordinal()).path("status").asText()).isEqualTo("PASSED");
  }

  @Test
  void aResultWrittenBeforeTheRtoPartsExistedReadsAndRendersAsUnknown() throws Exception {
    String old = "{\"drillId\":\"drill-old\",\"cluster\":\"logs\",\"outcome\":\"PASSED\",\"stages\":[],"
        + "\"rpoSeconds\":60,\"rtoSeconds\":95,\"hosts\":[],\"warnings\":[]}";
    DrillResult r = ReportActivitiesImpl.jsonMapper().readValue(old, DrillResult.class);

    assertThat(r.rtoProvisionSeconds()).isNull();
    assertThat(DrillReportMarkdown.render(r)).contains("| 1 min 35 s |", "| unknown |");
  }

  @Test
  void aFailoverRestoreWritesTheSameReportUnderItsOwnTitleAndRtoDefinition() throws Exception {
    DrillResult drill = drillWhileItsReportIsWritten();
    DrillResult failover = new DrillResult("failover-logs-to-logs-dr-20261202-101500", drill.cluster(), drill.outcome(),
        null, null, drill.snapshot(), drill.stages(), drill.startedAt(), drill.endedAt(), drill.rpoSeconds(),
        drill.snapshotIntervalSeconds(), drill.rtoSeconds(), drill.rtoProvisionSeconds(), drill.rtoRestoreSeconds(),
        drill.rtoVerifySeconds(), null, null, null, null, List.of(), null, null, null, List.of(), null);
    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(failover);
    String md = Files.readString(Path.of(written.markdown()));
    String html = Files.readString(Path.of(written.html()));

    assertThat(md).startsWith("# Failover restore failover-logs-to-logs-dr-20261202-101500")
        .contains(RecoveryObjectives.FAILOVER_RTO_LABEL, "4 min 12 s (preparation 3 min 00 s, restore 1 min 00 s",
            "[^rto]: RTO: how long this failover took. From the start of REGISTER_REPOSITORY")
        .doesNotContain("Restore drill", RecoveryObjectives.RTO_DEFINITION);
    assertThat(html).contains("<h1>Failover restore <code>", DrillReportHtml.esc(RecoveryObjectives.FAILOVER_RTO_DEFINITION))
        .doesNotContain("Restore drill");
  }

  /** A passed drill as the REPORT activity receives it: REPORT is still running. */
  private static DrillResult drillWhileItsReportIsWritten() {
    List<StageRecord> stages = new ArrayList<>();
    long offset = 0;
    for (Stage stage : Stage.DRILL) {
      boolean report = stage == Stage.REPORT;
      stages.add(new StageRecord(stage, report ? StageStatus.RUNNING : StageStatus.PASSED, T0.plusSeconds(offset),
          report ? null : T0.plusSeconds(offset).plusMillis(2_117), stage + " done", null));
      offset += 30;
    }
    SnapshotInfo snapshot = new SnapshotInfo("backups", "nightly-2026.11.22", "u1", "SUCCESS", T0.minusSeconds(300),
        T0.minusSeconds(200), List.of("logs"), "elasticsearch", "8.19.3");
    return new DrillResult("drill-logs-1", "logs", DrillOutcome.PASSED, null, null, snapshot, stages, T0,
        T0.plusSeconds(offset + 30), 300L, 86_400L, 252L, 180L, 60L, 12L, null, null, null, null, List.of(), null,
        null, null, List.of(), null);
  }
}
