package io.snapdrill.activities.cluster;

import static io.snapdrill.activities.cluster.ClusterFixtures.createIndex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.VerificationSpec;
import io.snapdrill.activities.config.VerificationSpec.DocumentCountMode;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SampleDocument;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.model.VerifyRequest;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SNAPSHOT's expectations for a cluster of thousands of indices: the payload carries a few and the
 * report store all of them, and VERIFY judges every index, not only those the payload lists; its verdicts
 * are bounded the same way, failed ones listed first.
 */
class StoredExpectationsTest {
  @TempDir Path reports;

  @Test
  void fiveThousandIndicesStaySmallInThePayloadAndAllAreReadBack() {
    EvidenceStore store = EvidenceStore.inDirectory(reports);
    List<IndexExpectation> expectations = IntStream.range(0, 5_000).mapToObj(i -> new IndexExpectation(
        "logs-app-2026.11." + i, 1_000_000L + i, "%064x".formatted(i * 7919L),
        List.of(new SampleDocument("doc-" + i + "-a", "%064x".formatted(i * 31L)),
            new SampleDocument("doc-" + i + "-b", "%064x".formatted(i * 37L)),
            new SampleDocument("doc-" + i + "-c", "%064x".formatted(i * 41L))))).toList();
    SnapshotInfo info = new SnapshotInfo("repo", "s", "u", "SUCCESS", null, null,
        expectations.stream().map(IndexExpectation::index).toList(), "elasticsearch", "8.19.21");
    SnapshotResult full = new SnapshotResult(info, expectations, true, null);
    // unbounded, the result alone is near Temporal's 2 MB payload limit
    assertThat(payloadBytes(full)).isGreaterThan(1_000_000);

    SnapshotResult bounded = StoredExpectations.bounded(full, store, "drill-prod-1");

    assertThat(bounded.expectations()).hasSize(SnapshotResult.LISTED).isEqualTo(expectations.subList(0, SnapshotResult.LISTED));
    assertThat(bounded.totalExpectations()).isEqualTo(5_000);
    assertThat(bounded.expectationEvidence().count()).isEqualTo(5_000);
    // what remains is the snapshot's index names (SnapshotInfo), some 100 KB: the expectations add little
    assertThat(payloadBytes(bounded) - payloadBytes(new SnapshotResult(info, List.of(), true, null)))
        .isLessThan(16 * 1024);
    assertThat(StoredExpectations.complete(bounded, store).expectations()).isEqualTo(expectations);
    // a result that lists every expectation needs no store
    SnapshotResult small = StoredExpectations.bounded(new SnapshotResult(info, expectations.subList(0, 3), true, null), store, "d");
    assertThat(small.expectationEvidence()).isNull();
    assertThat(StoredExpectations.complete(small, store).expectations()).hasSize(3);
  }

  @Test
  void fiveThousandIndexNamesStaySmallInThePayloadAndRestoreReadsThemAllBack() {
    EvidenceStore store = EvidenceStore.inDirectory(reports);
    List<String> names = IntStream.range(0, 5_000).mapToObj(i -> "logs-app-2026.11." + i).sorted().toList();
    List<IndexExpectation> expectations = names.stream().map(n -> new IndexExpectation(n, 1_000L, "%064x".formatted(n.hashCode()),
        List.of(new SampleDocument(n + "-a", "%064x".formatted(n.length()))))).toList();
    SnapshotInfo info = new SnapshotInfo("repo", "s", "u", "SUCCESS", null, null, names, "elasticsearch", "8.19.21");

    // as SNAPSHOT bounds its result: expectations, then the snapshot's index names
    SnapshotResult bounded = StoredExpectations.bounded(new SnapshotResult(info, expectations, true, null), store, "drill-prod-1");
    bounded = bounded.withSnapshot(StoredIndexNames.bounded(bounded.snapshot(), store, "drill-prod-1"));

    // SNAPSHOT's whole result, VERIFY's argument, and the snapshot in every request and the drill's result
    assertThat(payloadBytes(bounded)).isLessThan(16 * 1024);
    assertThat(payloadBytes(bounded.snapshot())).isLessThan(4 * 1024);
    assertThat(bounded.snapshot().totalIndices()).isEqualTo(5_000);
    assertThat(bounded.snapshot().indices()).isEqualTo(names.subList(0, SnapshotInfo.LISTED));
    SnapshotInfo complete = StoredIndexNames.complete(bounded.snapshot(), store);
    assertThat(complete.indices()).isEqualTo(names);
    // what RESTORE selects from them
    assertThat(RestoreClusterActivitiesImpl.targets(complete.indices(),
        new io.snapdrill.activities.config.RestoreConfig(List.of("logs-*"), List.of(), null, null, null))).hasSize(5_000);
    // a snapshot of a few indices lists them all and needs no store
    SnapshotInfo small = StoredIndexNames.bounded(new SnapshotInfo("repo", "s", "u", "SUCCESS", null, null, names.subList(0, 3),
        "elasticsearch", "8.19.21"), store, "d");
    assertThat(small.indexEvidence()).isNull();
    assertThat(StoredIndexNames.complete(small, store).indices()).hasSize(3);
  }

