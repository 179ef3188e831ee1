package io.snapdrill.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.ChainCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.codec.ZlibPayloadCodec;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Compression is its own codec (zstd), used with or without encryption, chained before it: compress,
 * then encrypt; decode the other way round. Payloads of histories written before it still decode.
 */
class PayloadCompressionTest {

  private static Payload json(String json) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json)).build();
  }

  /** A replica check's worth of problems: the same bucket and prefix in every entry. */
  private static Payload problems(int count) {
    return json(IntStream.range(0, count)
        .mapToObj(i -> "{\"bucket\":\"logs-prod-snapshots-replica\",\"key\":\"prod/logs/indices/Xh3vQ9dTQ2aW1x/"
            + (i % 5) + "/__blob" + i + "\",\"kind\":\"MISSING\",\"expectedSize\":" + (1000 + i) + ",\"actualSize\":0}")
        .collect(Collectors.joining(",", "[", "]")));
  }

  @Test
  void repetitiveJsonIsStoredCompressedAndReadBackWhole() {
    ChainCodec codec = new ChainCodec(PayloadCodecs.chain(null));
    Payload original = problems(5_000);

    Payload stored = codec.encode(List.of(original)).get(0);

    assertThat(stored.getMetadataOrThrow("encoding")).isEqualTo(ZstdPayloadCodec.ENCODING);
    assertThat(stored.getSerializedSize()).isLessThan(original.getSerializedSize() / 5);
    assertThat(codec.decode(List.of(stored))).containsExactly(original);
  }

  @Test
  void aSmallPayloadIsLeftAsItIsWhenCompressingWouldNotSaveBytes() {
    ChainCodec codec = new ChainCodec(PayloadCodecs.chain(null));
    Payload small = json("\"prod\"");

    assertThat(codec.encode(List.of(small))).containsExactly(small);
    assertThat(codec.decode(List.of(small))).containsExactly(small);
  }

  @Test
  void withAKeyringPayloadsAreCompressedThenEncrypted() {
    PayloadKeyring keys = PayloadKeyring.parse("test", "k1=" + PayloadEncryptionTest.key());
    ChainCodec codec = new ChainCodec(PayloadCodecs.chain(keys));
    Payload original = problems(2_000);

    Payload stored = codec.encode(List.of(original)).get(0);

    assertThat(stored.getMetadataOrThrow("encoding")).isEqualTo(EncryptionCodec.ENCODING);
    // under the encryption: the zstd payload (encrypting first would leave nothing to compress)
    Payload inside = new EncryptionCodec(keys).decode(List.of(stored)).get(0);
    assertThat(inside.getMetadataOrThrow("encoding")).isEqualTo(ZstdPayloadCodec.ENCODING);
    assertThat(stored.getSerializedSize()).isLessThan(original.getSerializedSize() / 5);
    assertThat(codec.decode(List.of(stored))).containsExactly(original);
  }

  @Test
  void payloadsOfOlderHistoriesStillDecode() {
    PayloadKeyring keys = PayloadKeyring.parse("test", "k1=" + PayloadEncryptionTest.key());
    Payload original = problems(500);
    // before zstd: zlib, then AES-GCM (the chain this codec replaced)
    List<Payload> zlibEncrypted = new ChainCodec(List.of(new EncryptionCodec(keys), new ZlibPayloadCodec()))
        .encode(List.of(original));
    assertThat(new EncryptionCodec(keys).decode(zlibEncrypted).get(0).getMetadataOrThrow("encoding").toStringUtf8())
        .isEqualTo("binary/zlib");

    assertThat(new ChainCodec(PayloadCodecs.chain(keys)).decode(zlibEncrypted)).containsExactly(original);
    // before any codec: plain JSON
    assertThat(new ChainCodec(PayloadCodecs.chain(keys)).decode(List.of(original))).containsExactly(original);
    assertThat(new ChainCodec(PayloadCodecs.chain(null)).decode(List.of(original))).containsExactly(original);
  }

  @Test
  void damagedCompressedDataIsAClearError() {
    Payload stored = new ZstdPayloadCodec().encode(List.of(problems(100))).get(0);
    byte[] data = stored.getData().toByteArray();
    data[data.length / 2] ^= 0x5a;
    Payload damaged = stored.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> new ZstdPayloadCodec().decode(List.of(damaged)))
        .isInstanceOf(PayloadCodecException.class)
        .cause().hasMessageStartingWith("a binary/zstd payload");
  }
}
