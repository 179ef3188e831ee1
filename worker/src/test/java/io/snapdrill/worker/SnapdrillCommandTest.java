package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapdrillCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureOutput() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(SnapdrillCommand.execute("--help")).isEqualTo(0);
    assertThat(out()).contains("drill", "restore", "restore-a-thon", "worker", "status", "approve-heal", "deny-heal");
  }

  @Test
  void drillHelpDescribesEveryOption() {
    assertThat(SnapdrillCommand.execute("drill", "--help")).isEqualTo(0);
    assertThat(out()).contains("--config", "--cluster", "--snapshot", "--heal", "--replication-deadline",
        "--heal-deadline", "--temporal-address", "--namespace", "--tls-cert", "--api-key-env", "--no-wait");
  }

  @Test
  void localRefusesOptionsThatDoNotFitTheRestoreAThonBeforeStartingAnything() {
    assertThat(SnapdrillCommand.execute("local", "--restore-a-thon", "--product", "opensearch")).isEqualTo(2);
    assertThat(SnapdrillCommand.execute("local", "--max-concurrent", "2")).isEqualTo(2);
    assertThat(SnapdrillCommand.execute("local", "--restore-a-thon", "--max-concurrent", "4")).isEqualTo(2);
    assertThat(SnapdrillCommand.execute("local", "--restore-a-thon", "--scenario", "flood")).isEqualTo(2);
    assertThat(err()).contains("--product: the restore-a-thon drills Elasticsearch and OpenSearch",
        "--max-concurrent: only with --restore-a-thon", "--max-concurrent: 4 must be from 1 to 3",
        "--scenario: 'flood' is not one of happy, rewind");
    assertThat(out()).doesNotContain("starting");
  }

  @Test
  void localHelpDescribesTheRestoreAThon() {
    assertThat(SnapdrillCommand.execute("local", "--help")).isEqualTo(0);
    assertThat(out()).contains("--restore-a-thon", "--max-concurrent", "Elasticsearch 7");
  }

  private static Path config(Path dir, String replica) throws Exception {
    Path config = dir.resolve("snapdrill.yaml");
    Files.writeString(config, """
        clusters:
          - name: logs
            product: elasticsearch
            endpoint: http://127.0.0.1:9200
            repository: backups
            storage:
              primary: {bucket: a, region: us-east-1}
              replica: %s
        """.formatted(replica));
    return config;
  }

  private static Path ec2Config(Path dir) throws Exception {
    Path config = config(dir, "{bucket: b, region: us-west-2}");
    Files.writeString(config, Files.readString(config) + """
        restoreHost:
          provider: ec2
          region: us-west-2
          instanceTypes: [r6i.large]
          subnets: [subnet-a]
          amiSsmParameter: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
        """);
    return config;
  }

  @Test
  void ec2DrillsRefuseTheEmbeddedServiceUnlessTheOperatorAcceptsTheRisk(@TempDir Path dir) throws Exception {
    Path config = ec2Config(dir);

    assertThat(SnapdrillCommand.execute("drill", "--config", config.toString())).isEqualTo(2);
    assertThat(err()).contains("restoreHost.provider ec2: pass --temporal-address", "--accept-embedded-temporal")
        .doesNotContain("Exception");
    err.reset();
    assertThat(SnapdrillCommand.execute("restore-a-thon", "--config", config.toString())).isEqualTo(2);
    assertThat(err()).contains("restoreHost.provider ec2: pass --temporal-address");

    // the flag lets the drill through to the checks after it
    err.reset();
    assertThat(SnapdrillCommand.execute("drill", "--config", config.toString(), "--accept-embedded-temporal",
        "--no-wait")).isEqualTo(2);
    assertThat(err()).contains("--no-wait needs --temporal-address").doesNotContain("restoreHost.provider");
  }

  @Test
  void brokenConfigExitsTwoNamingTheField(@TempDir Path dir) throws Exception {
    Path config = config(dir, "{region: us-west-2}");

    assertThat(SnapdrillCommand.execute("drill", "--config", config.toString())).isEqualTo(2);
    assertThat(err()).contains(config + ": clusters[0].storage.replica.bucket: required").doesNotContain("Exception");
  }

  @Test
  void unknownClusterExitsTwo(@TempDir Path dir) throws Exception {
    Path config = config(dir, "{bucket: b, region: us-west-2}");

    assertThat(SnapdrillCommand.execute("drill", "--config", config.toString(), "--cluster", "billing")).isEqualTo(2);
    assertThat(err()).contains("--cluster: 'billing' is not in").contains("[logs]");
  }

  @Test
  void failoverRestoreBadInputExitsTwoNamingTheOption(@TempDir Path dir) throws Exception {
    Path config = config(dir, "{bucket: b, region: us-west-2}");
    Files.writeString(config, Files.readString(config) + """
          - name: dr
            product: elasticsearch
            endpoint: http://127.0.0.1:9201
            repository: dr-backups
            storage:
              primary: {bucket: c, region: us-west-2}
              replica: {bucket: d, region: us-east-1}
          - name: analytics
            product: elasticsearch
            endpoint: http://127.0.0.1:9202
            repository: analytics-backups
            storage:
              primary: {bucket: e, region: us-west-2}
              replica: {bucket: f, region: us-east-1}
            restoreTarget: {replicaRepository: s3}
        """);
    String file = config.toString();

    assertThat(SnapdrillCommand.execute("restore", "--config", file, "--cluster", "logs", "--snapshot", "s1", "--to", "billing"))
        .isEqualTo(2);
    assertThat(err()).contains("--to: 'billing' is not in", "[logs, dr, analytics]").doesNotContain("Exception");
    err.reset();
    assertThat(SnapdrillCommand.execute("restore", "--config", file, "--cluster", "logs", "--snapshot", "s1", "--to", "dr"))
        .isEqualTo(2);
    assertThat(err()).contains("--to: cluster 'dr' is not a restore target: add clusters[1].restoreTarget");
    err.reset();
    assertThat(SnapdrillCommand.execute("restore", "--config", file, "--cluster", "analytics", "--snapshot", "s1",
        "--to", "analytics")).isEqualTo(2);
    assertThat(err()).contains("--to: 'analytics' is the source cluster itself");
    err.reset();
    assertThat(SnapdrillCommand.execute("restore", "--config", file, "--cluster", "logs", "--snapshot", "s1",
        "--to", "analytics", "--rename-pattern", "(.+)")).isEqualTo(2);
    assertThat(err()).contains("--rename-pattern: needs --rename-replacement");
    err.reset();
    assertThat(SnapdrillCommand.execute("restore", "--config", file, "--cluster", "logs", "--snapshot", "s1",
        "--to", "analytics", "--rename-pattern", "(.+", "--rename-replacement", "r-$1")).isEqualTo(2);
    assertThat(err()).contains("--rename-pattern: '(.+' is not a regular expression");
    err.reset();
    assertThat(SnapdrillCommand.execute("restore", "--config", file, "--cluster", "logs", "--snapshot", "s1",
        "--to", "analytics", "--rename-pattern", "(.+)", "--rename-replacement", "r-$2")).isEqualTo(2);
    assertThat(err()).contains("--rename-replacement: 'r-$2' does not fit --rename-pattern '(.+)'");
    err.reset();
    assertThat(SnapdrillCommand.execute("restore", "--config", file, "--cluster", "logs", "--to", "analytics")).isEqualTo(2);
    assertThat(err()).contains("--snapshot");
  }

  @Test
  void badOptionValueExitsTwo() {
    assertThat(SnapdrillCommand.execute("drill", "--heal", "sometimes")).isEqualTo(2);
    assertThat(err()).contains("'sometimes' is not a heal policy; one of [never, auto, ask]");
    assertThat(SnapdrillCommand.execute("drill", "--replication-deadline", "soon")).isEqualTo(2);
    assertThat(err()).contains("'soon' is not a duration");
  }

  @Test
  void healDecisionNeedsAnOperator() {
    assertThat(SnapdrillCommand.execute("approve-heal", "drill-logs-x")).isEqualTo(2);
    assertThat(err()).contains("--operator");
  }

  @Test
  void auditLifecycleExitsOneOnAHazardZeroWhenSafeTwoOnBadJson(@TempDir Path dir) throws Exception {
    Path wholeBucket = dir.resolve("whole-bucket.json");
    Files.writeString(wholeBucket, """
        {"Rules":[{"ID":"expire-7d","Status":"Enabled","Filter":{},"Expiration":{"Days":7}}]}""");
    Path scoped = dir.resolve("scoped.json");
    Files.writeString(scoped, """
        {"Rules":[{"ID":"expire-7d","Status":"Enabled","Filter":{"Prefix":"auto-purge/"},"Expiration":{"Days":7}}]}""");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"Rules\":[{\"ID\":\"x\",\"Status\":\"Maybe\"}]}");

    assertThat(SnapdrillCommand.execute("audit-lifecycle", "--file", wholeBucket.toString(), "--prefix", "prod/logs")).isEqualTo(1);
    assertThat(out()).contains("HAZARD  rule 'expire-7d'", "except 'prod/'").doesNotContain("auto-purge/");
    assertThat(SnapdrillCommand.execute("audit-lifecycle", "--file", scoped.toString(), "--prefix", "prod/logs")).isEqualTo(0);
    assertThat(out()).contains("SAFE    rule 'expire-7d'");
    assertThat(SnapdrillCommand.execute("audit-lifecycle", "--file", broken.toString(), "--prefix", "prod/logs")).isEqualTo(2);
    assertThat(err()).contains("Rules[0].Status: 'Maybe' is neither Enabled nor Disabled");
  }
}