  /**
   * Stored names or expectations that are not the ones SNAPSHOT wrote (the file was changed or replaced)
   * fail RESTORE and VERIFY at once: no retry makes them SNAPSHOT's, and judging against them would be wrong.
   */
  @Test
  void storedNamesOrExpectationsThatAreNotSnapshotsFailAtOnceWithoutRetries() throws Exception {
    EvidenceStore store = EvidenceStore.inDirectory(reports);
    List<String> names = IntStream.range(0, 30).mapToObj(i -> "orders-" + i).toList();
    List<IndexExpectation> expectations = names.stream()
        .map(n -> new IndexExpectation(n, 10L, "%064x".formatted(n.hashCode()), List.of())).toList();
    SnapshotInfo info = new SnapshotInfo("repo", "s", "u", "SUCCESS", null, null, names, "elasticsearch", "8.19.21");
    SnapshotResult bounded = StoredExpectations.bounded(new SnapshotResult(info, expectations, true, null), store, "drill-1");
    bounded = bounded.withSnapshot(StoredIndexNames.bounded(bounded.snapshot(), store, "drill-1"));
    for (String uri : List.of(bounded.expectationEvidence().uri(), bounded.snapshot().indexEvidence().uri())) {
      Path file = Path.of(uri);
      Files.writeString(file, Files.readString(file).replace("orders-7", "orders-8"));
    }

    SnapshotResult tampered = bounded;
    assertThatThrownBy(() -> StoredIndexNames.complete(tampered.snapshot(), store))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getType()).isEqualTo(FailureType.STAGE_ERROR.name());
        })
        .hasMessageContaining(tampered.snapshot().indexEvidence().uri());
    assertThatThrownBy(() -> StoredExpectations.complete(tampered, store))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> assertThat(failure.isNonRetryable()).isTrue())
        .hasMessageContaining(tampered.expectationEvidence().uri());
  }

  @Test
  void verifyJudgesEveryIndexIncludingThoseOnlyTheStoreHolds() {
    LocalNode host = SharedNodes.restore(NodeDistribution.ELASTICSEARCH_8);
    int count = SnapshotResult.LISTED + 5;
    List<String> indices = IntStream.range(0, count).mapToObj(i -> "bounded-%02d".formatted(i)).toList();
    ClusterFixtures.request(host, "DELETE", "/" + String.join(",", indices) + "?ignore_unavailable=true", null);
    indices.forEach(index -> createIndex(host, index, 2));
    List<IndexExpectation> expectations = new ArrayList<>();
    try (ClusterConnection connection = ClusterConnection.restoreHost(ClusterFixtures.localHost(host), Product.ELASTICSEARCH)) {
      IndexProbe probe = new IndexProbe(connection);
      indices.forEach(index -> expectations.add(probe.expectation(index)));
    }
    // the last index, beyond those the payload lists, expected a document the restore lacks
    IndexExpectation last = expectations.remove(count - 1);
    expectations.add(new IndexExpectation(last.index(), 3, last.mappingFingerprint(), last.samples()));
    EvidenceStore store = EvidenceStore.inDirectory(reports);
    // the payload lists the first index names too: VERIFY reads the rest back to judge them
    SnapshotInfo info = StoredIndexNames.bounded(new SnapshotInfo("repo", "s", "u", "SUCCESS", null, null, indices, "elasticsearch", "8.19.21"),
        store, "drill-bounded");
    assertThat(info.indices()).hasSize(SnapshotInfo.LISTED);
    SnapshotResult bounded = StoredExpectations.bounded(new SnapshotResult(info, expectations, true, null), store, "drill-bounded");
    assertThat(bounded.expectations()).hasSize(SnapshotResult.LISTED);

    ClusterConfig cluster = ClusterFixtures.cluster("bounded", Product.ELASTICSEARCH, "http://127.0.0.1:9", AuthConfig.NONE, null,
        "repo", List.of("bounded-*"), new RestoreConfig(List.of("bounded-*"), List.of(), null, null, null),
        List.of(new VerificationSpec("bounded-*", DocumentCountMode.EXACT, null, null, List.of(), true, true, List.of(), "yellow")));
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new RestoreClusterActivitiesImpl(ClusterFixtures.directory(cluster),
          RestoreClusterActivitiesImpl.HOST_LOST_AFTER, io.snapdrill.activities.host.RestoreHostLease.NONE, store));
      RestoreClusterActivities activities = ClusterFixtures.stub(env, RestoreClusterActivities.class);

      VerificationReport report = activities.verifyRestore(new VerifyRequest("drill-bounded", "bounded",
          ClusterFixtures.localHost(host), bounded, new RestoreResult(indices, count, 0)));

      // the report lists as many verdicts as it may, the failed one first, and stores every one
      assertThat(report.totalIndices()).isEqualTo(count);
      assertThat(report.failedIndices()).isEqualTo(1);
      assertThat(report.passed()).isFalse();
      assertThat(report.indices()).hasSize(VerificationReport.LISTED);
      List<IndexVerdict> all = store.read(report.verdictEvidence(), new com.fasterxml.jackson.core.type.TypeReference<List<IndexVerdict>>() {});
      assertThat(all).extracting(IndexVerdict::index).containsExactlyElementsOf(indices);
      assertThat(all.subList(0, count - 1)).allMatch(IndexVerdict::passed);
      assertThat(report.indices().get(0)).isEqualTo(all.get(count - 1));
      assertThat(all.get(count - 1)).satisfies(v -> {
        assertThat(v.passed()).isFalse();
        assertThat(v.expectedDocuments()).isEqualTo(3);
        assertThat(v.actualDocuments()).isEqualTo(2);
      });
    } finally {
      env.close();
      ClusterFixtures.request(host, "DELETE", "/" + String.join(",", indices) + "?ignore_unavailable=true", null);
    }
  }

  private static int payloadBytes(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getSerializedSize();
  }
}
