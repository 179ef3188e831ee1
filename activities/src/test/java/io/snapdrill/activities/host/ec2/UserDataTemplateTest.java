package io.snapdrill.activities.host.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserDataTemplateTest {

  /** What {@code bash -n} says about the script; empty when its syntax is fine. */
  static String bashSyntaxErrors(String script, Path dir) throws IOException, InterruptedException {
    Path file = Files.createTempFile(dir, "user-data", ".sh");
    Files.writeString(file, script);
    Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return bash.exitValue() == 0 ? output : "exit " + bash.exitValue() + ": " + output;
  }

  @Test
  void bashNReallyCatchesABrokenScript(@TempDir Path tmp) throws Exception {
    assertThat(bashSyntaxErrors("#!/bin/bash\nif [ 1 ]; then\n echo\n", tmp)).isNotEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "elasticsearch, 7.17.25, us-west-2, 250mb",
    "elasticsearch, 8.15.3, eu-central-1, 1gb",
    "opensearch, 2.18.0, cn-north-1, 500mb",
    "opensearch, 2.9.0, us-west-2, 500mb",
    "elasticsearch, 7.7.0, us-west-2, 500mb"
  })
  void rendersAValidScriptForEachProduct(String product, String version, String region, String throttle, @TempDir Path tmp)
      throws Exception {
    String script = UserDataTemplate.render(product, version, region, throttle);

    assertThat(bashSyntaxErrors(script, tmp)).isEmpty();
    assertThat(script).contains("PRODUCT='" + product + "'", "VERSION='" + version + "'",
        "RECOVERY_MAX_BYTES_PER_SEC='" + throttle + "'", "S3_ENDPOINT='" + UserDataTemplate.s3Endpoint(region) + "'")
        .doesNotContain("@@");
    assertThat(script.getBytes(StandardCharsets.UTF_8).length).isLessThan(UserDataTemplate.MAX_USER_DATA_BYTES);
  }

  @Test
  void theScriptInstallsTheS3PluginWhereTheProductNeedsItAndSizesTheHeapFromMemory() {
    String script = UserDataTemplate.render("elasticsearch", "7.17.25", "us-west-2", "500mb");
    assertThat(script)
        .contains("if [ \"$MAJOR\" -lt 8 ]; then INSTALL_S3_PLUGIN=yes; else INSTALL_S3_PLUGIN=no; fi")
        .contains("install --batch repository-s3")
        .contains("awk '/^MemTotal:/ {print $2}' \"$ROOT/proc/meminfo\"", "HEAP_MB=$(( MEM_KB / 1024 / 2 ))", "31744")
        .contains("indices.recovery.max_bytes_per_sec: ${RECOVERY_MAX_BYTES_PER_SEC}")
        .contains("https://artifacts.elastic.co/downloads/elasticsearch/", "https://artifacts.opensearch.org/releases/bundle/opensearch/");
    assertThat(UserDataTemplate.s3Endpoint("cn-north-1")).isEqualTo("s3.cn-north-1.amazonaws.com.cn");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "solr          | 8.15.3        | us-west-2 | 500mb | neither elasticsearch nor opensearch",
    "elasticsearch | 8.15.3'; rm  | us-west-2 | 500mb | not MAJOR.MINOR.PATCH",
    "elasticsearch | 6.8.23        | us-west-2 | 500mb | older than 7.0",
    "elasticsearch | 7.6.2         | us-west-2 | 500mb | Elasticsearch 7.6.2's repository-s3 cannot read the instance profile's credentials under IMDSv2",
    "opensearch    | 2.8.0         | us-west-2 | 500mb | OpenSearch 2.8.0's repository-s3 cannot read the instance profile's credentials under IMDSv2",
    "opensearch    | 1.3.19        | us-west-2 | 500mb | upgrade the source cluster to OpenSearch 2.9 or later",
    "opensearch    | 2.18.0        | $(reboot) | 500mb | storage.replica.region",
    "opensearch    | 2.18.0        | us-west-2 | fast  | restore.maxBytesPerSec"
  })
  void refusesValuesThatAreNotWhatTheyClaim(String product, String version, String region, String throttle, String says) {
    assertThatThrownBy(() -> UserDataTemplate.render(product, version, region, throttle))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(says)
        .satisfies(e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo("CONFIGURATION_INVALID"));
  }
}
