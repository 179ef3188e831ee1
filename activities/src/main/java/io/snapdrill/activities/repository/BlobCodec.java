package io.snapdrill.activities.repository;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Decodes repository blobs the way Elasticsearch's ChecksumBlobStoreFormat writes them: a Lucene
 * codec header (magic, codec name, version), the content (optionally {@code DFL\0} + raw deflate),
 * SMILE or JSON, and a Lucene footer whose CRC32 covers everything before the checksum.
 */
public final class BlobCodec {
  static final int CODEC_MAGIC = 0x3fd76c17;
  static final int FOOTER_MAGIC = ~CODEC_MAGIC;
  static final int FOOTER_LENGTH = 16;
  private static final byte[] DEFLATE_HEADER = {'D', 'F', 'L', 0};
  private static final byte[] SMILE_HEADER = {':', ')', '\n'};

  private static final ObjectMapper JSON = new ObjectMapper(new JsonFactory());
  private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());

  private BlobCodec() {}

  /** A decoded {@code .dat} blob: its codec name and content. */
  public record DecodedBlob(String codec, int version, JsonNode content) {}

  /**
   * @param location where the blob lives, for the error message
   * @throws RepositoryFormatException naming the key when the blob is truncated or corrupt
   */
  public static DecodedBlob decodeDat(String key, String location, byte[] bytes) {
    if (bytes.length < 9 + FOOTER_LENGTH) {
      throw corrupt(key, location, "truncated: " + bytes.length + " bytes, too short for a header and footer");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    int magic = buffer.getInt();
    if (magic != CODEC_MAGIC) {
      throw corrupt(key, location, String.format("no codec header (magic %08x, expected 3fd76c17)", magic));
    }
    int nameLength = readVInt(buffer);
    if (nameLength < 0 || nameLength > 128 || buffer.remaining() < nameLength + 4 + FOOTER_LENGTH) {
      throw corrupt(key, location, "truncated or damaged codec header");
    }
    byte[] name = new byte[nameLength];
    buffer.get(name);
    int version = buffer.getInt();
    int contentStart = buffer.position();

    int footerStart = bytes.length - FOOTER_LENGTH;
    ByteBuffer footer = ByteBuffer.wrap(bytes, footerStart, FOOTER_LENGTH);
    int footerMagic = footer.getInt();
    int algorithm = footer.getInt();
    long stored = footer.getLong();
    if (footerMagic != FOOTER_MAGIC || algorithm != 0) {
      throw corrupt(key, location, "truncated: no Lucene footer at the end (the blob was cut short or overwritten)");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    if (crc.getValue() != stored) {
      throw corrupt(key, location, String.format(
          "checksum mismatch: stored %08x, computed %08x (the blob's bytes were changed)", stored, crc.getValue()));
    }
    byte[] content = Arrays.copyOfRange(bytes, contentStart, footerStart);
    try {
      return new DecodedBlob(new String(name, StandardCharsets.UTF_8), version, parse(content));
    } catch (IOException e) {
      throw corrupt(key, location, "content is not valid SMILE/JSON: " + e.getMessage());
    }
  }

  /** Root {@code index-N} blobs: JSON, possibly deflate-compressed, with no header or footer. */
  public static JsonNode decodeRoot(String key, String location, byte[] bytes) {
    try {
      JsonNode node = parse(bytes);
      if (node == null || !node.isObject()) {
        throw corrupt(key, location, "root blob is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw corrupt(key, location, "root blob is not valid JSON (truncated or damaged): " + e.getMessage());
    }
  }

  private static JsonNode parse(byte[] content) throws IOException {
    if (startsWith(content, DEFLATE_HEADER)) {
      try (InputStream in = new InflaterInputStream(
          new ByteArrayInputStream(content, DEFLATE_HEADER.length, content.length - DEFLATE_HEADER.length),
          new Inflater(true))) {
        content = in.readAllBytes();
      }
    }
    ObjectMapper mapper = startsWith(content, SMILE_HEADER) ? SMILE : JSON;
    return mapper.readTree(content);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int readVInt(ByteBuffer buffer) {
    int value = 0;
    for (int shift = 0; shift < 32 && buffer.hasRemaining(); shift += 7) {
      byte b = buffer.get();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    return -1;
  }

  private static RepositoryFormatException corrupt(String key, String location, String why) {
    return new RepositoryFormatException(key, location + " is corrupt: " + why);
  }
}
