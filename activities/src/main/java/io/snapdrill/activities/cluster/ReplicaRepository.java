package io.snapdrill.activities.cluster;

import io.snapdrill.activities.config.BucketConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body that registers the replica repository read-only on a restore host: {@code s3} on the bucket
 * replica for EC2 hosts, {@code fs} on a directory for local hosts. Only the source cluster writes to a
 * repository; every other cluster must register it read-only.
 */
final class ReplicaRepository {
  private ReplicaRepository() {}

  static Map<String, Object> s3(BucketConfig replica) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("bucket", replica.bucket());
    if (!replica.prefix().isEmpty()) {
      settings.put("base_path", replica.prefix());
    }
    settings.put("readonly", true);
    // Elasticsearch 8 reads region, endpoint and path style from the node's s3.client.default.*
    // settings (the host's launch template writes them); OpenSearch and 7.x also accept them here.
    if (replica.region() != null) {
      settings.put("region", replica.region());
    }
    if (replica.endpoint() != null && !replica.endpoint().isBlank()) {
      settings.put("endpoint", replica.endpoint());
    }
    if (replica.pathStyle()) {
      settings.put("path_style_access", true);
    }
    return Map.of("type", "s3", "settings", settings);
  }

  static Map<String, Object> fs(String location) {
    return Map.of("type", "fs", "settings", Map.of("location", location, "readonly", true));
  }
}
