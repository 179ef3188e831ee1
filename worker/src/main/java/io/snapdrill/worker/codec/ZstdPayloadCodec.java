package io.snapdrill.worker.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;

/**
 * Zstandard over each whole payload (metadata included), encoding {@code binary/zstd}: reports, audits
 * and expectations are repetitive JSON (bucket, prefix and key names over and over), which zstd shrinks
 * several times over, so a payload stays further from Temporal's 2 MB limit and a history from its 50 MB.
 * A payload the wrapping would not make smaller (small ones: a name, a number) stays as it is, readable
 * in the UI without the codec server. Payloads of any other encoding pass through on decode.
 */
public final class ZstdPayloadCodec implements PayloadCodec {
  static final ByteString ENCODING = ByteString.copyFromUtf8("binary/zstd");
  /** zstd's default: most of the gain at a small cost; higher levels buy little on JSON. */
  private static final int LEVEL = 3;
  /**
   * A frame claiming more than this is refused on decode: Temporal's payloads are at most 2 MB, and JSON
   * compresses at most some hundreds of times, so more means damaged data, not a payload.
   */
  static final long MAX_DECODED_BYTES = 512L * 1024 * 1024;

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(ZstdPayloadCodec::compress).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(ZstdPayloadCodec::decompress).toList();
  }

  private static Payload compress(Payload payload) {
    byte[] frame;
    try (ZstdCompressCtx zstd = new ZstdCompressCtx()) {
      // the frame's checksum makes damaged data an error on decode, not a different payload
      frame = zstd.setLevel(LEVEL).setChecksum(true).setContentSize(true).compress(payload.toByteArray());
    }
    Payload compressed = Payload.newBuilder()
        .putMetadata("encoding", ENCODING)
        .setData(ByteString.copyFrom(frame))
        .build();
    return compressed.getSerializedSize() < payload.getSerializedSize() ? compressed : payload;
  }

  private static Payload decompress(Payload payload) {
    if (!ENCODING.equals(payload.getMetadataOrDefault("encoding", ByteString.EMPTY))) {
      return payload;
    }
    byte[] data = payload.getData().toByteArray();
    try {
      long size = Zstd.getFrameContentSize(data);
      if (size < 0 || size > MAX_DECODED_BYTES) {
        throw new PayloadCodecException(new IllegalStateException("a binary/zstd payload's frame declares "
            + (size < 0 ? "no valid content size (" + Zstd.getErrorName(size) + ")" : size + " bytes")
            + ": it is damaged or was not written by Snapdrill's codec"));
      }
      return Payload.parseFrom(Zstd.decompress(data, (int) size));
    } catch (ZstdException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException(new IllegalStateException("a binary/zstd payload does not decompress"
          + " (damaged data): " + e.getMessage(), e));
    }
  }
}
