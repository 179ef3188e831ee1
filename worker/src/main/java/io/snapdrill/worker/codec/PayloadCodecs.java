package io.snapdrill.worker.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.ZlibPayloadCodec;
import java.util.List;

/** What every client, worker and the codec server encode payloads with. */
public final class PayloadCodecs {
  private PayloadCodecs() {}

  /**
   * Compressed, then encrypted (ChainCodec applies the list last to first on encode: encrypted bytes would
   * not compress).
   */
  public static List<PayloadCodec> chain(PayloadKeyring keys) {
    return List.of(new EncryptionCodec(keys), new ZlibPayloadCodec());
  }

  /**
   * With a keyring, payloads and failures (messages, stack traces: bucket and index names) are compressed
   * and encrypted; without one, plain JSON as before.
   */
  public static DataConverter dataConverter(PayloadKeyring keys) {
    return keys == null ? DefaultDataConverter.STANDARD_INSTANCE
        : new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), chain(keys), true);
  }
}
