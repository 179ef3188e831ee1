package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code snapdrill local} through every stage: the happy path, a restore that loses data, and stopping a run
 * with Ctrl-C or kill -9 in the middle.
 */
@Execution(ExecutionMode.CONCURRENT)
class LocalModeEndToEndTest extends LocalModeRuns {
  @Test
  @Execution(ExecutionMode.SAME_THREAD)
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
  @Execution(ExecutionMode.SAME_THREAD)
  void badDataFailsVerificationNamingTheIndex() throws IOException {
    SnapdrillProcess run = local("--scenario", "bad-data");
    assertThat(run.waitFor(RUN)).as(run.output()).isEqualTo(1);
    JsonNode report = report(run);
    assertFailedAt(report, "VERIFY", "VERIFICATION_FAILED");
    assertThat(report.path("failureMessage").asText()).contains("orders");
    assertThat(stageStatus(report, "TEARDOWN")).isEqualTo("PASSED");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void ctrlCDuringTheDrillTearsDownAndRemovesEverything() {
    SnapdrillProcess run = local("--scenario", "happy");
    run.awaitLine("PROVISION_HOST +\\d+%  PASSED", RUN);
    run.interrupt();
    run.waitFor(RUN);
    assertThat(run.output()).contains("canceling drill", "stopped; removed");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
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
}
