package io.snapdrill.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A snapshot of a fleet-sized cluster names a few indices in a payload and counts them all. */
class SnapshotInfoTest {
  @Test
  void fiveThousandIndexNamesStayUnderFourKilobytesInThePayload() {
    List<String> names = IntStream.range(0, 5_000).mapToObj(i -> "logs-app-2026.11.%04d".formatted(i)).toList();
    SnapshotInfo full = new SnapshotInfo("repo", "nightly-2026.12.02", "u", "SUCCESS", null, null, names, "elasticsearch", "8.19.21");
    assertThat(payloadBytes(full)).isGreaterThan(100_000);
    StoredEvidence stored = new StoredEvidence("/reports/d/evidence/snapshot-indices.json", "%064x".formatted(1), 5_000);

    SnapshotInfo bounded = full.bounded(stored);

    assertThat(payloadBytes(bounded)).isLessThan(4 * 1024);
    assertThat(bounded.indices()).isEqualTo(names.subList(0, SnapshotInfo.LISTED));
    assertThat(bounded.totalIndices()).isEqualTo(5_000);
    assertThat(bounded.allIndicesListed()).isFalse();
    assertThat(bounded.indexEvidence()).isEqualTo(stored);
    assertThat(bounded.withAllIndices(names)).isEqualTo(full.bounded(null).withAllIndices(names));
    // a snapshot of few indices lists them all and needs no store
    SnapshotInfo small = new SnapshotInfo("repo", "s", "u", "SUCCESS", null, null, names.subList(0, 3), "elasticsearch", "8.19.21")
        .bounded(stored);
    assertThat(small.indexEvidence()).isNull();
    assertThat(small.allIndicesListed()).isTrue();
  }

  @Test
  void aPayloadRecordedBeforeTheBoundReadsAsItAlwaysDid() {
    String old = "{\"repository\":\"repo\",\"name\":\"s\",\"uuid\":\"u\",\"state\":\"SUCCESS\",\"startTime\":null,\"endTime\":null,"
        + "\"indices\":[\"a\",\"b\",\"c\"],\"product\":\"elasticsearch\",\"version\":\"8.19.21\"}";
    Payload payload = Payload.newBuilder()
        .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
        .setData(com.google.protobuf.ByteString.copyFrom(old, StandardCharsets.UTF_8)).build();

    SnapshotInfo read = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, SnapshotInfo.class, SnapshotInfo.class);

    assertThat(read.indices()).containsExactly("a", "b", "c");
    assertThat(read.indexCount()).isNull();
    assertThat(read.indexEvidence()).isNull();
    assertThat(read.totalIndices()).isEqualTo(3);
    assertThat(read.allIndicesListed()).isTrue();
  }

  private static int payloadBytes(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getSerializedSize();
  }
}
