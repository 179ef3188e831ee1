package io.snapdrill.worker.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command finds the payload keys: the same options for clients, workers and the codec server. */
public class PayloadKeyOptions {
  @Option(names = "--payload-keys-env", paramLabel = "VAR", defaultValue = "SNAPDRILL_PAYLOAD_KEYS",
      description = "Environment variable holding the AES-256 keys payloads are encrypted with (id=base64key,..., the"
          + " first encrypts; default: ${DEFAULT-VALUE}).")
  public String env;

  @Option(names = "--payload-keys-file", paramLabel = "FILE",
      description = "File holding the payload keys (id=base64key per line, the first encrypts), instead of --payload-keys-env.")
  public Path file;

  /** The keyring given, or null when neither the file nor the environment variable holds one. */
  public PayloadKeyring keyring() {
    if (file != null) {
      try {
        return PayloadKeyring.parse("--payload-keys-file " + file, Files.readString(file));
      } catch (IOException e) {
        throw new IllegalArgumentException("--payload-keys-file " + file + ": cannot be read (" + e + ")");
      }
    }
    String text = env == null ? null : System.getenv(env);
    return text == null || text.isBlank() ? null : PayloadKeyring.parse("environment variable " + env, text);
  }

  /** Names where keys would come from, for messages. */
  public String source() {
    return file != null ? "--payload-keys-file " + file : env != null ? env : "--payload-keys-file";
  }
}
