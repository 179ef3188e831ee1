package io.snapdrill.activities.cluster;

import static io.snapdrill.activities.cluster.ClusterFixtures.createIndex;
import static io.snapdrill.activities.cluster.ClusterFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.model.VerifyRequest;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole SNAPSHOT → RESTORE → VERIFY path on real nodes: the source writes an fs repository, a second
 * node registers the same directory read-only and restores from it, VERIFY passes, and then fails,
 * naming the index, once a document is missing, a mapping differs and a sample document changed.
 */
class SnapshotRestoreRoundTripTest {
  private TestActivityEnvironment env;

  static Stream<NodeDistribution> distributions() {
    return Stream.of(NodeDistribution.ELASTICSEARCH_8, NodeDistribution.OPENSEARCH_2, NodeDistribution.ELASTICSEARCH_7);
  }

  @AfterEach
  void close() {
    env.close();
  }

  @ParameterizedTest
  @MethodSource("distributions")
  void snapshotRestoreAndVerifyOnASecondNodeThenDetectDamage(NodeDistribution distribution) {
    LocalNode source = SharedNodes.source(distribution);
    LocalNode restoreNode = SharedNodes.restore(distribution);
    ClusterFixtures.ensureRepository(source);
    String prefix = "rt-" + distribution.artifactId().charAt(0) + distribution.majorVersion();
    createIndex(source, prefix + "-count", 40);
    createIndex(source, prefix + "-mapping", 30);
    createIndex(source, prefix + "-sample", 20);
    ClusterConfig cluster = ClusterFixtures.cluster(prefix, source, List.of(prefix + "-*"));
    ClusterDirectory directory = ClusterFixtures.directory(cluster);
    env = TestActivityEnvironment.newInstance();
    List<RestoreHost> leasesRenewed = new CopyOnWriteArrayList<>();
    env.registerActivitiesImplementations(new SourceClusterActivitiesImpl(directory),
        new RestoreClusterActivitiesImpl(directory, leasesRenewed::add));
    SourceClusterActivities sourceActivities = ClusterFixtures.stub(env, SourceClusterActivities.class);
    RestoreClusterActivities restoreActivities = ClusterFixtures.stub(env, RestoreClusterActivities.class);

    SnapshotResult snapshot = sourceActivities.takeSnapshot(new SnapshotRequest("drill-" + prefix, prefix, null));

    assertThat(snapshot.snapshot().state()).isEqualTo("SUCCESS");
    assertThat(snapshot.snapshot().name()).startsWith("drill-");
    assertThat(snapshot.snapshot().product()).isEqualTo(distribution.product().id());
    assertThat(snapshot.snapshot().version()).isEqualTo(distribution.version());
    assertThat(snapshot.snapshot().indices()).containsExactly(prefix + "-count", prefix + "-mapping", prefix + "-sample");
    assertThat(snapshot.expectationsExact()).isTrue();
    Map<String, IndexExpectation> expected = snapshot.expectations().stream()
        .collect(Collectors.toMap(IndexExpectation::index, Function.identity()));
    assertThat(expected.get(prefix + "-count").documentCount()).isEqualTo(40);
    assertThat(expected.get(prefix + "-mapping").documentCount()).isEqualTo(30);
    assertThat(expected.get(prefix + "-sample").documentCount()).isEqualTo(20);
    assertThat(expected.values()).allSatisfy(e -> {
      assertThat(e.mappingFingerprint()).hasSize(64);
      assertThat(e.samples()).hasSize(IndexProbe.SAMPLES).allSatisfy(s -> assertThat(s.sourceSha256()).hasSize(64));
    });

    SnapshotResult described = sourceActivities.describeSnapshot(
        new SnapshotRequest("event-" + prefix, prefix, snapshot.snapshot().uuid()));
    assertThat(described.snapshot().name()).isEqualTo(snapshot.snapshot().name());
    // The RPO's previous restorable point, as each engine's _cat/snapshots lists it (whole seconds).
    SnapshotResult next = sourceActivities.takeSnapshot(new SnapshotRequest("drill-" + prefix + "-next", prefix, null));
    assertThat(next.previousSnapshotStart()).isEqualTo(snapshot.snapshot().startTime().truncatedTo(ChronoUnit.SECONDS));
    assertThat(described.expectationsExact()).isFalse();
    assertThat(described.expectations()).isEqualTo(snapshot.expectations());

    RestoreResult restored = restoreActivities.restoreSnapshot(
        new RestoreRequest("drill-" + prefix, prefix, ClusterFixtures.localHost(restoreNode), snapshot.snapshot()));
    assertThat(restored.indices()).containsExactlyInAnyOrder(prefix + "-count", prefix + "-mapping", prefix + "-sample");
    assertThat(restored.shards()).isEqualTo(3);
    // the restore keeps its host's expiry ahead while it makes progress
    assertThat(leasesRenewed).isNotEmpty().allSatisfy(h -> assertThat(h.hostId()).isEqualTo(ClusterFixtures.localHost(restoreNode).hostId()));
    assertThat(request(restoreNode, "GET", "/_cluster/settings?filter_path=persistent", null)).contains("200mb");

    VerifyRequest verify = new VerifyRequest("drill-" + prefix, prefix, ClusterFixtures.localHost(restoreNode), snapshot, restored);
    VerificationReport passed = restoreActivities.verifyRestore(verify);
    assertThat(passed.failures()).isEmpty();
    assertThat(passed.passed()).isTrue();
    assertThat(passed.indices()).hasSize(3).allMatch(IndexVerdict::passed);

    // Damage the restored copy three ways, one per index.
    List<String> sampleIds = expected.get(prefix + "-count").samples().stream().map(s -> s.id()).toList();
    String notASample = Stream.of("doc-39", "doc-38", "doc-37", "doc-36").filter(id -> !sampleIds.contains(id)).findFirst().orElseThrow();
    request(restoreNode, "DELETE", "/" + prefix + "-count/_doc/" + notASample + "?refresh=true", null);
    request(restoreNode, "PUT", "/" + prefix + "-mapping/_mapping", "{\"properties\":{\"added_later\":{\"type\":\"keyword\"}}}");
    String sampleId = expected.get(prefix + "-sample").samples().get(0).id();
    request(restoreNode, "PUT", "/" + prefix + "-sample/_doc/" + sampleId + "?refresh=true", "{\"title\":\"tampered\",\"n\":-1}");

    VerificationReport failed = restoreActivities.verifyRestore(verify);
    assertThat(failed.passed()).isFalse();
    Map<String, IndexVerdict> verdicts = failed.indices().stream().collect(Collectors.toMap(IndexVerdict::index, Function.identity()));
    assertThat(verdicts.get(prefix + "-count").reasons())
        .containsExactly(prefix + "-count has 39 documents, the snapshot had 40");
    assertThat(verdicts.get(prefix + "-mapping").reasons())
        .singleElement().asString().startsWith(prefix + "-mapping mapping differs from the snapshot's");
    assertThat(verdicts.get(prefix + "-sample").reasons())
        .containsExactly(prefix + "-sample sample document '" + sampleId + "' differs from the snapshot's");
    assertThat(failed.failures()).hasSize(3);
  }
}
