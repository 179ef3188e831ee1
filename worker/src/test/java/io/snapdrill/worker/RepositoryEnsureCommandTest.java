package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.worker.cli.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapdrill repository ensure --cluster NAME} against a real Elasticsearch 8.19 node: an {@code fs}
 * repository under its path.repo (the integ-test zip has no repository-s3 plugin). Registers, leaves a
 * matching one alone, shows the difference and refuses without --force, replaces with it; a failed
 * verification and bad input are exit 1 and 2 with one sentence each.
 */
class RepositoryEnsureCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;

  @BeforeEach
  void capture() {
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private Path config(LocalNode node, String repository, Path location, boolean readonly) throws Exception {
    Path file = dir.resolve("snapdrill.yaml");
    Files.writeString(file, """
        clusters:
          - name: logs
            product: elasticsearch
            endpoint: %s
            repository: {name: %s, type: fs, location: '%s', readonly: %s}
            storage:
              primary: {bucket: logs-snapshots, prefix: prod/logs, region: us-east-1}
              replica: {bucket: logs-snapshots-dr, prefix: prod/logs, region: us-west-2}
          - name: search
            product: opensearch
            endpoint: https://search-logs.eu-west-1.es.amazonaws.com
            auth: {type: sigv4, region: eu-west-1}
            repository: snapshots
            storage:
              primary: {bucket: search-snapshots, region: eu-west-1}
              replica: {bucket: search-snapshots-dr, region: eu-central-1}
        restoreHost: {provider: local}
        """.formatted(node.httpEndpoint(), repository, location, readonly));
    return file;
  }

  private int ensure(Path config, String cluster, String... more) {
    out.reset();
    err.reset();
    String[] args = new String[4 + more.length];
    args[0] = "repository";
    args[1] = "ensure";
    args[2] = "--cluster=" + cluster;
    args[3] = "--config=" + config;
    System.arraycopy(more, 0, args, 4, more.length);
    return SnapdrillCommand.execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void registersLeavesAloneRefusesOtherSettingsAndReplacesThemWithForce() throws Exception {
    LocalNode node = SharedNodes.source(NodeDistribution.ELASTICSEARCH_8);
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    Path location = node.pathRepo().resolve(name);
    Path writable = config(node, name, location, false);

    assertThat(ensure(writable, "logs")).as(err()).isEqualTo(ExitCode.PASSED);
    assertThat(out()).contains("Repository '" + name + "' on cluster 'logs' at " + node.httpEndpoint(),
        "configured: fs location=" + location, "registered (there was none)",
        "verified by 1 node: " + node.name() + " (the nodes can write to it and read it back)");

    assertThat(ensure(writable, "logs")).as(err()).isEqualTo(ExitCode.PASSED);
    assertThat(out()).contains("already registered as configured; left as it is", "verified by 1 node");

    Path readonly = config(node, name, location, true);
    assertThat(ensure(readonly, "logs")).isEqualTo(ExitCode.FAILED);
    assertThat(out()).contains("registered with other settings; nothing changed:")
        .containsPattern("readonly\\s+\\(none\\)\\s+true");
    assertThat(err()).contains("repository '" + name + "' on cluster 'logs' is registered with other settings",
        "Run again with --force");

    assertThat(ensure(readonly, "logs", "--force")).as(err()).isEqualTo(ExitCode.PASSED);
    assertThat(out()).contains("was registered with other settings; replaced (--force):",
        "verified by 1 node: " + node.name() + " (read-only: the nodes can read it)");
    assertThat(ensure(readonly, "logs")).as(err()).isEqualTo(ExitCode.PASSED);
  }

  @Test
  void aFailedVerificationNamesTheRepositoryAndTheNodesReason() throws Exception {
    LocalNode node = SharedNodes.source(NodeDistribution.ELASTICSEARCH_8);
    String name = "cli-unwritable-" + UUID.randomUUID().toString().substring(0, 8);
    Path location = node.pathRepo().resolve(name);
    Files.writeString(location, "a file where the repository's directory should be");

    assertThat(ensure(config(node, name, location, false), "logs")).isEqualTo(ExitCode.FAILED);
    assertThat(err()).startsWith("snapdrill: repository '" + name + "' on cluster 'logs' failed the cluster's verification"
        + " (POST _snapshot/" + name + "/_verify): HTTP 500").contains(name, "a shared directory in its path.repo")
        .doesNotContain("\tat ");
  }

  @Test
  void aRegistrationTheClusterRefusesIsExitOneWithItsReason() throws Exception {
    LocalNode node = SharedNodes.source(NodeDistribution.ELASTICSEARCH_8);
    String name = "cli-outside-" + UUID.randomUUID().toString().substring(0, 8);

    assertThat(ensure(config(node, name, Path.of("/var/tmp", name), false), "logs")).isEqualTo(ExitCode.FAILED);
    assertThat(err()).startsWith("snapdrill: cluster 'logs' refused to register repository '" + name + "'")
        .contains("path.repo").doesNotContain("\tat ");
  }

  @Test
  void aClusterThatDoesNotAnswerIsExitThree() throws Exception {
    LocalNode node = SharedNodes.source(NodeDistribution.ELASTICSEARCH_8);
    Path config = config(node, "any", node.pathRepo().resolve("any"), false);
    Files.writeString(config, Files.readString(config).replace(node.httpEndpoint(), "http://127.0.0.1:9"));

    assertThat(ensure(config, "logs")).isEqualTo(ExitCode.ERROR);
    assertThat(err()).startsWith("snapdrill: cluster 'logs' at http://127.0.0.1:9 did not answer GET /_snapshot/any")
        .doesNotContain("retrying");
  }

  @Test
  void badInputIsExitTwoNamingTheField() throws Exception {
    LocalNode node = SharedNodes.source(NodeDistribution.ELASTICSEARCH_8);
    Path config = config(node, "any", node.pathRepo().resolve("any"), false);

    assertThat(ensure(config, "search")).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err()).startsWith("snapdrill: clusters[1].repository.roleArn: required to register the repository of cluster"
        + " 'search', an Amazon OpenSearch Service domain");

    assertThat(ensure(config, "nope")).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err()).contains("--cluster: 'nope' is not in");
  }
}
