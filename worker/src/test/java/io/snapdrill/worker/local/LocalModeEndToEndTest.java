package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.worker.SnapdrillCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapdrill local} as a newcomer runs it, in its own JVM, for the happy path and every scenario:
 * how the drill ends (stage, failure type, what the failure names) and that nothing it started is left:
 * no process and no file under its temp directory.
 */
@Execution(ExecutionMode.CONCURRENT)
class LocalModeEndToEndTest {
  private static final Duration RUN = Duration.ofMinutes(6);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path reports;
  Path tmp;

  @BeforeEach
  void ownTempDirectory() throws IOException {
    tmp = Files.createTempDirectory("local-mode-run-", SnapdrillProcess.TRAVERSABLE);
  }

  @AfterEach
  void nothingLeft() throws IOException {
    assertThat(processesUnder(tmp)).as("processes still running from " + tmp).isEmpty();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.toList()).as("files left in the run's temp directory").isEmpty();
    }
    Files.delete(tmp);
  }

  @Test
  void happyPathPassesEveryStage() throws IOException {
    SnapdrillProcess run = local("--scenario", "happy");
    assertThat(run.waitFor(RUN)).as(run.output()).isZero();
    JsonNode report = report(run);
    assertThat(report.path("outcome").asText()).isEqualTo("PASSED");
    for (JsonNode stage : report.path("stages")) {
      // REPORT too: the report is written during REPORT, and says so as "this report", PASSED
      assertThat(stage.path("status").asText()).as(stage.path("stage").asText()).isEqualTo("PASSED");
    }
    assertThat(report.path("timing").path("overhead").asText()).startsWith("PT");
    assertThat(run.output()).contains("orchestration overhead");
    assertThat(report.path("verification").toString()).contains("orders", "customers", "logs-app");
    assertThat(run.output()).containsPattern("RESTORE +\\d+%  RUNNING");
  }

  @Test
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

  @Test
  void missingBlobFailsWithReplicaIncompleteNamingTheBlob() throws IOException {
    SnapdrillProcess run = local("--scenario", "missing-blob");
    assertThat(run.waitFor(RUN)).as(run.output()).isEqualTo(1);
    JsonNode report = report(run);
    assertFailedAt(report, "CONFIRM_REPLICATION", "REPLICA_INCOMPLETE");
    assertThat(report.path("failureMessage").asText()).containsPattern("clusters/local/indices/[^/ ]+/\\d+/__\\S+");
    assertThat(report.path("hosts")).isEmpty();
  }

  @Test
  void badDataFailsVerificationNamingTheIndex() throws IOException {
    SnapdrillProcess run = local("--scenario", "bad-data");
    assertThat(run.waitFor(RUN)).as(run.output()).isEqualTo(1);
    JsonNode report = report(run);
    assertFailedAt(report, "VERIFY", "VERIFICATION_FAILED");
    assertThat(report.path("failureMessage").asText()).contains("orders");
    assertThat(stageStatus(report, "TEARDOWN")).isEqualTo("PASSED");
  }

  @Test
  void ctrlCDuringTheDrillTearsDownAndRemovesEverything() {
    SnapdrillProcess run = local("--scenario", "happy");
    run.awaitLine("PROVISION_HOST +\\d+%  PASSED", RUN);
    run.interrupt();
    run.waitFor(RUN);
    assertThat(run.output()).contains("canceling drill", "stopped; removed");
  }

  @Test
  void killNineDuringTheDrillLeavesNoNodeRunning() throws IOException {
    SnapdrillProcess run = local("--scenario", "happy");
    run.awaitLine("PROVISION_HOST +\\d+%  PASSED", RUN);
    run.kill();
    // no shutdown hook ran: the nodes go because they die with their JVM; the files stay behind
    org.awaitility.Awaitility.await("local mode's nodes and S3 server stop").atMost(Duration.ofSeconds(30))
        .until(() -> processesUnder(tmp).isEmpty());
    io.snapdrill.activities.node.DistributionInstaller.deleteRecursively(tmp);
    Files.createDirectory(tmp);
  }

  private SnapdrillProcess local(String... args) {
    List<String> all = new ArrayList<>(List.of("local", "--scale", "0.1", "--report-dir", reports.toString()));
    all.addAll(List.of(args));
    return SnapdrillProcess.start(tmp, List.of(), all.toArray(String[]::new));
  }

  private static JsonNode report(SnapdrillProcess run) throws IOException {
    return JSON.readTree(Path.of(reportPath(run)).toFile());
  }

  private static String reportPath(SnapdrillProcess run) {
    Matcher json = java.util.regex.Pattern.compile("^\\s+(\\S+drill-report\\.json)$", java.util.regex.Pattern.MULTILINE)
        .matcher(run.output());
    assertThat(json.find()).as("report path in:\n" + run.output()).isTrue();
    return json.group(1);
  }

  private static void assertFailedAt(JsonNode report, String stage, String failureType) {
    assertThat(report.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(report.path("failureType").asText()).isEqualTo(failureType);
    assertThat(stageStatus(report, stage)).isEqualTo("FAILED");
  }

  private static String stageStatus(JsonNode report, String stage) {
    return stage(report, stage).path("status").asText();
  }

  private static JsonNode stage(JsonNode report, String name) {
    for (JsonNode stage : report.path("stages")) {
      if (stage.path("stage").asText().equals(name)) {
        return stage;
      }
    }
    throw new AssertionError("no stage " + name + " in " + report);
  }

  static List<String> processesUnder(Path dir) {
    String path = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(path)).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .toList();
  }
}
