package io.snapdrill.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RepositorySettings;
import io.snapdrill.activities.config.StorageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code repository ensure} registers on a self-managed cluster, and how a registered one compares. */
class RepositoryRegistrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ClusterConfig selfManaged(BucketConfig primary, RepositorySettings repository) {
    return new ClusterConfig("logs", Product.ELASTICSEARCH, "https://logs.example.com:9200", AuthConfig.NONE, null,
        repository.name(), null, new StorageConfig(primary, new BucketConfig("logs-dr", "prod/logs", "us-west-2", null, false),
            null, null), null, List.of(), repository, null);
  }

  @Test
  void aSelfManagedClusterRegistersBucketBasePathAndItsClientWhoseNodeSettingsHoldTheRegion() {
    RepositoryRegistration wanted = RepositoryRegistration.of(selfManaged(
        new BucketConfig("logs-snapshots", "prod/logs", "us-east-1", null, false),
        new RepositorySettings("s3-backups", null, null, "backups", true, null)), "clusters[0]");

    assertThat(wanted.body()).isEqualTo(Map.of("type", "s3", "settings",
        Map.of("bucket", "logs-snapshots", "base_path", "prod/logs", "client", "backups", "readonly", "true")));
    assertThat(wanted.settings()).as("region is a client setting on self-managed nodes, role_arn a domain's")
        .doesNotContainKeys("region", "role_arn");
    assertThat(wanted.nodeSettings()).containsExactly(Map.entry("s3.client.backups.region", "us-east-1"));
    assertThat(wanted.readonly()).isTrue();
  }

  @Test
  void theDefaultClientIsNotNamedAndAnS3CompatibleEndpointIsANodeSetting() {
    RepositoryRegistration wanted = RepositoryRegistration.of(selfManaged(
        new BucketConfig("logs-snapshots", "", "us-east-1", "http://127.0.0.1:9090", true),
        RepositorySettings.named("s3-backups")), "clusters[0]");

    assertThat(wanted.settings()).containsExactly(Map.entry("bucket", "logs-snapshots"));
    assertThat(wanted.nodeSettings()).containsExactly(Map.entry("s3.client.default.region", "us-east-1"),
        Map.entry("s3.client.default.endpoint", "http://127.0.0.1:9090"),
        Map.entry("s3.client.default.path_style_access", "true"));
  }

  @Test
  void registeredSettingsCompareAsTheClusterAnswersThem() throws Exception {
    RepositoryRegistration wanted = RepositoryRegistration.of(selfManaged(
        new BucketConfig("logs-snapshots", "prod/logs", "us-east-1", null, false),
        RepositorySettings.named("s3-backups")), "clusters[0]");

    assertThat(RepositoryEnsurer.differences(JSON.readTree("""
        {"type": "s3", "settings": {"bucket": "logs-snapshots", "base_path": "prod/logs", "readonly": "false"}}"""), wanted))
        .as("readonly false is no readonly").isEmpty();
    assertThat(RepositoryEnsurer.differences(JSON.readTree("""
        {"type": "fs", "settings": {"location": "/mnt/x", "compress": "true", "s3": {"bucket": "x"}}}"""), wanted))
        .containsExactly(
            new RepositoryEnsurer.Difference("type", "fs", "s3"),
            new RepositoryEnsurer.Difference("bucket", null, "logs-snapshots"),
            new RepositoryEnsurer.Difference("base_path", null, "prod/logs"),
            new RepositoryEnsurer.Difference("location", "/mnt/x", null),
            new RepositoryEnsurer.Difference("compress", "true", null),
            new RepositoryEnsurer.Difference("s3.bucket", "x", null));
  }
}
