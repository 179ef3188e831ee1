package io.snapdrill.worker.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapdrill.activities.config.AlertWebhookConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.SecretRef;
import io.snapdrill.activities.config.DrillDefaults;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.config.TriggerConfig;
import io.snapdrill.activities.blob.RequestCounter;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.worker.SnapdrillCommand;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.metrics.DrillMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The repository sentinel: a delete marker on a blob a retained snapshot needs (the Rewind incident as it
 * happens) is an alert naming the key and the snapshots it breaks, seconds after the event; a removal
 * no snapshot cares about passes quietly. On a real repository Elasticsearch 8.19 wrote, in a versioned
 * bucket of the local S3 server.
 */
class RepositorySentinelTest {
  private static final String PREFIX = "es/prod/";

  @TempDir Path tmp;

  private static String removedEvent(String eventName, String bucket, String key) {
    return """
        {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
          "eventTime": "2026-12-02T08:30:00.000Z", "eventName": "%s",
          "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": "%s", "arn": "arn:aws:s3:::%s"},
                 "object": {"key": "%s", "versionId": "3HL4kqtJvjVBH40Nrjfkd", "sequencer": "0055AED6DCD90281E5"}}}]}
        """.formatted(eventName, bucket, bucket, URLEncoder.encode(key, StandardCharsets.UTF_8));
  }

  private static SnapdrillConfig config(String bucket, Path deadLetters) {
    return config(bucket, deadLetters, HealPolicy.NEVER);
  }

  private static SnapdrillConfig config(String bucket, Path deadLetters, HealPolicy heal) {
    return config(bucket, deadLetters, heal, null);
  }

  private static SnapdrillConfig config(String bucket, Path deadLetters, HealPolicy heal, AlertWebhookConfig webhook) {
    S3MockServer server = S3MockServer.shared();
    ClusterConfig cluster = new ClusterConfig("logs-prod", Product.ELASTICSEARCH, "http://127.0.0.1:9", null, null,
        "backups", null, new StorageConfig(StorageFixtures.bucket(server.endpoint(), bucket, PREFIX), null, null, null),
        null, null);
    return new SnapdrillConfig(List.of(cluster), null, new DrillDefaults(heal, null, null, null, null, null), null, null,
        new TriggerConfig(null, null, null, deadLetters.toString(), null, 1, null, webhook), null);
  }

  /** A metadata blob snap-1 needs, as the repository's own metadata names it. */
  /** A versioned bucket holding the repository; a copy, since from this module the fixtures sit in a test-jar. */
  private String repositoryIn(S3Client s3, String purpose) {
    S3MockServer server = S3MockServer.shared();
    String bucket = StorageFixtures.uniqueBucket(purpose);
    server.createVersionedBucket(s3, bucket);
    RepositoryBuckets.upload(s3, repo(), bucket, PREFIX);
    return bucket;
  }

