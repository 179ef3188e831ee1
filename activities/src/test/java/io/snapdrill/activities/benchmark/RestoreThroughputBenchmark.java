package io.snapdrill.activities.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.NodeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Not a test: restores a generated index of at least 200 MB on a second local node twice, with the
 * default recovery throttle and with the raised one RESTORE sets, and prints MB/s for both. Run with
 * {@code mvn -B -pl activities -am test -Pbenchmark-restore} (optionally {@code -Dbenchmark.mb=500}).
 */
class RestoreThroughputBenchmark {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void restoreWithDefaultAndRaisedRecoveryThrottle() throws Exception {
    long targetBytes = Long.getLong("benchmark.mb", 200) * 1024 * 1024;
    String raised = System.getProperty("benchmark.raised", "500mb");
    LocalNodeLauncher launcher = LocalNodeLauncher.defaults();
    try (LocalNode source = launcher.start(NodeOptions.of(NodeDistribution.ELASTICSEARCH_8, "bench-source"));
        LocalNode restore = launcher.start(NodeOptions.of(NodeDistribution.ELASTICSEARCH_8, "bench-restore").withPathRepo(source.pathRepo()))) {
      long size = generate(source, "bench", targetBytes);
      call(source, "PUT", "/_snapshot/bench", "{\"type\":\"fs\",\"settings\":{\"location\":\"" + source.pathRepo() + "\"}}");
      call(source, "PUT", "/_snapshot/bench/bench-1?wait_for_completion=true", "{\"indices\":\"bench\",\"include_global_state\":false}");
      call(restore, "PUT", "/_snapshot/bench", "{\"type\":\"fs\",\"settings\":{\"location\":\"" + source.pathRepo() + "\",\"readonly\":true}}");

      call(restore, "PUT", "/_cluster/settings", "{\"persistent\":{\"indices.recovery.max_bytes_per_sec\":null}}");
      double defaultRate = timedRestore(restore, "default-");
      call(restore, "PUT", "/_cluster/settings", "{\"persistent\":{\"indices.recovery.max_bytes_per_sec\":\"" + raised + "\"}}");
      double raisedRate = timedRestore(restore, "raised-");

      System.out.printf(Locale.ROOT, "%nRESTORE BENCHMARK (%s, index of %.1f MB on disk)%n", source.distribution(), size / 1048576.0);
      System.out.printf(Locale.ROOT, "  default throttle (40mb/s unless the node says otherwise): %8.1f MB/s%n", defaultRate);
      System.out.printf(Locale.ROOT, "  raised throttle (%s):                                 %8.1f MB/s%n%n", raised, raisedRate);
    }
  }

  /** Bulk-indexes documents of random text (hardly compressible) until the index holds targetBytes. */
  private static long generate(LocalNode node, String index, long targetBytes) throws Exception {
    call(node, "PUT", "/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,\"refresh_interval\":\"-1\"}}");
    Random random = new Random(42);
    byte[] payload = new byte[6 * 1024];
    long size = 0;
    for (int batch = 0; size < targetBytes; batch++) {
      StringBuilder bulk = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        random.nextBytes(payload);
        bulk.append("{\"index\":{}}\n{\"n\":").append(batch * 1000 + i).append(",\"blob\":\"")
            .append(Base64.getEncoder().encodeToString(payload)).append("\"}\n");
      }
      call(node, "POST", "/" + index + "/_bulk", bulk.toString());
      if (batch % 5 == 4) {
        call(node, "POST", "/" + index + "/_flush", null);
        size = JSON.readTree(call(node, "GET", "/" + index + "/_stats/store", null))
            .path("indices").path(index).path("primaries").path("store").path("size_in_bytes").asLong();
      }
    }
    call(node, "POST", "/" + index + "/_forcemerge?max_num_segments=1", null);
    return size;
  }

  private static double timedRestore(LocalNode node, String prefix) throws Exception {
    long start = System.nanoTime();
    String body = call(node, "POST", "/_snapshot/bench/bench-1/_restore?wait_for_completion=true",
        "{\"indices\":\"bench\",\"rename_pattern\":\"(.+)\",\"rename_replacement\":\"" + prefix + "$1\","
            + "\"index_settings\":{\"index.number_of_replicas\":0}}");
    double seconds = (System.nanoTime() - start) / 1e9;
    JsonNode recovery = JSON.readTree(call(node, "GET", "/" + prefix + "bench/_recovery", null));
    long bytes = recovery.path(prefix + "bench").path("shards").path(0).path("index").path("size").path("recovered_in_bytes").asLong();
    if (!body.contains("\"failed\":0")) {
      throw new IllegalStateException("restore failed: " + body);
    }
    call(node, "DELETE", "/" + prefix + "bench", null);
    return bytes / 1048576.0 / seconds;
  }

  private static String call(LocalNode node, String method, String path, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(node.httpEndpoint() + path))
        .timeout(Duration.ofMinutes(30))
        .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300 || response.body().startsWith("{\"errors\":true")) {
      throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(500, response.body().length())));
    }
    return response.body();
  }
}
