package io.snapdrill.activities.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.Product;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionInstallerTest {

  private static final NodeDistribution DISTRIBUTION = NodeDistribution.of(Product.ELASTICSEARCH, "8.19.21");

  @TempDir
  Path tmp;

  @Test
  void unpacksOnceAndReusesTheCompleteDirectory() throws IOException {
    DistributionInstaller installer = installerWithZip();
    Path home = installer.install(DISTRIBUTION);
    assertThat(home.resolve("bin/elasticsearch")).isExecutable();
    assertThat(installer.install(DISTRIBUTION)).isEqualTo(home);
  }

  /**
   * Two JVMs (two local-mode runs of a fresh CI clone) unpack the same version at once: the one whose
   * rename comes second finds a complete, non-empty directory and must keep it, not fail the run.
   */
  @Test
  void theSecondOfTwoConcurrentUnpacksKeepsTheFirstOnesDirectory() throws IOException {
    DistributionInstaller installer = installerWithZip();
    Path first = installer.unpack(DISTRIBUTION);
    Path second = installer.unpack(DISTRIBUTION);
    assertThat(second).isEqualTo(first);
    assertThat(first.resolve(".snapdrill-complete")).exists();
    try (var left = Files.list(tmp.resolve("install"))) {
      assertThat(left.map(p -> p.getFileName().toString())).as("staging directories left behind")
          .containsExactly(DISTRIBUTION.homeDirectoryName());
    }
  }

  private DistributionInstaller installerWithZip() throws IOException {
    Path m2 = tmp.resolve("m2");
    Path zip = m2.resolve(DISTRIBUTION.repositoryPath());
    Files.createDirectories(zip.getParent());
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry(DISTRIBUTION.homeDirectoryName() + "/bin/elasticsearch"));
      out.write("#!/bin/sh\n".getBytes());
      out.closeEntry();
      out.putNextEntry(new ZipEntry(DISTRIBUTION.homeDirectoryName() + "/config/elasticsearch.yml"));
      out.closeEntry();
    }
    return new DistributionInstaller(m2, tmp.resolve("cache"), tmp.resolve("install"), "http://127.0.0.1:9/");
  }
}
