package io.snapdrill.worker.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over each whole payload (metadata included), in the shape of Temporal's encryption
 * samples: encoding {@code binary/encrypted}, the key id in the metadata so a rotated keyring still
 * decrypts older histories. Payloads that are not encrypted pass through on decode.
 */
public final class EncryptionCodec implements PayloadCodec {
  static final ByteString ENCODING = ByteString.copyFromUtf8("binary/encrypted");
  static final String KEY_ID = "encryption-key-id";
  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final PayloadKeyring keys;
  private final SecureRandom random = new SecureRandom();

  public EncryptionCodec(PayloadKeyring keys) {
    this.keys = keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
      // the key id is authenticated too: a payload cannot be relabelled to another key
      cipher.updateAAD(keys.currentId().getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(payload.toByteArray());
      return Payload.newBuilder()
          .putMetadata("encoding", ENCODING)
          .putMetadata("encryption-cipher", ByteString.copyFromUtf8(CIPHER))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(keys.currentId()))
          .setData(ByteString.copyFrom(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(new IllegalStateException("could not encrypt a payload with key '"
          + keys.currentId() + "': " + e.getMessage(), e));
    }
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING.equals(payload.getMetadataOrDefault("encoding", ByteString.EMPTY))) {
      return payload;
    }
    String id = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKey key = keys.key(id);
    if (key == null) {
      throw new PayloadCodecException(new IllegalStateException("a payload is encrypted with key '" + id
          + "', which the keyring " + keys.ids() + " does not hold: add that key (after the current one) to"
          + " SNAPDRILL_PAYLOAD_KEYS or the --payload-keys-file"));
    }
    byte[] data = payload.getData().toByteArray();
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException | InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new PayloadCodecException(new IllegalStateException("a payload encrypted with key '" + id
          + "' does not decrypt (another key under that id, or altered data): " + e.getMessage(), e));
    }
  }
}
