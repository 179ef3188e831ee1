package io.snapdrill.activities.cluster;

import static io.snapdrill.activities.cluster.ActivityFailures.failureOf;
import static io.snapdrill.activities.cluster.ClusterFixtures.createIndex;
import static io.snapdrill.activities.cluster.ClusterFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.host.RestoreHostLease;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotAndRestoreFailuresTest {
  private TestActivityEnvironment env;

  static Stream<NodeDistribution> distributions() {
    return Stream.of(NodeDistribution.ELASTICSEARCH_8, NodeDistribution.OPENSEARCH_2);
  }

  @AfterEach
  void close() {
    if (env != null) {
      env.close();
    }
  }

  private <T> T activities(Class<T> type, Object implementation) {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(implementation);
    return ClusterFixtures.stub(env, type);
  }

  private static String prefix(String what, NodeDistribution d) {
    return what + "-" + d.artifactId().charAt(0) + d.majorVersion();
  }

  @ParameterizedTest
  @MethodSource("distributions")
  void aSnapshotMissingAShardIsReportedPartialWithTheShardFailure(NodeDistribution distribution) {
    LocalNode source = SharedNodes.source(distribution);
    ClusterFixtures.ensureRepository(source);
    String prefix = prefix("partial", distribution);
    createIndex(source, prefix + "-healthy", 5);
    // a primary that can never be allocated: the index is red
    request(source, "PUT", "/" + prefix + "-red?wait_for_active_shards=0", "{\"settings\":{\"number_of_shards\":1,"
        + "\"number_of_replicas\":0,\"index.routing.allocation.require._name\":\"no-such-node\"}}");
    try {
      ClusterConfig cluster = ClusterFixtures.cluster(prefix, source, List.of(prefix + "-*"));
      SourceClusterActivities activities = activities(SourceClusterActivities.class,
          new SourceClusterActivitiesImpl(ClusterFixtures.directory(cluster)));

      ApplicationFailure failure = failureOf(() -> activities.takeSnapshot(new SnapshotRequest("drill-" + prefix, prefix, null)));

      assertThat(failure.getType()).isEqualTo("SNAPSHOT_PARTIAL");
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage()).contains("is PARTIAL: 1 of 2 shards failed: [" + prefix + "-red][0]");
    } finally {
      request(source, "DELETE", "/" + prefix + "-red", null);
    }
  }

  @ParameterizedTest
  @MethodSource("distributions")
  void aSnapshotIntoAReadOnlyRepositoryIsRefused(NodeDistribution distribution) {
    LocalNode source = SharedNodes.source(distribution);
    ClusterFixtures.ensureRepository(source);
    String prefix = prefix("readonly", distribution);
    createIndex(source, prefix + "-a", 3);
    request(source, "PUT", "/_snapshot/" + prefix + "-repo",
        "{\"type\":\"fs\",\"settings\":{\"location\":\"" + source.pathRepo() + "\",\"readonly\":true}}");
    ClusterConfig cluster = ClusterFixtures.cluster(prefix, distribution.product(), source.httpEndpoint(), AuthConfig.NONE, null,
        prefix + "-repo", List.of(prefix + "-*"), RestoreConfig.DEFAULTS, List.of());
    SourceClusterActivities activities = activities(SourceClusterActivities.class,
        new SourceClusterActivitiesImpl(ClusterFixtures.directory(cluster)));

    ApplicationFailure failure = failureOf(() -> activities.takeSnapshot(new SnapshotRequest("drill-" + prefix, prefix, null)));

    assertThat(failure.getType()).isEqualTo("SNAPSHOT_FAILED");
    assertThat(failure.getOriginalMessage())
        .startsWith("cluster '" + prefix + "' registered repository '" + prefix + "-repo' read-only, so it cannot take snapshot 'drill-")
        .contains("snapshot on the cluster that owns (writes) the repository");
  }

  @Test
  void aRetryResumesTheSnapshotNamedInTheLastHeartbeatInsteadOfTakingAnother() {
    LocalNode source = SharedNodes.elasticsearch();
    ClusterFixtures.ensureRepository(source);
    createIndex(source, "resume-a", 4);
    request(source, "PUT", "/_snapshot/" + ClusterFixtures.REPOSITORY + "/started-by-an-earlier-attempt?wait_for_completion=true",
        "{\"indices\":\"resume-*\",\"include_global_state\":false}");
    ClusterConfig cluster = ClusterFixtures.cluster("resume", source, List.of("resume-*"));
    SourceClusterActivities activities = activities(SourceClusterActivities.class,
        new SourceClusterActivitiesImpl(ClusterFixtures.directory(cluster)));
    env.setHeartbeatDetails(new SnapshotProgress("started-by-an-earlier-attempt", "IN_PROGRESS", 0, 1));

    SnapshotResult result = activities.takeSnapshot(new SnapshotRequest("drill-resume", "resume", null));

    assertThat(result.snapshot().name()).isEqualTo("started-by-an-earlier-attempt");
    assertThat(result.expectationsExact()).isFalse();
    assertThat(result.expectations()).singleElement().satisfies(e -> assertThat(e.documentCount()).isEqualTo(4));
    assertThat(request(source, "GET", "/_snapshot/" + ClusterFixtures.REPOSITORY + "/_all?verbose=false", null))
        .doesNotContain("drill-" + IndexProbe.sha256("drill-resume").substring(0, 10));
  }

  @ParameterizedTest
  @MethodSource("distributions")
  void aShardWhoseDataBlobIsGoneFailsTheRestore(NodeDistribution distribution) throws Exception {
    LocalNode source = SharedNodes.source(distribution);
    LocalNode restoreNode = SharedNodes.restore(distribution);
    ClusterFixtures.ensureRepository(source);
    String prefix = prefix("broken", distribution);
    createIndex(source, prefix + "-a", 25);
    ClusterConfig cluster = ClusterFixtures.cluster(prefix, source, List.of(prefix + "-*"));
    ClusterDirectory directory = ClusterFixtures.directory(cluster);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new SourceClusterActivitiesImpl(directory), new RestoreClusterActivitiesImpl(directory));
    SnapshotResult snapshot = ClusterFixtures.stub(env, SourceClusterActivities.class)
        .takeSnapshot(new SnapshotRequest("drill-" + prefix, prefix, null));
    // the index's data files exist only in this snapshot: removing them damages nothing else
    Path shard = indexDirectory(source.pathRepo(), prefix + "-a").resolve("0");
    try (Stream<Path> blobs = Files.list(shard)) {
      for (Path blob : blobs.filter(b -> b.getFileName().toString().startsWith("__")).toList()) {
        Files.delete(blob);
      }
    }
    RestoreClusterActivities restore = ClusterFixtures.stub(env, RestoreClusterActivities.class);

    ApplicationFailure failure = failureOf(() -> restore.restoreSnapshot(
        new RestoreRequest("drill-" + prefix, prefix, ClusterFixtures.localHost(restoreNode), snapshot.snapshot())));

    assertThat(failure.getType()).isEqualTo("RESTORE_FAILED");
    assertThat(failure.getOriginalMessage()).contains("failed for 1 shard(s): [" + prefix + "-a][0]");
  }

  @Test
  void aHostThatStopsAnsweringIsReportedLost() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ClusterConfig cluster = ClusterFixtures.cluster("lost", io.snapdrill.activities.config.Product.ELASTICSEARCH,
        "http://127.0.0.1:9", AuthConfig.NONE, null, ClusterFixtures.REPOSITORY, List.of("*"), RestoreConfig.DEFAULTS, List.of());
    RestoreClusterActivities activities = activities(RestoreClusterActivities.class,
        new RestoreClusterActivitiesImpl(ClusterFixtures.directory(cluster), Duration.ofSeconds(2), RestoreHostLease.NONE));
    RestoreHost gone = new RestoreHost("k", "ec2", "i-0123456789", "http://127.0.0.1:" + closedPort, "m6g.large", "eu-west-1a",
        true, 0.05, Instant.now());
    var snapshot = new io.snapdrill.model.SnapshotInfo(ClusterFixtures.REPOSITORY, "s", "u", "SUCCESS", null, null,
        List.of("logs-1"), "elasticsearch", "8.19.21");

    ApplicationFailure failure = failureOf(() -> activities.restoreSnapshot(new RestoreRequest("d", "lost", gone, snapshot)));

    assertThat(failure.getType()).isEqualTo("RESTORE_HOST_LOST");
    assertThat(failure.getOriginalMessage()).startsWith("restore host i-0123456789 at http://127.0.0.1:" + closedPort
        + " has not answered for 2s during the restore");
  }

  /** indices/<id> of an index in the repository's newest root blob (index-N, plain JSON). */
  private static Path indexDirectory(Path repository, String index) throws Exception {
    Path root;
    try (Stream<Path> files = Files.list(repository)) {
      root = files.filter(f -> f.getFileName().toString().matches("index-\\d+"))
          .max(java.util.Comparator.comparingLong(f -> Long.parseLong(f.getFileName().toString().substring(6)))).orElseThrow();
    }
    JsonNode data = new ObjectMapper().readTree(root.toFile());
    return repository.resolve("indices").resolve(data.path("indices").path(index).path("id").asText());
  }
}
