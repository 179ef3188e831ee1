package io.snapdrill.activities.cluster;

import io.snapdrill.activities.config.BucketConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body that registers the replica repository read-only on a restore host: {@code s3} on the bucket
 * replica for EC2 hosts, {@code fs} on a directory for local hosts. Only the source cluster writes to a
 * repository; every other cluster must register it read-only.
 */
public final class ReplicaRepository {
  private ReplicaRepository() {}

  /**
   * Repository settings only: Elasticsearch and OpenSearch read the region, endpoint and path style
   * from the node's {@code s3.client.default.*} settings ({@link #s3ClientSettings}), which the
   * restore host must be started with.
   */
  public static Map<String, Object> s3(BucketConfig replica) {
    return s3(replica, "default");
  }

  /** @param client the repository-s3 client of the reading cluster whose settings reach the replica's region */
  public static Map<String, Object> s3(BucketConfig replica, String client) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("bucket", replica.bucket());
    if (!replica.prefix().isEmpty()) {
      settings.put("base_path", replica.prefix());
    }
    settings.put("client", client);
    settings.put("readonly", true);
    return Map.of("type", "s3", "settings", settings);
  }

  /** Node settings (elasticsearch.yml / opensearch.yml) of an EC2 restore host reading the replica bucket. */
  public static Map<String, String> s3ClientSettings(BucketConfig replica) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("s3.client.default.region", replica.region());
    if (replica.endpoint() != null && !replica.endpoint().isBlank()) {
      settings.put("s3.client.default.endpoint", replica.endpoint());
    }
    if (replica.pathStyle()) {
      settings.put("s3.client.default.path_style_access", "true");
    }
    return settings;
  }

  public static Map<String, Object> fs(String location) {
    return Map.of("type", "fs", "settings", Map.of("location", location, "readonly", true));
  }
}
