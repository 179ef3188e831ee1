package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.node.DistributionInstaller;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.NodeOptions;
import io.snapdrill.worker.SnapdrillCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code snapdrill restore --to} on real nodes: local mode's stack (S3 server with primary and replica
 * buckets, replication, a source Elasticsearch 8.19 node with a snapshot) and a second, standing
 * Elasticsearch node, the target, reading a copy of the replica bucket as an fs repository. A target
 * with an open index of a snapshot index's name is refused and keeps its index; --close-existing
 * replaces it; a rename restores beside it. Each run goes through the CLI on the embedded service.
 */
class FailoverRestoreEndToEndTest {
  private static final String SNAPSHOT = "failover-snapshot";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path tmp;
  static LocalStack stack;
  static LocalNode target;
  static Path config;
  static Path reports;

  @BeforeAll
  static void startSourceAndStandingTarget() throws IOException {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    reports = tmp.resolve("reports");
    stack = LocalStack.start(new LocalStack.Settings(Product.ELASTICSEARCH, LocalScenario.HAPPY, 0.02,
        tmp.resolve("stack"), reports), line -> { });
    stack.takeSnapshot(SNAPSHOT);
    stack.awaitReplicated(Duration.ofMinutes(2));

    Path replicaCopy = tmp.resolve("target-repo").resolve("replica-of-local");
    copyReplica(stack.config().clusters().get(0).storage().replica(), replicaCopy);
    target = new LocalNodeLauncher(DistributionInstaller.defaults(), tmp.resolve("target"))
        .start(NodeOptions.of(NodeDistribution.ELASTICSEARCH_8, "standing-dr").withPathRepo(replicaCopy.getParent())
            .boundToThisJvm());
    config = writeConfig(replicaCopy);
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void refusesAnOpenIndexThenReplacesItWithCloseExistingThenRestoresBesideItUnderARename() throws Exception {
    // as many shards as the snapshot's orders: a restore overwrites a closed index only then
    http("PUT", "/orders", "{\"settings\":{\"number_of_shards\":2,\"number_of_replicas\":0}}");
    http("PUT", "/orders/_doc/mine?refresh=true", "{\"note\":\"the target's own document\"}");
    long sourceOrders = count(stack.config().clusters().get(0).endpoint(), "orders");
    assertThat(sourceOrders).isGreaterThan(1);

    Run refused = restore();
    assertThat(refused.exit).as(refused.output).isEqualTo(1);
    assertThat(refused.output).contains("TARGET_INDICES_OPEN", "cluster dr has 1 open index(es) this restore would overwrite: orders",
        "--close-existing");
    assertThat(count(target.httpEndpoint(), "orders")).as("the target's own index is untouched").isEqualTo(1);
    assertThat(http("GET", "/_cat/indices/customers?format=json", null)).as("nothing was restored").isNull();
    JsonNode refusedReport = report(refused);
    assertThat(refusedReport.path("failureType").asText()).isEqualTo("TARGET_INDICES_OPEN");
    assertThat(stage(refusedReport, "CHECK_CONFLICTS")).isEqualTo("FAILED");
    assertThat(stage(refusedReport, "RESTORE")).isEqualTo("SKIPPED");

    // the replica repository is registered read-only, under Snapdrill's own name
    JsonNode repository = JSON.readTree(http("GET", "/_snapshot/snapdrill-replica-local", null));
    assertThat(repository.path("snapdrill-replica-local").path("settings").path("readonly").asText()).isEqualTo("true");

    Run replaced = restore("--close-existing");
    assertThat(replaced.exit).as(replaced.output).isZero();
    // the follower's stage lines (with the failover's percentage while it polled)
    assertThat(replaced.output).containsPattern("RESTORE +(\\d+%  )?PASSED  restored 3 indices");
    assertThat(count(target.httpEndpoint(), "orders")).isEqualTo(sourceOrders);
    JsonNode passed = report(replaced);
    assertThat(passed.path("outcome").asText()).isEqualTo("PASSED");
    for (JsonNode stage : passed.path("stages")) {
      assertThat(stage.path("status").asText()).as(stage.path("stage").asText()).isEqualTo("PASSED");
    }
    assertThat(passed.path("stages")).extracting(s -> s.path("stage").asText()).containsExactly(
        "SNAPSHOT", "CONFIRM_REPLICATION", "REGISTER_REPOSITORY", "CHECK_CONFLICTS", "RESTORE", "VERIFY", "REPORT");
    assertThat(passed.path("warnings").toString()).contains("closed 1 open index(es) on cluster dr", "orders");
    assertThat(passed.path("verification").toString()).contains("orders", "customers", "logs-app");

    Run renamed = restore("--rename-pattern", "(.+)", "--rename-replacement", "failover-$1");
    assertThat(renamed.exit).as(renamed.output).isZero();
    assertThat(count(target.httpEndpoint(), "failover-orders")).isEqualTo(sourceOrders);
    assertThat(count(target.httpEndpoint(), "orders")).as("the earlier restore stays as it was").isEqualTo(sourceOrders);
    assertThat(report(renamed).path("verification").toString()).contains("failover-customers");
  }

  private record Run(int exit, String output) {}

  private static Run restore(String... options) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("restore", "--config", config.toString(),
        "--cluster", "local", "--snapshot", SNAPSHOT, "--to", "dr"));
    args.addAll(java.util.List.of(options));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      int exit = SnapdrillCommand.execute(args.toArray(String[]::new));
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static JsonNode report(Run run) throws IOException {
    Matcher json = Pattern.compile("(\\S+drill-report\\.json)").matcher(run.output);
    assertThat(json.find()).as("report path in " + run.output).isTrue();
    return JSON.readTree(Path.of(json.group(1)).toFile());
  }

