package io.snapdrill.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.cluster.RepositoryEnsurer.Difference;
import io.snapdrill.activities.cluster.RepositoryEnsurer.Outcome;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.RepositorySettings;
import io.snapdrill.activities.config.RepositoryType;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code repository ensure} against real Elasticsearch 8 and 7 and OpenSearch 2 nodes. The integ-test
 * zips carry no repository-s3 plugin, so these are {@code fs} repositories under the node's
 * {@code path.repo}; the calls (GET, PUT, _verify) are the ones an s3 repository gets.
 */
class RepositoryEnsureNodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<NodeDistribution> distributions() {
    return Stream.of(NodeDistribution.ELASTICSEARCH_8, NodeDistribution.ELASTICSEARCH_7, NodeDistribution.OPENSEARCH_2);
  }

  private static ClusterConfig cluster(LocalNode node, String repository, Path location, boolean readonly) {
    ClusterConfig base = ClusterFixtures.cluster("ensure", node, List.of("*"));
    return new ClusterConfig(base.name(), base.product(), base.endpoint(), AuthConfig.NONE, null, repository, base.snapshot(),
        base.storage(), base.restore(), base.verification(),
        new RepositorySettings(repository, RepositoryType.FS, null, null, readonly, location.toString()), null);
  }

  private static RepositoryEnsurer.Result ensure(ClusterConfig cluster, boolean force) {
    try (ClusterConnection connection = ClusterConnection.open(cluster)) {
      return RepositoryEnsurer.ensure(connection, RepositoryRegistration.of(cluster, "clusters[0]"), force);
    }
  }

  private static JsonNode registered(LocalNode node, String repository) throws Exception {
    return JSON.readTree(ClusterFixtures.request(node, "GET", "/_snapshot/" + repository, null)).path(repository);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void registersThenLeavesAloneThenRefusesOtherSettingsUnlessForced(NodeDistribution distribution) throws Exception {
    LocalNode node = SharedNodes.source(distribution);
    String name = "ensure-" + UUID.randomUUID().toString().substring(0, 8);
    // a directory the node creates itself: as root the node runs as another user
    Path location = node.pathRepo().resolve(name);

    RepositoryEnsurer.Result first = ensure(cluster(node, name, location, false), false);
    assertThat(first.outcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(first.verification().failure()).isNull();
    assertThat(first.verification().nodes()).containsExactly(node.name());
    assertThat(registered(node, name).path("type").asText()).isEqualTo("fs");
    assertThat(registered(node, name).path("settings").path("location").asText()).isEqualTo(location.toString());

    RepositoryEnsurer.Result again = ensure(cluster(node, name, location, false), false);
    assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(again.ok()).isTrue();

    RepositoryEnsurer.Result readonly = ensure(cluster(node, name, location, true), false);
    assertThat(readonly.outcome()).isEqualTo(Outcome.DIFFERS);
    assertThat(readonly.differences()).containsExactly(new Difference("readonly", null, "true"));
    assertThat(registered(node, name).path("settings").has("readonly")).as("left as it was").isFalse();

    RepositoryEnsurer.Result forced = ensure(cluster(node, name, location, true), true);
    assertThat(forced.outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(forced.ok()).as(String.valueOf(forced.verification())).isTrue();
    assertThat(registered(node, name).path("settings").path("readonly").asText()).isEqualTo("true");
    assertThat(ensure(cluster(node, name, location, true), false).outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void aRepositoryItsNodesCannotWriteFailsVerificationWithTheNodesReason(NodeDistribution distribution) throws Exception {
    LocalNode node = SharedNodes.source(distribution);
    String name = "unwritable-" + UUID.randomUUID().toString().substring(0, 8);
    Path location = node.pathRepo().resolve(name);
    // a file where the repository's directory should be: no node can create blobs under it
    Files.writeString(location, "not a directory");

    RepositoryEnsurer.Result result;
    try {
      result = ensure(cluster(node, name, location, false), false);
    } catch (RepositoryEnsurer.RegistrationRefused refusedAtOnce) {
      // some versions open the blob store while registering: the refusal then names the reason
      assertThat(refusedAtOnce).hasMessageContaining(name);
      return;
    }
    assertThat(result.ok()).isFalse();
    assertThat(result.verification().failure()).startsWith("HTTP 500").contains(name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void aLocationOutsidePathRepoIsRefusedWithTheNodesReason(NodeDistribution distribution) {
    LocalNode node = SharedNodes.source(distribution);
    String name = "outside-" + UUID.randomUUID().toString().substring(0, 8);

    assertThatThrownBy(() -> ensure(cluster(node, name, Path.of("/var/tmp", name), false), false))
        .isInstanceOf(RepositoryEnsurer.RegistrationRefused.class)
        .hasMessageContaining("refused to register repository '" + name + "'")
        .hasMessageContaining("path.repo");
  }
}
