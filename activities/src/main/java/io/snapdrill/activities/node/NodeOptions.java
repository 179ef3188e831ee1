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
 */
public record NodeOptions(
    NodeDistribution distribution, String name, Path pathRepo, Map<String, String> settings, Duration startTimeout) {

  public NodeOptions {
    if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new IllegalArgumentException("node name must be lowercase letters, digits, '_' and '-': " + name);
    }
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    startTimeout = startTimeout == null ? Duration.ofMinutes(3) : startTimeout;
  }

  public static NodeOptions of(NodeDistribution distribution, String name) {
    return new NodeOptions(distribution, name, null, Map.of(), null);
  }

  public NodeOptions withPathRepo(Path repo) {
    return new NodeOptions(distribution, name, repo, settings, startTimeout);
  }

  public NodeOptions withSetting(String key, String value) {
    var merged = new LinkedHashMap<>(settings);
    merged.put(key, value);
    return new NodeOptions(distribution, name, pathRepo, merged, startTimeout);
  }

  public NodeOptions withStartTimeout(Duration timeout) {
    return new NodeOptions(distribution, name, pathRepo, settings, timeout);
  }
}
