package io.snapdrill.activities.host.ec2;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreHostConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.model.SnapshotInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

final class Ec2TestConfig {
  static final String CLUSTER = "logs";

  private Ec2TestConfig() {}

  static ClusterDirectory directory(List<String> types, List<String> subnets, boolean onDemandFallback) {
    return directory(types, subnets, onDemandFallback, null);
  }

  static ClusterDirectory directory(List<String> types, List<String> subnets, boolean onDemandFallback,
      Integer rootVolumeGiB) {
    RestoreHostConfig host = RestoreHostConfig.onEc2(new RestoreHostConfig.Ec2Settings("us-west-2", types, subnets,
        List.of("sg-restore"), "snapdrill-restore-host", null, null, null, onDemandFallback, Duration.ofHours(6), null,
        rootVolumeGiB, Map.of("m6i.xlarge", 0.192, "r6i.xlarge", 0.252)));
    ClusterConfig cluster = new ClusterConfig(CLUSTER, Product.ELASTICSEARCH, "http://127.0.0.1:1", null, null, "backups",
        null,
        new StorageConfig(new BucketConfig("snapshots-primary", "es", "us-east-1", null, false),
            new BucketConfig("snapshots-replica", "es", "us-west-2", null, false), null, null),
        null, null);
    return new ClusterDirectory(new SnapdrillConfig(List.of(cluster), host, null, null, null));
  }

  static SnapshotInfo snapshot() {
    return new SnapshotInfo("backups", "nightly-2026.11.22", "Xh3_uuid", "SUCCESS", Instant.parse("2026-11-22T01:00:00Z"),
        Instant.parse("2026-11-22T01:05:00Z"), List.of("logs-1"), "elasticsearch", "8.15.3");
  }
}
