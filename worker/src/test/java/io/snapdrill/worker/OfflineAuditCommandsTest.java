package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OfflineAuditCommandsTest {

  @Test
  void auditLifecycleExitCodes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lifecycle.json");
    Files.writeString(file, "{\"Rules\":[{\"ID\":\"expire-7d\",\"Status\":\"Enabled\",\"Filter\":{},"
        + "\"Expiration\":{\"Days\":7}}]}");
    assertThat(run("--file", file.toString(), "--prefix", "snapshots/prod")).isEqualTo(1);
    Files.writeString(file, "{\"Rules\":[{\"ID\":\"expire-7d\",\"Status\":\"Enabled\","
        + "\"Filter\":{\"Prefix\":\"auto-purge/\"},\"Expiration\":{\"Days\":7}}]}");
    assertThat(run("--file", file.toString(), "--prefix", "snapshots/prod")).isZero();
    Files.writeString(file, "{\"Rules\":[{\"ID\":\"x\",\"Filter\":{}}]}");
    assertThat(run("--file", file.toString(), "--prefix", "snapshots/prod")).isEqualTo(2);
    assertThat(run("--prefix", "snapshots/prod")).as("--file missing").isEqualTo(2);
  }

  @Test
  void inspectRepoOnANonRepositoryIsBadInput(@TempDir Path dir) {
    assertThat(new CommandLine(new InspectRepoCommand()).execute(dir.toString())).isEqualTo(2);
  }

  private static int run(String... args) {
    return new CommandLine(new AuditLifecycleCommand()).execute(args);
  }
}
