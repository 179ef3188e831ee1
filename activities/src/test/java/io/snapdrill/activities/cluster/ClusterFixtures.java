package io.snapdrill.activities.cluster;

import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.SnapshotConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.config.TlsConfig;
import io.snapdrill.activities.config.VerificationSpec;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.model.RestoreHost;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Configuration, HTTP and Temporal helpers shared by the cluster activity tests. */
final class ClusterFixtures {
  /** One fs repository per source node, at the root of its path.repo, which its restore node shares. */
  static final String REPOSITORY = "snapdrill-repo";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

  private ClusterFixtures() {}

  static ActivityOptions activityOptions() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setHeartbeatTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }

  static <T> T stub(TestActivityEnvironment env, Class<T> activities) {
    return env.newActivityStub(activities, activityOptions());
  }

  static void ensureRepository(LocalNode source) {
    if (REGISTERED.add(source.httpEndpoint())) {
      request(source, "PUT", "/_snapshot/" + REPOSITORY,
          "{\"type\":\"fs\",\"settings\":{\"location\":\"" + source.pathRepo() + "\"}}");
    }
  }

  static ClusterConfig cluster(String name, LocalNode node, List<String> indices) {
    return cluster(name, node.distribution().product(), node.httpEndpoint(), AuthConfig.NONE, null, REPOSITORY, indices,
        new RestoreConfig(indices, List.of(), null, null, "200mb"), List.of());
  }

  static ClusterConfig cluster(String name, Product product, String endpoint, AuthConfig auth, TlsConfig tls, String repository,
      List<String> indices, RestoreConfig restore, List<VerificationSpec> verification) {
    BucketConfig replica = new BucketConfig("replica-bucket", "snapshots", "eu-west-1", null, false);
    return new ClusterConfig(name, product, endpoint, auth, tls, repository,
        new SnapshotConfig("drill-{drill}-{date}", indices, false),
        new StorageConfig(new BucketConfig("primary-bucket", "snapshots", "us-east-1", null, false), replica, null, null),
        restore, verification);
  }

  static ClusterDirectory directory(ClusterConfig... clusters) {
    return new ClusterDirectory(new SnapdrillConfig(List.of(clusters), null, null, null, null));
  }

  static RestoreHost localHost(LocalNode node) {
    return new RestoreHost("host-key", "local", node.name(), node.httpEndpoint(), null, null, false, null, Instant.now());
  }

  /** Creates an index (one shard, no replica) holding {@code documents} small documents with ids doc-0, doc-1, ... */
  static void createIndex(LocalNode node, String index, int documents) {
    request(node, "PUT", "/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
        + "\"mappings\":{\"properties\":{\"title\":{\"type\":\"text\",\"fields\":{\"raw\":{\"type\":\"keyword\"}}},"
        + "\"n\":{\"type\":\"long\"},\"at\":{\"type\":\"date\"}}}}");
    StringBuilder bulk = new StringBuilder();
    for (int i = 0; i < documents; i++) {
      bulk.append("{\"index\":{\"_id\":\"doc-").append(i).append("\"}}\n")
          .append("{\"title\":\"document ").append(i).append(" of ").append(index).append("\",\"n\":").append(i)
          .append(",\"at\":\"2026-01-01T00:00:00Z\"}\n");
    }
    if (documents > 0) {
      request(node, "POST", "/" + index + "/_bulk?refresh=true", bulk.toString());
    }
  }

  static String request(LocalNode node, String method, String path, String body) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(node.httpEndpoint() + path))
          .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300 || response.body().contains("\"errors\":true")) {
        throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
