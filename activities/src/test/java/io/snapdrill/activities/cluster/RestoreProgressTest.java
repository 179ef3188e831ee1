package io.snapdrill.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RESTORE's heartbeat details at fleet scale: a retry needs only whether the restore was started. */
class RestoreProgressTest {
  @Test
  void fiveThousandRestoredIndicesStayUnderFourKilobytesInEveryHeartbeat() {
    List<String> names = IntStream.range(0, 5_000).mapToObj(i -> "logs-app-2026.11." + i).toList();

    RestoreProgress progress = new RestoreProgress(true, names, 10, 20, 50.0);

    assertThat(DefaultDataConverter.STANDARD_INSTANCE.toPayload(progress).orElseThrow().getSerializedSize()).isLessThan(4 * 1024);
    assertThat(progress.indices()).isEqualTo(names.subList(0, RestoreProgress.LISTED));
    assertThat(progress.indexCount()).isEqualTo(5_000);
  }

  @Test
  void detailsOfAnOlderWorkerStillSayTheRestoreWasStarted() {
    Payload old = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("{\"started\":true,\"indices\":[\"a\",\"b\"],\"bytesRecovered\":1,\"bytesTotal\":2,\"percent\":50.0}"))
        .build();

    RestoreProgress read = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(old, RestoreProgress.class, RestoreProgress.class);

    assertThat(read.started()).isTrue();
    assertThat(read.indices()).containsExactly("a", "b");
    assertThat(read.indexCount()).isNull();
  }
}
