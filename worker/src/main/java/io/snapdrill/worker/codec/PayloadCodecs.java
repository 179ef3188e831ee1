package io.snapdrill.worker.codec;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.ZlibPayloadCodec;
import java.util.ArrayList;
import java.util.List;

/** What every client, worker and the codec server encode payloads with. */
public final class PayloadCodecs {
  private PayloadCodecs() {}

  /**
   * Compressed (zstd), then, with a keyring, encrypted: ChainCodec encodes with the list last to first
   * and decodes first to last, and encrypted bytes would not compress. Payloads written before zstd hold
   * zlib inside their encryption (and plain JSON before any codec): both still decode.
   */
  public static List<PayloadCodec> chain(PayloadKeyring keys) {
    List<PayloadCodec> codecs = new ArrayList<>();
    if (keys != null) {
      codecs.add(new EncryptionCodec(keys));
    }
    codecs.add(new ZstdPayloadCodec());
    codecs.add(ZLIB_DECODE_ONLY);
    return List.copyOf(codecs);
  }

  /**
   * Payloads compressed, and with a keyring encrypted too (failures as well: messages and stack traces name
   * buckets and indices); without a keyring, small payloads stay plain JSON.
   */
  public static DataConverter dataConverter(PayloadKeyring keys) {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), chain(keys), keys != null);
  }

  /** Decodes the zlib payloads of histories from before zstd; encodes nothing. */
  private static final PayloadCodec ZLIB_DECODE_ONLY = new PayloadCodec() {
    private final ZlibPayloadCodec zlib = new ZlibPayloadCodec();

    @Override
    public List<Payload> encode(List<Payload> payloads) {
      return payloads;
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
      return zlib.decode(payloads);
    }
  };
}
