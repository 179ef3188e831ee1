package io.snapdrill.worker;

import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.codec.CodecServer;
import io.snapdrill.worker.codec.PayloadCodecs;
import io.snapdrill.worker.codec.PayloadKeyOptions;
import io.snapdrill.worker.codec.PayloadKeyring;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "codec-server", mixinStandardHelpOptions = true,
    description = {
        "Decode (and encode) Snapdrill's payloads for the Temporal UI and CLI: drill histories are stored"
            + " compressed and encrypted, and this serves Temporal's remote codec endpoints (/decode, /encode)"
            + " with the same keys as the workers. UI: set the namespace's codec endpoint to this server's URL."
            + " CLI: temporal workflow show --codec-endpoint http://127.0.0.1:PORT ..."})
public class CodecServerCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8888", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}). Anything else needs --auth-token-env.")
  String host;

  @Option(names = "--cors-origin", paramLabel = "URL",
      description = "The Temporal UI's origin (e.g. https://temporal.example.com), allowed to call from the browser.")
  String corsOrigin;

  @Option(names = "--auth-token-env", paramLabel = "VAR",
      description = "Environment variable holding a token every call must bear (Authorization: Bearer TOKEN).")
  String authTokenEnv;

  @Mixin PayloadKeyOptions payloadKeys;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port: " + port + " is not a TCP port");
    }
    String token = null;
    if (authTokenEnv != null) {
      token = System.getenv(authTokenEnv);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("--auth-token-env: environment variable " + authTokenEnv + " is not set");
      }
    } else if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      throw new IllegalArgumentException("--host " + host + ": a codec server decrypts for anyone who can reach it;"
          + " off loopback it needs --auth-token-env");
    }
    PayloadKeyring keys = payloadKeys.keyring();
    if (keys == null) {
      // workers without keys still compress their larger payloads: the UI needs this server to read them
      System.err.println("no payload keys (" + payloadKeys.env + " is not set, nor --payload-keys-file): serving"
          + " decompression only; payloads encrypted by workers with keys will not decode");
    }
    CodecServer server = CodecServer.start(host, port, PayloadCodecs.chain(keys), corsOrigin, token);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "codec-server-stop"));
    System.out.println("codec server on http://" + host + ":" + server.port() + " (Ctrl-C stops it)");
    System.out.flush();
    stopped.await();
    return ExitCode.PASSED;
  }
}
