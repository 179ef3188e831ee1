package io.snapdrill.worker.trigger;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.config.TriggerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Two clusters: logs-prod in a prefix with a space ("prod/es repo"), billing at its bucket's root. */
final class TriggerTestConfig {
  private TriggerTestConfig() {}

  static SnapdrillConfig config(Path deadLetters) {
    return new SnapdrillConfig(List.of(
        cluster("logs-prod", "logs-snapshots", "prod/es repo"),
        cluster("billing", "billing-snapshots", "")),
        null, null, null, null,
        new TriggerConfig(null, null, null, deadLetters.toString(), null, 1, null), null);
  }

  private static ClusterConfig cluster(String name, String bucket, String prefix) {
    return new ClusterConfig(name, Product.ELASTICSEARCH, "http://127.0.0.1:1", null, null, "backups", null,
        new StorageConfig(new BucketConfig(bucket, prefix, "us-east-1", null, false),
            new BucketConfig(bucket + "-dr", prefix, "us-west-2", null, false), null, null),
        null, null);
  }

  static String event(String name) {
    try (InputStream in = TriggerTestConfig.class.getResourceAsStream("/events/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
