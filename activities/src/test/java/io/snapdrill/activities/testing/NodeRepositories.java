package io.snapdrill.activities.testing;

import io.snapdrill.activities.node.LocalNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Writes snapshot repositories with a real node and restores from copies of them on another, through
 * fs repositories below the nodes' shared {@code path.repo}.
 */
public final class NodeRepositories {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** The uid the launcher runs nodes as when the tests run as root. */
  private static final int NODE_UID = 65534;

  private NodeRepositories() {}

  public record Response(int status, String body) {
    public boolean ok() {
      return status < 300;
    }
  }

  public static Response call(LocalNode node, String method, String path, String body) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(node.httpEndpoint() + path))
          .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String ok(LocalNode node, String method, String path, String body) {
    Response response = call(node, method, path, body);
    if (!response.ok() || response.body().contains("\"errors\":true")) {
      throw new IllegalStateException(method + " " + path + " -> " + response.status() + ": " + response.body());
    }
    return response.body();
  }

  /** A directory below the node's path.repo that the node (uid 65534 when we are root) can write. */
  public static Path directory(LocalNode node, String name) {
    Path dir = node.pathRepo().resolve(name);
    try {
      Files.createDirectories(dir);
      giveToNode(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  public static void giveToNode(Path tree) {
    try {
      if (!runningAsRoot()) {
        return;
      }
      try (Stream<Path> paths = Files.walk(tree)) {
        for (Path p : (Iterable<Path>) paths::iterator) {
          Files.setAttribute(p, "unix:uid", NODE_UID, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(p, "unix:gid", NODE_UID, LinkOption.NOFOLLOW_LINKS);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean runningAsRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  public static void registerFs(LocalNode node, String repository, Path location, boolean readonly) {
    ok(node, "PUT", "/_snapshot/" + repository, "{\"type\":\"fs\",\"settings\":{\"location\":\"" + location
        + "\",\"readonly\":" + readonly + "}}");
  }

  /** Writes {@code documents} documents with ids from {@code from}, then refreshes and flushes. */
  public static void index(LocalNode node, String index, int from, int documents) {
    StringBuilder bulk = new StringBuilder();
    for (int i = from; i < from + documents; i++) {
      bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(i).append("\"}}\n")
          .append("{\"n\":").append(i).append(",\"msg\":\"message ").append(i).append(" of the restore-a-thon\"}\n");
    }
    ok(node, "POST", "/_bulk?refresh=true", bulk.toString());
    ok(node, "POST", "/" + index + "/_flush", null);
  }

  /**
   * Restores the snapshot's indices under a new name and waits.
   *
   * @return the response: failed shards show in its body, a missing snapshot or metadata blob as an
   *     error status
   */
  public static Response restore(LocalNode node, String repository, String snapshot, String indices, String renamedPrefix) {
    return call(node, "POST", "/_snapshot/" + repository + "/" + snapshot + "/_restore?wait_for_completion=true",
        "{\"indices\":\"" + indices + "\",\"include_global_state\":false,\"rename_pattern\":\"(.+)\","
            + "\"rename_replacement\":\"" + renamedPrefix + "$1\"}");
  }

  /** True when the restore answered and every shard restored. */
  public static boolean restored(Response response) {
    return response.ok() && response.body().contains("\"failed\":0");
  }

  public static long count(LocalNode node, String index) {
    String body = ok(node, "GET", "/" + index + "/_count", null);
    return Long.parseLong(body.replaceAll(".*\"count\":(\\d+).*", "$1"));
  }
}
