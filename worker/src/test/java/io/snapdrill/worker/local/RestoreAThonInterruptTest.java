package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a restore-a-thon that runs on the embedded service cancels it (and through it its drills,
 * which tear their hosts down) before the process and the service go, as it does for a single drill.
 * The cluster does not answer, so its drill sits in SNAPSHOT retrying when the interrupt comes.
 */
class RestoreAThonInterruptTest {
  private static final Duration RUN = Duration.ofMinutes(2);

  @TempDir Path tmp;

  @Test
  void ctrlCCancelsTheRestoreAThonBeforeTheProcessEnds() throws IOException {
    Path config = Files.writeString(tmp.resolve("snapdrill.yaml"), """
        clusters:
          - name: logs-prod
            product: elasticsearch
            endpoint: http://127.0.0.1:9
            repository: backups
            storage:
              primary: {bucket: logs-snapshots, prefix: es, region: us-east-1, endpoint: "http://127.0.0.1:9", pathStyle: true}
              replica: {bucket: logs-snapshots-dr, prefix: es, region: us-west-2, endpoint: "http://127.0.0.1:9", pathStyle: true}
        restoreHost:
          provider: local
        reports:
          directory: %s
        """.formatted(tmp.resolve("reports")));
    SnapdrillProcess run = SnapdrillProcess.start(tmp, List.of(), "restore-a-thon", "--config", config.toString());
    run.awaitLine("restore-a-thon-\\S+: drilling \\[logs-prod\\]", RUN);

    run.interrupt();
    run.waitFor(RUN);

    assertThat(run.output()).contains("interrupted: canceling drill restore-a-thon-");
  }
}
