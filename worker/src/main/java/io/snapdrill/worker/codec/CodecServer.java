package io.snapdrill.worker.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.ChainCodec;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's remote codec protocol ({@code POST /decode}, {@code POST /encode}, a JSON {@code Payloads}
 * body), so the Temporal UI and CLI show on-call decoded histories while the cluster stores ciphertext.
 * Answers the browser's CORS preflight for the configured UI origin; with a token, every call must bear it.
 */
public final class CodecServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private final HttpServer server;

  private CodecServer(HttpServer server) {
    this.server = server;
  }

  /**
   * @param corsOrigin the Temporal UI's origin (e.g. https://temporal.example.com), or null for no CORS
   * @param token required as {@code Authorization: Bearer TOKEN}, or null for none (loopback only)
   */
  public static CodecServer start(String host, int port, List<PayloadCodec> codecs, String corsOrigin, String token)
      throws IOException {
    ChainCodec chain = new ChainCodec(codecs);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/decode", exchange -> handle(exchange, chain::decode, corsOrigin, token));
    server.createContext("/encode", exchange -> handle(exchange, chain::encode, corsOrigin, token));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return new CodecServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, UnaryOperator<List<io.temporal.api.common.v1.Payload>> codec,
      String corsOrigin, String token) throws IOException {
    try (exchange) {
      if (corsOrigin != null) {
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", corsOrigin);
        exchange.getResponseHeaders().add("Access-Control-Allow-Credentials", "true");
        exchange.getResponseHeaders().add("Vary", "Origin");
      }
      String method = exchange.getRequestMethod();
      if (method.equals("OPTIONS")) {
        exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "POST, OPTIONS");
        exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "X-Namespace, Content-Type, Authorization");
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!method.equals("POST")) {
        respond(exchange, 405, "use POST");
        return;
      }
      if (token != null && !bears(exchange.getRequestHeaders().getFirst("Authorization"), token)) {
        respond(exchange, 401, "missing or wrong Authorization: Bearer token");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (body.length > MAX_BODY_BYTES) {
        respond(exchange, 413, "body over " + MAX_BODY_BYTES + " bytes");
        return;
      }
      Payloads.Builder request = Payloads.newBuilder();
      try {
        JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), request);
      } catch (InvalidProtocolBufferException e) {
        respond(exchange, 400, "body is not JSON Payloads: " + e.getMessage());
        return;
      }
      List<io.temporal.api.common.v1.Payload> result;
      try {
        result = codec.apply(request.getPayloadsList());
      } catch (PayloadCodecException e) {
        respond(exchange, 422, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      byte[] json = JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(result)).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, json.length);
      exchange.getResponseBody().write(json);
    } catch (RuntimeException e) {
      log.warn("codec server: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
    }
  }

  private static boolean bears(String header, String token) {
    return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
        ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String message) throws IOException {
    byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, text.length);
    exchange.getResponseBody().write(text);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
