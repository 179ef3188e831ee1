package io.snapdrill.worker.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The source cluster's data in local mode: a few indices of the kinds a real cluster holds, with
 * deterministic documents, indexed through the bulk API. {@code scale} multiplies the document counts.
 */
final class SampleData {
  static final String ORDERS = "orders";
  static final String CUSTOMERS = "customers";
  static final String LOGS = "logs-app";
  static final List<String> INDICES = List.of(ORDERS, CUSTOMERS, LOGS);

  private static final String[] STATUSES = {"placed", "paid", "shipped", "delivered", "returned"};
  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "WARN", "ERROR"};
  private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String endpoint;

  SampleData(String endpoint) {
    this.endpoint = endpoint;
  }

  /** Creates the indices and their first documents; returns how many documents were indexed. */
  int seed(double scale) {
    createIndex(ORDERS, """
        {"settings":{"number_of_shards":2,"number_of_replicas":0},"mappings":{"properties":{
          "order_id":{"type":"keyword"},"customer_id":{"type":"keyword"},"amount":{"type":"double"},
          "status":{"type":"keyword"},"placed_at":{"type":"date"}}}}""");
    createIndex(CUSTOMERS, """
        {"settings":{"number_of_shards":1,"number_of_replicas":0},"mappings":{"properties":{
          "customer_id":{"type":"keyword"},"name":{"type":"text"},"country":{"type":"keyword"},
          "since":{"type":"date"}}}}""");
    createIndex(LOGS, """
        {"settings":{"number_of_shards":1,"number_of_replicas":0},"mappings":{"properties":{
          "@timestamp":{"type":"date"},"level":{"type":"keyword"},"service":{"type":"keyword"},
          "message":{"type":"text"}}}}""");
    int customers = count(5_000, scale);
    int orders = count(20_000, scale);
    int logs = count(10_000, scale);
    bulk(CUSTOMERS, 0, customers, i -> String.format(Locale.ROOT,
        "{\"customer_id\":\"c%06d\",\"name\":\"Customer %d\",\"country\":\"%s\",\"since\":\"%s\"}",
        i, i, List.of("DE", "FR", "US", "JP", "BR").get(i % 5), EPOCH.minus(Duration.ofDays(i % 900))));
    bulk(ORDERS, 0, orders, i -> String.format(Locale.ROOT,
        "{\"order_id\":\"o%07d\",\"customer_id\":\"c%06d\",\"amount\":%d.%02d,\"status\":\"%s\",\"placed_at\":\"%s\"}",
        i, i % customers, 5 + i % 400, i % 100, STATUSES[i % STATUSES.length], EPOCH.plusSeconds(i * 37L)));
    addLogs(0, logs);
    return customers + orders + logs;
  }

  /** Log lines written after the first snapshot: the next snapshot differs from it only there. */
  int addLogs(int from, int count) {
    bulk(LOGS, from, count, i -> String.format(Locale.ROOT,
        "{\"@timestamp\":\"%s\",\"level\":\"%s\",\"service\":\"checkout\",\"message\":\"request %d served in %d ms\"}",
        EPOCH.plusMillis(i * 250L), LEVELS[i % LEVELS.length], i, 3 + i % 97));
    return count;
  }

  static int count(int base, double scale) {
    return Math.max(10, (int) Math.round(base * scale));
  }

  void registerFsRepository(String repository, String location) {
    call("PUT", "/_snapshot/" + repository, "{\"type\":\"fs\",\"settings\":{\"location\":\"" + location + "\"}}");
  }

  void snapshot(String repository, String snapshot) {
    call("PUT", "/_snapshot/" + repository + "/" + snapshot + "?wait_for_completion=true",
        "{\"indices\":\"" + String.join(",", INDICES) + "\",\"include_global_state\":false}");
  }

  /** Deletes the index's first document on a cluster (the bad-data scenario). */
  void deleteOneDocument(String index) {
    // by id: the distributions here lack the reindex module, and with it _delete_by_query
    call("DELETE", "/" + index + "/_doc/0?refresh=true", "");
  }

  private void createIndex(String index, String body) {
    call("PUT", "/" + index, body);
  }

  private void bulk(String index, int from, int count, java.util.function.IntFunction<String> document) {
    final int batch = 5_000;
    for (int start = from; start < from + count; start += batch) {
      StringBuilder lines = new StringBuilder();
      for (int i = start; i < Math.min(from + count, start + batch); i++) {
        lines.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n").append(document.apply(i)).append('\n');
      }
      String answer = call("POST", "/" + index + "/_bulk", lines.toString());
      if (answer.contains("\"errors\":true")) {
        throw new IllegalStateException("bulk indexing into " + index + " failed: "
            + answer.substring(0, Math.min(500, answer.length())));
      }
    }
    call("POST", "/" + index + "/_refresh", "");
  }

  private String call(String method, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + path))
        .timeout(Duration.ofMinutes(2))
        .header("Content-Type", path.endsWith("_bulk") ? "application/x-ndjson" : "application/json")
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
            + response.body().substring(0, Math.min(500, response.body().length())));
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + endpoint + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
