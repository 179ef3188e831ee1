package io.snapdrill.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.RestoreConfig;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamingAndPatternsTest {

  @Test
  void theSnapshotNameIsTheSameForEveryAttemptOfADrillAndDiffersBetweenDrills() {
    Instant scheduled = Instant.parse("2026-11-22T05:09:03Z");
    String first = SourceClusterActivitiesImpl.snapshotName("Snapdrill-{date}-{drill}", "drill/cluster-a/2026", scheduled);
    assertThat(first).isEqualTo(SourceClusterActivitiesImpl.snapshotName("Snapdrill-{date}-{drill}", "drill/cluster-a/2026", scheduled));
    assertThat(first).matches("snapdrill-2026\\.11\\.22-05\\.09\\.03-[0-9a-f]{10}");
    assertThat(SourceClusterActivitiesImpl.snapshotName("Snapdrill-{date}-{drill}", "drill/cluster-b/2026", scheduled)).isNotEqualTo(first);
  }

  @Test
  void indexPatternsIncludeAndExcludeInOrder() {
    assertThat(IndexPatterns.matches(List.of("logs-*", "-logs-debug*"), "logs-2026")).isTrue();
    assertThat(IndexPatterns.matches(List.of("logs-*", "-logs-debug*"), "logs-debug-1")).isFalse();
    assertThat(IndexPatterns.matches(List.of("logs-*,metrics"), "metrics")).isTrue();
    assertThat(IndexPatterns.matches(List.of("*"), "anything")).isTrue();
    assertThat(IndexPatterns.glob("a*c*e", "abcde")).isTrue();
    assertThat(IndexPatterns.glob("a.c", "abc")).isFalse();
  }

  @Test
  void restoreTargetsFollowIncludeExcludeAndRename() {
    var config = new RestoreConfig(List.of("logs-*", "orders"), List.of("logs-debug*"), "^(.*)$", "restored-$1", null);
    assertThat(RestoreClusterActivitiesImpl.targets(List.of("logs-1", "logs-debug-1", "orders", "users"), config))
        .containsExactly(Map.entry("logs-1", "restored-logs-1"), Map.entry("orders", "restored-orders"));
    var broken = new RestoreConfig(List.of("*"), List.of(), "(unclosed", "x", null);
    assertThatThrownBy(() -> RestoreClusterActivitiesImpl.targets(List.of("a"), broken))
        .isInstanceOf(ApplicationFailure.class).hasMessageContaining("restore.renamePattern '(unclosed'");
  }

  @Test
  void theReplicaIsRegisteredReadOnlyOnS3ForEc2Hosts() {
    Map<String, Object> body = ReplicaRepository.s3(new BucketConfig("dr-snapshots", "/prod/es/", "eu-west-1",
        "https://s3.eu-west-1.amazonaws.com", true));
    assertThat(body).containsEntry("type", "s3");
    assertThat(body.get("settings")).isEqualTo(Map.of("bucket", "dr-snapshots", "base_path", "prod/es", "client", "default",
        "readonly", true));
    assertThat(ReplicaRepository.s3ClientSettings(new BucketConfig("dr-snapshots", "/prod/es/", "eu-west-1",
        "https://s3.eu-west-1.amazonaws.com", true))).isEqualTo(Map.of("s3.client.default.region", "eu-west-1",
        "s3.client.default.endpoint", "https://s3.eu-west-1.amazonaws.com", "s3.client.default.path_style_access", "true"));
    assertThat(ReplicaRepository.fs("/srv/replica")).isEqualTo(Map.of("type", "fs",
        "settings", Map.of("location", "/srv/replica", "readonly", true)));
  }
}
