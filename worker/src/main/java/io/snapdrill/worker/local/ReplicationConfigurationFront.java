package io.snapdrill.worker.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 endpoint local mode hands out: forwards every request to S3Mock, except the bucket
 * replication configuration API ({@code ?replication}), which S3Mock routes to CreateBucket and
 * ListObjects. Here it is stored per bucket as S3 stores it, so the production code reads it with
 * GetBucketReplication, and the cross-region replication stand-in acts on what it says.
 */
final class ReplicationConfigurationFront implements AutoCloseable {
  private static final Pattern BUCKET_PATH = Pattern.compile("^/([^/]+)/?$");
  /** Headers java.net.http sets itself (or refuses) and hop-by-hop headers. */
  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "date", "via", "warning");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "s3-front");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final Map<String, byte[]> configurations = new ConcurrentHashMap<>();

  private ReplicationConfigurationFront(URI target) {
    this.target = target;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1: " + e.getMessage(), e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  static ReplicationConfigurationFront start(URI s3Mock) {
    return new ReplicationConfigurationFront(s3Mock);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery();
      Matcher bucket = BUCKET_PATH.matcher(exchange.getRequestURI().getRawPath());
      if (query != null && List.of(query.split("&")).contains("replication") && bucket.matches()) {
        replicationConfiguration(exchange, bucket.group(1));
      } else {
        forward(exchange);
      }
    } catch (RuntimeException | IOException e) {
      // the client sees a 500 (and retries); the front itself keeps serving
      try {
        exchange.sendResponseHeaders(500, -1);
      } catch (IOException | RuntimeException alreadySent) {
        // nothing more to tell the client
      }
    }
  }

  private void replicationConfiguration(HttpExchange exchange, String bucket) throws IOException {
    switch (exchange.getRequestMethod()) {
      case "PUT" -> {
        configurations.put(bucket, exchange.getRequestBody().readAllBytes());
        exchange.sendResponseHeaders(200, -1);
      }
      case "DELETE" -> {
        configurations.remove(bucket);
        exchange.sendResponseHeaders(204, -1);
      }
      case "GET" -> {
        byte[] configuration = configurations.get(bucket);
        if (configuration == null) {
          byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>ReplicationConfigurationNotFoundError"
              + "</Code><Message>The replication configuration was not found</Message><BucketName>" + bucket
              + "</BucketName></Error>").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/xml");
          exchange.sendResponseHeaders(404, error.length);
          exchange.getResponseBody().write(error);
        } else {
          exchange.getResponseHeaders().set("Content-Type", "application/xml");
          exchange.sendResponseHeaders(200, configuration.length);
          exchange.getResponseBody().write(configuration);
        }
      }
      default -> exchange.sendResponseHeaders(405, -1);
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    URI uri = target.resolve(exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(exchange.getRequestMethod(),
        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    response.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean lengthOfHead = lower.equals("content-length") && exchange.getRequestMethod().equals("HEAD");
      if (lengthOfHead || !NOT_FORWARDED.contains(lower) && !lower.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    byte[] content = response.body();
    boolean bodyless = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204
        || response.statusCode() == 304 || content.length == 0;
    exchange.sendResponseHeaders(response.statusCode(), bodyless ? -1 : content.length);
    if (!bodyless) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(content);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
