package io.snapdrill.activities.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to start.
 *
 * @param name node and cluster name (also the work directory's prefix)
 * @param pathRepo the node's {@code path.repo}; pass the same directory to two nodes so one writes a
 *     repository and the other registers it read-only. Null: a private directory removed on close.
 * @param settings extra node settings, added to (and overriding) the launcher's defaults
 * @param startTimeout how long to wait for the node to answer cluster health yellow
 * @param boundToJvm the node is killed when this JVM dies, even by SIGKILL, which runs no shutdown
 *     hook. For nodes nobody else can use (test fixtures, the source node of local mode); never for a
 *     restore host, which must outlive a crashed worker so that the next worker takes it over.
 */
public record NodeOptions(
    NodeDistribution distribution, String name, Path pathRepo, Map<String, String> settings, Duration startTimeout,
    boolean boundToJvm) {

  public NodeOptions {
    if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new IllegalArgumentException("node name must be lowercase letters, digits, '_' and '-': " + name);
    }
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    startTimeout = startTimeout == null ? Duration.ofMinutes(3) : startTimeout;
  }

  public static NodeOptions of(NodeDistribution distribution, String name) {
    return new NodeOptions(distribution, name, null, Map.of(), null, false);
  }

  public NodeOptions withPathRepo(Path repo) {
    return new NodeOptions(distribution, name, repo, settings, startTimeout, boundToJvm);
  }

  public NodeOptions withSetting(String key, String value) {
    var merged = new LinkedHashMap<>(settings);
    merged.put(key, value);
    return new NodeOptions(distribution, name, pathRepo, merged, startTimeout, boundToJvm);
  }

  public NodeOptions withStartTimeout(Duration timeout) {
    return new NodeOptions(distribution, name, pathRepo, settings, timeout, boundToJvm);
  }

  /** See {@code boundToJvm}. */
  public NodeOptions boundToThisJvm() {
    return new NodeOptions(distribution, name, pathRepo, settings, startTimeout, true);
  }
}
