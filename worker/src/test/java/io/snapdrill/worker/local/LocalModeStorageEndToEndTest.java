package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.worker.SnapdrillCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code snapdrill local}'s storage scenarios: a lifecycle rule that hid blobs, the delete markers it left
 * (failing, healed at once, healed on approval), a blob missing from the replica, and replication lag.
 */
@Execution(ExecutionMode.CONCURRENT)
class LocalModeStorageEndToEndTest extends LocalModeRuns {
  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void rewindFailsAtAuditStorageBeforeAnyRestoreHostNamingTheRuleAndTheKey() throws IOException {
    SnapdrillProcess run = local("--scenario", "rewind");
    String key = run.awaitLine("left a delete marker on (\\S+)", RUN).group(1);
    assertThat(run.waitFor(RUN)).as(run.output()).isEqualTo(1);
    JsonNode report = report(run);
    assertFailedAt(report, "AUDIT_STORAGE", "LIFECYCLE_RULE_COVERS_REPOSITORY");
    assertThat(report.path("failureMessage").asText()).contains("expire-after-7-days", key);
    assertThat(stageStatus(report, "PROVISION_HOST")).isEqualTo("SKIPPED");
    assertThat(report.path("hosts")).isEmpty();
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void rewindAfterFixFailsOnTheDeleteMarkerWithoutHealing() throws IOException {
    SnapdrillProcess run = local("--scenario", "rewind-after-fix");
    String key = run.awaitLine("the delete marker it left on (\\S+)", RUN).group(1);
    assertThat(run.waitFor(RUN)).as(run.output()).isEqualTo(1);
    JsonNode report = report(run);
    assertFailedAt(report, "AUDIT_STORAGE", "DELETE_MARKER_HIDES_BLOB");
    assertThat(report.path("failureMessage").asText()).contains(key).doesNotContain("expire-after-7-days");
    assertThat(report.path("hosts")).isEmpty();
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void rewindAfterFixHealsAndPassesWithHealAuto() throws IOException {
    SnapdrillProcess run = local("--scenario", "rewind-after-fix", "--heal", "auto");
    String key = run.awaitLine("the delete marker it left on (\\S+)", RUN).group(1);
    assertThat(run.waitFor(RUN)).as(run.output()).isZero();
    JsonNode report = report(run);
    assertThat(report.path("outcome").asText()).isEqualTo("PASSED");
    assertThat(report.path("heal").path("dryRun").asBoolean()).isFalse();
    assertThat(report.path("heal").path("removed").toString()).contains(key);
    // the evidence: the version brought back, and no warning that still calls the healed blob hidden
    assertThat(report.path("heal").path("restoredVersions").toString()).contains(key);
    assertThat(report.path("warnings").toString()).doesNotContain("hidden by", key);
    String markdown = Files.readString(Path.of(reportPath(run).replace("drill-report.json", "drill-report.md")));
    assertThat(markdown).contains("## Healing", "version brought back", "heal policy auto")
        .doesNotContain(key + " is hidden by a delete marker");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void rewindAfterFixWaitsForApproveHealWithHealAsk() throws IOException {
    SnapdrillProcess run = local("--scenario", "rewind-after-fix", "--heal", "ask");
    Matcher waiting = run.awaitLine(
        "snapdrill approve-heal (\\S+) --operator NAME --temporal-address (\\S+) --payload-keys-file (\\S+)", RUN);
    // the drill's payloads are encrypted: the command decodes the answer with local mode's key file
    assertThat(SnapdrillCommand.execute("approve-heal", waiting.group(1), "--operator", "on-call@example.com",
        "--temporal-address", waiting.group(2), "--payload-keys-file", waiting.group(3))).isZero();
    assertThat(run.waitFor(RUN)).as(run.output()).isZero();
    JsonNode report = report(run);
    assertThat(report.path("outcome").asText()).isEqualTo("PASSED");
    assertThat(report.path("heal").path("approvedBy").asText()).isEqualTo("on-call@example.com");
    String markdown = Files.readString(Path.of(reportPath(run).replace("drill-report.json", "drill-report.md")));
    assertThat(markdown).contains("approved by on-call@example.com (Temporal client ", "version brought back");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void missingBlobFailsWithReplicaIncompleteNamingTheBlob() throws IOException {
    SnapdrillProcess run = local("--scenario", "missing-blob");
    assertThat(run.waitFor(RUN)).as(run.output()).isEqualTo(1);
    JsonNode report = report(run);
    assertFailedAt(report, "CONFIRM_REPLICATION", "REPLICA_INCOMPLETE");
    assertThat(report.path("failureMessage").asText()).containsPattern("clusters/local/indices/[^/ ]+/\\d+/__\\S+");
    assertThat(report.path("hosts")).isEmpty();
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void replicaLagMakesConfirmReplicationWaitThenPass() throws IOException {
    SnapdrillProcess run = local("--scenario", "replica-lag");
    assertThat(run.waitFor(RUN)).as(run.output()).isZero();
    JsonNode report = report(run);
    assertThat(report.path("outcome").asText()).isEqualTo("PASSED");
    Matcher checks = java.util.regex.Pattern.compile("after (\\d+) check")
        .matcher(stage(report, "CONFIRM_REPLICATION").path("detail").asText());
    assertThat(checks.find()).isTrue();
    assertThat(Integer.parseInt(checks.group(1))).as("replica checks before it was complete").isGreaterThan(1);
  }
}
