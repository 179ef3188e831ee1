package io.snapdrill.worker.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys payloads are encrypted with: the first encrypts, every one decrypts, so a key is
 * rotated by putting a new one first and keeping the old ones until no history needs them.
 *
 * <p>Text form (an environment variable or a file): {@code id=base64key} entries separated by commas or
 * newlines; {@code #} starts a comment line. A key is 32 random bytes, e.g. {@code openssl rand -base64 32}.
 */
public final class PayloadKeyring {
  private final String currentId;
  private final Map<String, SecretKey> keys;

  private PayloadKeyring(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * @param source where the text came from (an environment variable or file), named in errors
   * @throws IllegalArgumentException naming the source and the entry at fault
   */
  public static PayloadKeyring parse(String source, String text) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    int entry = 0;
    for (String line : text.split("\\R")) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      for (String item : line.split(",")) {
        if (item.isBlank()) {
          continue;
        }
        entry++;
        int eq = item.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(source + ": entry " + entry + " is not id=base64key");
        }
        String id = item.substring(0, eq).strip();
        byte[] key;
        try {
          key = Base64.getDecoder().decode(item.substring(eq + 1).strip());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(source + ": key '" + id + "' is not base64 (" + e.getMessage() + ")");
        }
        if (key.length != 32) {
          throw new IllegalArgumentException(source + ": key '" + id + "' has " + key.length
              + " bytes; AES-256 needs 32 (e.g. `openssl rand -base64 32`)");
        }
        if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
          throw new IllegalArgumentException(source + ": key id '" + id + "' appears twice");
        }
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + ": holds no key (id=base64key, the first one encrypts)");
    }
    return new PayloadKeyring(keys.keySet().iterator().next(), keys);
  }

  /** A random key for one process: the embedded service's histories end with it. */
  public static PayloadKeyring ephemeral() {
    return parse("a new key", newKey("ephemeral"));
  }

  /** A new random key in the text form, {@code id=base64key}. */
  public static String newKey(String id) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return id + "=" + Base64.getEncoder().encodeToString(key);
  }

  /** Writes a file holding one new key, readable by its owner only, and returns its path. */
  public static Path writeNewKeyFile(Path file, String id) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      return Files.writeString(file, newKey(id) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the payload key file " + file, e);
    }
  }

  String currentId() {
    return currentId;
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  /** The key of this id, or null. */
  SecretKey key(String id) {
    return keys.get(id);
  }

  List<String> ids() {
    return List.copyOf(keys.keySet());
  }
}