  private Path repo() {
    Path repo = tmp.resolve("repo");
    return Files.isDirectory(repo) ? repo : FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, repo);
  }

  private String neededBySnap1() {
    return PREFIX + FixtureRepositories.indexMetadataNeededBy(repo(), "snap-1");
  }

  @Test
  void aDeleteMarkerOnABlobSnapshotsNeedIsAnAlertAndAStrayRemovalPassesQuietly() {
    S3Client s3 = S3MockServer.shared().client();
    String bucket = repositoryIn(s3, "sentinel");
    String needed = neededBySnap1();
    String stray = PREFIX + "indices/not-an-index/0/__stray";
    s3.putObject(b -> b.bucket(bucket).key(stray), RequestBody.fromString("left over"));
    s3.deleteObject(b -> b.bucket(bucket).key(needed));
    s3.deleteObject(b -> b.bucket(bucket).key(stray));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TriggerHandler handler = Triggers.handler(config(bucket, tmp.resolve("dead-letters")), null, "snapdrill", null,
        StorageFixtures.clients(), new DrillMetrics(registry, Clock.systemUTC()));

    TriggerHandler.Outcome rewind = handler.handle("m1", removedEvent("LifecycleExpiration:DeleteMarkerCreated", bucket, needed));

    assertThat(rewind.acknowledged()).isTrue();
    assertThat(rewind.alerts()).singleElement().asString()
        .contains("REPOSITORY ALERT", needed, "HIDDEN_BY_DELETE_MARKER", "snap-1", "logs-prod", "primary")
        .contains("snapdrill inspect-repo s3://" + bucket + "/" + PREFIX);
    assertThat(registry.get("snapdrill_repository_hidden_blobs").tags("cluster", "logs-prod", "copy", "primary")
        .counter().count()).isEqualTo(1.0);

    TriggerHandler.Outcome quiet = handler.handle("m2", removedEvent("ObjectRemoved:DeleteMarkerCreated", bucket, stray));

    assertThat(quiet.acknowledged()).isTrue();
    assertThat(quiet.alerts()).isEmpty();
    assertThat(quiet.ignored()).singleElement().asString().contains(stray, "no snapshot needs it");
  }

  /**
   * Elasticsearch deleting a snapshot sends one event per blob it removes: once the repository was read at a
   * root generation, an event on a key no snapshot needs costs the root listing and index.latest, not the
   * whole repository; a key a snapshot needs is still judged on a full read, and alerts.
   */
  @Test
  void afterOneReadRemovalsNoSnapshotNeedsCostTwoRequests() {
    S3Client s3 = S3MockServer.shared().client();
    String bucket = repositoryIn(s3, "sentinel-cache");
    String needed = neededBySnap1();
    List<String> strays = List.of(PREFIX + "indices/gone/0/__a", PREFIX + "indices/gone/0/__b", PREFIX + "snap-gone.dat");
    for (String stray : strays) {
      s3.putObject(b -> b.bucket(bucket).key(stray), RequestBody.fromString("a deleted snapshot's blob"));
    }
    s3.deleteObject(b -> b.bucket(bucket).key(needed));
    strays.forEach(stray -> s3.deleteObject(b -> b.bucket(bucket).key(stray)));
    RequestCounter counter = new RequestCounter();
    TriggerHandler handler = Triggers.handler(config(bucket, tmp.resolve("dead-letters")), null, "snapdrill", null,
        StorageFixtures.clients(counter), null);

    assertThat(handler.handle("m0", removedEvent("ObjectRemoved:DeleteMarkerCreated", bucket, needed)).alerts()).hasSize(1);
    long fullRead = counter.total();
    counter.reset();
    for (String stray : strays) {
      TriggerHandler.Outcome quiet = handler.handle(stray, removedEvent("ObjectRemoved:DeleteMarkerCreated", bucket, stray));
      assertThat(quiet.alerts()).isEmpty();
      assertThat(quiet.ignored()).singleElement().asString().contains("no snapshot needs it");
    }

    assertThat(counter.count("ListObjectVersions")).isZero();
    assertThat(counter.total()).isEqualTo(2L * strays.size()).isLessThan(fullRead);
    counter.reset();
    assertThat(handler.handle("m9", removedEvent("ObjectRemoved:DeleteMarkerCreated", bucket, needed)).alerts())
        .singleElement().asString().contains("HIDDEN_BY_DELETE_MARKER", "snap-1");
    assertThat(counter.count("ListObjectVersions")).isEqualTo(1);
  }

  /** With drill.heal auto the sentinel removes the markers at once: the alert says so, and the blob reads again. */
  @Test
  void withHealAutoTheHiddenBlobIsHealedAtOnce() {
    S3Client s3 = S3MockServer.shared().client();
    String bucket = repositoryIn(s3, "sentinel-heal");
    String needed = neededBySnap1();
    s3.deleteObject(b -> b.bucket(bucket).key(needed));
    TriggerHandler handler = Triggers.handler(config(bucket, tmp.resolve("dead-letters"), HealPolicy.AUTO), null,
        "snapdrill", null, StorageFixtures.clients(), null);

    TriggerHandler.Outcome outcome = handler.handle("m1", removedEvent("ObjectRemoved:DeleteMarkerCreated", bucket, needed));

    assertThat(outcome.alerts()).singleElement().asString()
        .contains("REPOSITORY ALERT", needed, "healed (drill.heal auto): removed 1 delete marker(s), version ");
    assertThat(s3.headObject(b -> b.bucket(bucket).key(needed)).contentLength()).isPositive();
  }

  /** A webhook on loopback that records what it was sent and answers with the given status. */
  private record Hook(HttpServer server, List<String> bodies, List<String> tokens) implements AutoCloseable {
    static Hook answering(int status) throws Exception {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      List<String> bodies = new CopyOnWriteArrayList<>();
      List<String> tokens = new CopyOnWriteArrayList<>();
      server.createContext("/hooks/snapdrill", exchange -> {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
      });
      server.start();
      return new Hook(server, bodies, tokens);
    }

    AlertWebhookConfig config() {
      return new AlertWebhookConfig("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/snapdrill",
          SecretRef.inline("hook-token"));
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** The alert reaches the configured webhook: one line for chat, the facts as fields, the bearer token. */
  @Test
  void theAlertIsPostedToTheWebhookAndAStrayRemovalIsNot() throws Exception {
    S3Client s3 = S3MockServer.shared().client();
    String bucket = repositoryIn(s3, "sentinel-hook");
    String needed = neededBySnap1();
    String stray = PREFIX + "indices/not-an-index/0/__stray";
    s3.putObject(b -> b.bucket(bucket).key(stray), RequestBody.fromString("left over"));
    s3.deleteObject(b -> b.bucket(bucket).key(needed));
    s3.deleteObject(b -> b.bucket(bucket).key(stray));
    try (Hook hook = Hook.answering(204)) {
      TriggerHandler handler = Triggers.handler(config(bucket, tmp.resolve("dead-letters"), HealPolicy.NEVER,
          hook.config()), null, "snapdrill", null, StorageFixtures.clients(), null);

      handler.handle("m1", removedEvent("LifecycleExpiration:DeleteMarkerCreated", bucket, needed));
      handler.handle("m2", removedEvent("ObjectRemoved:DeleteMarkerCreated", bucket, stray));

      assertThat(hook.bodies()).hasSize(1);
      JsonNode posted = new ObjectMapper().readTree(hook.bodies().get(0));
      assertThat(posted.path("text").asText()).startsWith("REPOSITORY ALERT").contains(needed, "snap-1");
      JsonNode alert = posted.path("alert");
      assertThat(alert.path("type").asText()).isEqualTo("REPOSITORY_ALERT");
      assertThat(alert.path("cluster").asText()).isEqualTo("logs-prod");
      assertThat(alert.path("copy").asText()).isEqualTo("primary");
      assertThat(alert.path("bucket").asText()).isEqualTo(bucket);
      assertThat(alert.path("key").asText()).isEqualTo(needed);
      assertThat(alert.path("state").asText()).isEqualTo("HIDDEN_BY_DELETE_MARKER");
      assertThat(alert.path("snapshots").toString()).contains("snap-1");
      assertThat(hook.tokens()).containsExactly("Bearer hook-token");
    }
  }

  /** A webhook that refuses is tried a few times, then counted; the event is still acknowledged, the alert logged. */
  @Test
  void aRefusingWebhookIsRetriedThenCountedAndTheEventStillAcknowledged() throws Exception {
    S3Client s3 = S3MockServer.shared().client();
    String bucket = repositoryIn(s3, "sentinel-hook-down");
    String needed = neededBySnap1();
    s3.deleteObject(b -> b.bucket(bucket).key(needed));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Hook hook = Hook.answering(503)) {
      TriggerHandler handler = Triggers.handler(config(bucket, tmp.resolve("dead-letters"), HealPolicy.NEVER,
          hook.config()), null, "snapdrill", null, StorageFixtures.clients(), new DrillMetrics(registry, Clock.systemUTC()));

      TriggerHandler.Outcome outcome = handler.handle("m1", removedEvent("ObjectRemoved:DeleteMarkerCreated", bucket, needed));

      assertThat(outcome.acknowledged()).isTrue();
      assertThat(outcome.alerts()).singleElement().asString().contains("REPOSITORY ALERT", needed);
      assertThat(hook.bodies()).hasSize(AlertWebhook.ATTEMPTS);
      assertThat(registry.get("snapdrill_alert_webhook_failures").counter().count()).isEqualTo(1.0);
      assertThat(registry.get("snapdrill_repository_hidden_blobs").counter().count()).isEqualTo(1.0);
    }
  }

  @Test
  void theTriggerCommandExitsWithTheAlertCode() throws Exception {
    S3Client s3 = S3MockServer.shared().client();
    String bucket = repositoryIn(s3, "sentinel-cli");
    String needed = neededBySnap1();
    s3.deleteObject(b -> b.bucket(bucket).key(needed));
    Path config = Files.writeString(tmp.resolve("snapdrill.yaml"), """
        clusters:
          - name: logs-prod
            product: elasticsearch
            endpoint: http://127.0.0.1:9
            repository: backups
            storage:
              primary: {bucket: %s, prefix: "es/prod", region: us-east-1, endpoint: "%s", pathStyle: true}
              replica: {bucket: %s-dr, prefix: "es/prod", region: us-west-2, endpoint: "%s", pathStyle: true}
        triggers:
          deadLetterDirectory: %s
        """.formatted(bucket, S3MockServer.shared().endpoint(), bucket, S3MockServer.shared().endpoint(),
            tmp.resolve("dead-letters")));
    Path event = Files.writeString(tmp.resolve("event.json"), removedEvent("ObjectRemoved:DeleteMarkerCreated", bucket, needed));
    // the command's own clients use the SDK's default credential chain; the local server takes any key
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    try {
      assertThat(SnapdrillCommand.execute("trigger", "--config", config.toString(), "--event-file", event.toString()))
          .isEqualTo(ExitCode.REPOSITORY_ALERT);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
