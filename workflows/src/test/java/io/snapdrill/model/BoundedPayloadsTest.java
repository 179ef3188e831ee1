package io.snapdrill.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bounded shapes of a replica check and a snapshot result: counts judge, not the examples listed, and
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
}
