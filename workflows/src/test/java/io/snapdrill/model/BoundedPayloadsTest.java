package io.snapdrill.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bounded shapes of a replica check, a snapshot result, a bucket audit and a heal report: counts judge, not
 * the examples listed, and
 * payloads recorded before the bound (every item listed, no counts) read as they always did.
 */
class BoundedPayloadsTest {

  private static <T> T fromJson(String json, Class<T> type) {
    Payload payload = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json)).build();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, type, type);
  }

  private static BlobProblem problem(int i, BlobProblemKind kind) {
    return new BlobProblem("dr", "es/indices/x/0/__" + i, kind, 10, 0);
  }

  @Test
  void aReplicaCheckRecordedBeforeTheBoundReadsAsBefore() {
    ReplicaCheck old = fromJson("{\"replicaBucket\":\"dr\",\"requiredBlobs\":40,\"requiredBytes\":4000,\"problems\":["
        + "{\"bucket\":\"primary\",\"key\":\"es/index-2\",\"kind\":\"HIDDEN_BY_DELETE_MARKER\",\"expectedSize\":10,\"actualSize\":-1}],"
        + "\"batchReplicationJobId\":null}", ReplicaCheck.class);

    assertThat(old.problemCount()).isNull();
    assertThat(old.problemEvidence()).isNull();
    assertThat(old.totalProblems()).isEqualTo(1);
    assertThat(old.allProblemsListed()).isTrue();
    assertThat(old.onlyDeleteMarkersRemain()).isTrue();
    assertThat(fromJson("{\"replicaBucket\":\"dr\",\"requiredBlobs\":40,\"requiredBytes\":4000,\"problems\":[]}",
        ReplicaCheck.class).complete()).isTrue();
  }

  @Test
  void aBoundedCheckJudgesByItsCountsNotByTheExamples() {
    // the first problems listed are all hidden blobs; a missing one lies beyond them
    List<BlobProblem> all = new java.util.ArrayList<>(IntStream.range(0, 30)
        .mapToObj(i -> problem(i, BlobProblemKind.HIDDEN_BY_DELETE_MARKER)).toList());
    all.add(problem(30, BlobProblemKind.MISSING));
    StoredEvidence evidence = new StoredEvidence("/reports/d/evidence/replica-check-1-problems.json", "ab", 31);

    ReplicaCheck bounded = new ReplicaCheck("dr", 40, 4000, all, null).bounded(evidence);
    ReplicaCheck read = fromJson(new String(DefaultDataConverter.STANDARD_INSTANCE.toPayload(bounded).orElseThrow()
        .getData().toByteArray(), java.nio.charset.StandardCharsets.UTF_8), ReplicaCheck.class);

    assertThat(read).isEqualTo(bounded);
    assertThat(read.problems()).hasSize(ReplicaCheck.LISTED).allMatch(p -> p.kind() == BlobProblemKind.HIDDEN_BY_DELETE_MARKER);
    assertThat(read.totalProblems()).isEqualTo(31);
    assertThat(read.hiddenByDeleteMarkers()).isEqualTo(30);
    assertThat(read.onlyDeleteMarkersRemain()).as("a missing blob waits for replication").isFalse();
    assertThat(read.problemEvidence()).isEqualTo(evidence);
    // a check that lists every problem points to no evidence
    assertThat(new ReplicaCheck("dr", 40, 4000, all.subList(0, 3), null).bounded(evidence).problemEvidence()).isNull();
  }

  @Test
  void aSnapshotResultRecordedBeforeTheBoundListsEveryExpectation() {
    SnapshotResult old = fromJson("{\"snapshot\":{\"repository\":\"repo\",\"name\":\"s\",\"uuid\":\"u\",\"state\":\"SUCCESS\","
        + "\"indices\":[\"a\"],\"product\":\"elasticsearch\",\"version\":\"8.19.21\"},\"expectations\":[{\"index\":\"a\","
        + "\"documentCount\":3,\"mappingFingerprint\":\"f\",\"samples\":[]}],\"expectationsExact\":true}", SnapshotResult.class);

    assertThat(old.expectationCount()).isNull();
    assertThat(old.expectationEvidence()).isNull();
    assertThat(old.totalExpectations()).isEqualTo(1);
    assertThat(old.allExpectationsListed()).isTrue();
  }

  private static int payloadBytes(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getSerializedSize();
  }

  private static String json(Object value) {
    return new String(DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getData().toByteArray(),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private static DeleteMarker marker(int i, boolean needed) {
    return new DeleteMarker("primary", "es/indices/Xc1r9TmBQ1-eaqbDp3kjWA/0/__blob-" + i, "marker-version-" + i,
        "previous-version-" + i, needed ? List.of("nightly-2026.11.30", "nightly-2026.12.01") : List.of());
  }

  /** A lifecycle expiry over a mature repository: 20,000 markers hide blobs snapshots need (listed, about 3 MB). */
  @Test
  void anAuditOfTwentyThousandHiddenBlobsStaysUnder64KbAndCountsThemAll() {
    List<DeleteMarker> markers = new java.util.ArrayList<>(IntStream.range(0, 20_000).mapToObj(i -> marker(i, true)).toList());
    markers.add(3, marker(-1, false));
    BucketAudit full = new BucketAudit("primary", "primary", "es", "Enabled", List.of(), markers, 7);
    assertThat(payloadBytes(full)).as("the audit listing every marker").isGreaterThan(2 * 1024 * 1024);
    StoredEvidence evidence = new StoredEvidence("/reports/d/evidence/storage-audit-3-primary-needed-markers.json", "cd", 20_000);

    BucketAudit bounded = full.bounded(evidence);
    BucketAudit read = fromJson(json(bounded), BucketAudit.class);

    assertThat(payloadBytes(bounded)).isLessThan(64 * 1024);
    assertThat(read).isEqualTo(bounded);
    assertThat(read.listedNeededMarkers()).hasSize(BucketAudit.LISTED);
    assertThat(read.neededMarkerCount()).isEqualTo(20_000);
    assertThat(read.allNeededMarkersListed()).isFalse();
    assertThat(read.needlessMarkerCount()).as("needless ones stay listed and counted as before").isEqualTo(8);
    assertThat(read.neededMarkerEvidence()).isEqualTo(evidence);
    StorageAudit audit = new StorageAudit(List.of(read, new BucketAudit("replica", "dr", "es", "Enabled", List.of(), List.of())));
    assertThat(audit.markersHidingNeededBlobs()).hasSize(BucketAudit.LISTED);
    assertThat(audit.neededMarkerCount()).isEqualTo(20_000);
    assertThat(audit.neededMarkerEvidence()).containsExactly(evidence);
    // an audit that lists every needed marker points to no evidence
    BucketAudit few = new BucketAudit("primary", "primary", "es", "Enabled", List.of(), markers.subList(0, 5), 0)
        .bounded(evidence);
    assertThat(few.neededMarkerEvidence()).isNull();
    assertThat(few.allNeededMarkersListed()).isTrue();
    assertThat(few.neededMarkerCount()).isEqualTo(4);
  }

  @Test
  void aBucketAuditRecordedBeforeTheBoundListsEveryNeededMarker() {
    BucketAudit old = fromJson("{\"role\":\"primary\",\"bucket\":\"p\",\"prefix\":\"es\",\"versioningStatus\":\"Enabled\","
        + "\"lifecycle\":[],\"deleteMarkers\":[{\"bucket\":\"p\",\"key\":\"es/index-2\",\"markerVersionId\":\"m\","
        + "\"previousVersionId\":\"v\",\"breaksSnapshots\":[\"s\"]}]}", BucketAudit.class);

    assertThat(old.neededMarkersUnlisted()).isNull();
    assertThat(old.neededMarkerEvidence()).isNull();
    assertThat(old.neededMarkerCount()).isEqualTo(1);
    assertThat(old.allNeededMarkersListed()).isTrue();
    assertThat(new StorageAudit(List.of(old)).markersHidingNeededBlobs()).hasSize(1);
    assertThat(new StorageAudit(List.of(old)).neededMarkerEvidence()).isEmpty();
    HealRequest request = fromJson("{\"cluster\":\"prod\",\"markers\":[],\"dryRun\":false}", HealRequest.class);
    assertThat(request.markerEvidence()).isNull();
  }

  /** Healing 20,000 hidden blobs: the report names a hundred of each, counts them all and points to the rest. */
  @Test
  void aHealReportOfTwentyThousandBlobsStaysUnder64Kb() {
    List<DeleteMarker> removed = IntStream.range(0, 20_000).mapToObj(i -> marker(i, true)).toList();
    List<DeleteMarker> unhealable = IntStream.range(0, 150).mapToObj(i -> marker(-i, true)).toList();
    HealReport full = new HealReport(false, removed, unhealable, List.of(), 20_003, List.of());
    StoredEvidence allRemoved = new StoredEvidence("/r/d/evidence/heal-7-removed.json", "ab", 20_000);
    StoredEvidence allUnhealable = new StoredEvidence("/r/d/evidence/heal-7-unhealable.json", "ef", 150);

    HealReport bounded = full.bounded(allRemoved, allUnhealable)
        .approvedBy(new HealDecision(true, "jane", null, "cli@host"));
    HealReport read = fromJson(json(bounded), HealReport.class);

    assertThat(payloadBytes(bounded)).isLessThan(64 * 1024);
    assertThat(read).isEqualTo(bounded);
    assertThat(read.removed()).hasSize(HealReport.MAX_LISTED);
    assertThat(read.healedBlobs()).isEqualTo(20_000);
    assertThat(read.unhealableBlobs()).isEqualTo(150);
    assertThat(read.markersRemoved()).isEqualTo(20_003);
    assertThat(read.allListed()).isFalse();
    assertThat(read.removedEvidence()).isEqualTo(allRemoved);
    assertThat(read.unhealableEvidence()).isEqualTo(allUnhealable);
    assertThat(read.approvedBy()).isEqualTo("jane");
    // a report recorded before the bound: every marker listed, no counts
    HealReport old = fromJson("{\"dryRun\":false,\"removed\":[{\"bucket\":\"p\",\"key\":\"k\",\"markerVersionId\":\"m\","
        + "\"previousVersionId\":\"v\",\"breaksSnapshots\":[\"s\"]}],\"unhealable\":[],\"removedMarkerCount\":1}", HealReport.class);
    assertThat(old.healedBlobs()).isEqualTo(1);
    assertThat(old.unhealableBlobs()).isZero();
    assertThat(old.allListed()).isTrue();
  }
}
