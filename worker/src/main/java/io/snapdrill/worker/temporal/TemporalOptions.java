package io.snapdrill.worker.temporal;

import io.snapdrill.worker.codec.PayloadKeyOptions;
import io.snapdrill.worker.codec.PayloadKeyring;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How to reach Temporal: an embedded in-process service by default, or a real cluster by address. */
public class TemporalOptions {
  @Option(names = "--temporal-address", paramLabel = "HOST:PORT",
      description = "Temporal frontend (e.g. temporal.internal:7233 or NS.ACCT.tmprl.cloud:7233). "
          + "Default: an embedded in-process Temporal service that lives as long as this command.")
  public String address;

  @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "default", description = "Temporal namespace (default: ${DEFAULT-VALUE}).")
  public String namespace;

  @Option(names = "--task-queue", paramLabel = "QUEUE", defaultValue = "snapdrill", description = "Task queue of drills (default: ${DEFAULT-VALUE}).")
  public String taskQueue;

  @Option(names = "--tls", description = "Use TLS to the Temporal frontend (implied by the other TLS options and --api-key-env).")
  public boolean tls;

  @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA certificate that signed the frontend's certificate.")
  public Path tlsCa;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate for mTLS (Temporal Cloud).")
  public Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "PKCS#8 private key of --tls-cert.")
  public Path tlsKey;

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Environment variable holding a Temporal Cloud API key (never passed on the command line).")
  public String apiKeyEnv;

  @Mixin public PayloadKeyOptions payloadKeys = new PayloadKeyOptions();

  /** Options for a plain (no TLS) service at {@code address}, default namespace and task queue. */
  public static TemporalOptions at(String address) {
    TemporalOptions options = new TemporalOptions();
    options.address = address;
    options.namespace = "default";
    options.taskQueue = "snapdrill";
    return options;
  }

  public boolean embedded() {
    return address == null || address.isBlank();
  }

  /**
   * The keyring from the file or environment variable; for the embedded service without one, a key of
   * this process; null for a real cluster without one.
   */
  public PayloadKeyring payloadKeys() {
    PayloadKeyring given = payloadKeys.keyring();
    return given != null || !embedded() ? given : PayloadKeyring.ephemeral();
  }

  boolean useTls() {
    return tls || tlsCa != null || tlsCert != null || apiKeyEnv != null;
  }
}