  private static String stage(JsonNode report, String name) {
    for (JsonNode stage : report.path("stages")) {
      if (name.equals(stage.path("stage").asText())) {
        return stage.path("status").asText();
      }
    }
    return null;
  }

  /** The replica bucket's repository, as files: what a DR cluster's nodes would read from a mount of it. */
  private static void copyReplica(BucketConfig replica, Path directory) throws IOException {
    Files.createDirectories(directory);
    try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(replica.endpoint())).forcePathStyle(true)
        .region(Region.of(replica.region())).httpClientBuilder(ApacheHttpClient.builder()).build()) {
      for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(replica.bucket()).prefix(replica.keyPrefix())).contents()) {
        Path file = directory.resolve(object.key().substring(replica.keyPrefix().length()));
        Files.createDirectories(file.getParent());
        Files.write(file, s3.getObjectAsBytes(b -> b.bucket(replica.bucket()).key(object.key())).asByteArray());
      }
    }
    try (var paths = Files.walk(directory)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  private static Path writeConfig(Path replicaCopy) throws IOException {
    var source = stack.config().clusters().get(0);
    BucketConfig primary = source.storage().primary();
    BucketConfig replica = source.storage().replica();
    Path file = tmp.resolve("snapdrill.yaml");
    Files.writeString(file, """
        clusters:
          - name: local
            product: elasticsearch
            endpoint: %s
            repository: %s
            storage:
              primary: {bucket: %s, prefix: %s, region: us-east-1, endpoint: "%s", pathStyle: true}
              replica: {bucket: %s, prefix: %s, region: us-west-2, endpoint: "%s", pathStyle: true}
          - name: dr
            product: elasticsearch
            endpoint: %s
            repository: dr-backups
            storage:
              primary: {bucket: dr-primary, region: us-west-2}
              replica: {bucket: dr-replica, region: us-east-1}
            restoreTarget: {replicaRepository: fs, location: "%s"}
        restoreHost: {provider: local, workDirectory: "%s"}
        drill: {replicationDeadline: 2m, replicationFirstBackoff: 2s, replicationMaxBackoff: 10s}
        reports: {directory: "%s"}
        """.formatted(source.endpoint(), source.repository(), primary.bucket(), primary.prefix(), primary.endpoint(),
        replica.bucket(), replica.prefix(), replica.endpoint(), target.httpEndpoint(), replicaCopy,
        tmp.resolve("restore-hosts"), reports));
    return file;
  }

  private static long count(String endpoint, String index) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + index + "/_count")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("count").asLong();
  }

  /** A request to the target; null on 404. */
  private static String http(String method, String path, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(target.httpEndpoint() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return null;
    }
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
    return response.body();
  }
}
