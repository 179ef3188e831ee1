package io.snapdrill.activities.cluster;

import static io.snapdrill.activities.cluster.ClusterFixtures.createIndex;
import static io.snapdrill.activities.cluster.ClusterFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.RestoreTargetConfig;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.model.FailoverLeftBehind;
import io.snapdrill.model.FailoverTargetRequest;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.TargetConflicts;
import io.snapdrill.workflows.activities.FailoverTargetActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The failover restore's calls to a standing target on real Elasticsearch 8 nodes: the source's shared
 * node writes an fs repository, the restore node (same path.repo) stands in for the DR cluster. What a
 * cancel does: only the indices still restoring from this snapshot are deleted, and what is left is named.
 */
class FailoverTargetActivitiesTest {
  private static final NodeDistribution ES8 = NodeDistribution.ELASTICSEARCH_8;
  private TestActivityEnvironment env;

  @AfterEach
  void close() {
    LocalNode standing = SharedNodes.standing(ES8);
    request(standing, "PUT", "/_cluster/settings", "{\"transient\":{\"indices.recovery.max_bytes_per_sec\":null}}");
    // by name: Elasticsearch 8 refuses to delete by wildcard
    request(standing, "DELETE", "/fo-big,fo-small,fo-unrelated?ignore_unavailable=true", null);
    env.close();
  }

  @Test
  void refusalFactsCloseAndAStoppedRestoreLeaveWhatTheySay() {
    LocalNode source = SharedNodes.source(ES8);
    LocalNode standing = SharedNodes.standing(ES8);
    ClusterFixtures.ensureRepository(source);
    createIndex(source, "fo-big", 3000);
    createIndex(source, "fo-small", 5);
    ClusterConfig sourceCluster = ClusterFixtures.cluster("fo-source", source, List.of("fo-*"));
    ClusterConfig target = new ClusterConfig("fo-dr", ES8.product(), standing.httpEndpoint(), AuthConfig.NONE, null,
        "dr-own-repository", null, sourceCluster.storage(), null, List.of(), null,
        new RestoreTargetConfig("fs", source.pathRepo().toString(), null));
    ClusterConfig notATarget = new ClusterConfig("fo-plain", ES8.product(), standing.httpEndpoint(), AuthConfig.NONE, null,
        "x", null, sourceCluster.storage(), null, List.of());
    ClusterDirectory directory = ClusterFixtures.directory(sourceCluster, target, notATarget);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new SourceClusterActivitiesImpl(directory), new FailoverTargetActivitiesImpl(directory));
    SourceClusterActivities sourceActivities = ClusterFixtures.stub(env, SourceClusterActivities.class);
    FailoverTargetActivities failover = ClusterFixtures.stub(env, FailoverTargetActivities.class);
    SnapshotResult snapshot = sourceActivities.takeSnapshot(new SnapshotRequest("failover-fo", "fo-source", null));
    FailoverTargetRequest onto = new FailoverTargetRequest("failover-fo", "fo-source", "fo-dr", snapshot.snapshot(), null, null);

    assertThat(failover.registerReplicaRepository(onto)).isEqualTo("snapdrill-replica-fo-source");
    assertThat(request(standing, "GET", "/_snapshot/snapdrill-replica-fo-source", null)).contains("\"readonly\":\"true\"");
    assertThatThrownBy(() -> failover.registerReplicaRepository(
        new FailoverTargetRequest("failover-fo", "fo-source", "fo-plain", snapshot.snapshot(), null, null)))
        .isInstanceOf(ActivityFailure.class).cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureType.CONFIGURATION_INVALID.name());
          assertThat(f.getOriginalMessage()).contains("cluster 'fo-plain' is no restore target");
        });

    createIndex(standing, "fo-small", 1);
    TargetConflicts conflicts = failover.checkConflicts(onto);
    assertThat(conflicts.targetIndices()).containsExactly("fo-big", "fo-small");
    assertThat(conflicts.open()).containsExactly("fo-small");
    assertThat(conflicts.closed()).isEmpty();
    FailoverTargetRequest renamed = new FailoverTargetRequest("failover-fo", "fo-source", "fo-dr", snapshot.snapshot(),
        "fo-(.+)", "dr-$1");
    assertThat(failover.checkConflicts(renamed).open()).as("a rename avoids the conflict").isEmpty();
    assertThat(failover.closeIndices(onto, conflicts.open())).containsExactly("fo-small");
    assertThat(failover.checkConflicts(onto).closed()).containsExactly("fo-small");

    // a restore slowed to a crawl, then stopped as a cancel stops it
    request(standing, "PUT", "/_cluster/settings", "{\"transient\":{\"indices.recovery.max_bytes_per_sec\":\"1kb\"}}");
    request(standing, "POST", "/_snapshot/snapdrill-replica-fo-source/" + snapshot.snapshot().name()
        + "/_restore?wait_for_completion=false", "{\"indices\":\"fo-big\"}");
    createIndex(standing, "fo-unrelated", 1);
    FailoverLeftBehind left = failover.stopRestore(onto);

    assertThat(left.deleted()).containsExactly("fo-big");
    assertThat(left.remaining()).containsExactly("fo-small (close)");
    assertThat(left.repository()).isEqualTo("snapdrill-replica-fo-source");
    assertThat(request(standing, "GET", "/_cat/indices/fo-*?h=index&s=index&expand_wildcards=all", null).lines().toList())
        .containsExactly("fo-small", "fo-unrelated");
  }
}
