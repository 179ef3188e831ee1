package io.snapdrill.activities.node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real nodes shared by every test class of the JVM: each starts on first use and stops when the JVM
 * exits ({@link LocalNode}'s shutdown hook), also when the JVM is killed ({@link NodeOptions#boundToThisJvm}). For each product there is a source node and a restore node
 * whose {@code path.repo} is the source's, so a repository the source writes can be registered
 * read-only and restored on a second cluster, as a DR restore host does.
 */
public final class SharedNodes {
  private static final LocalNodeLauncher LAUNCHER = LocalNodeLauncher.defaults();
  private static final Map<String, LocalNode> NODES = new ConcurrentHashMap<>();

  private SharedNodes() {}

  public static LocalNodeLauncher launcher() {
    return LAUNCHER;
  }

  public static LocalNode source(NodeDistribution distribution) {
    return NODES.computeIfAbsent("source-" + distribution,
        k -> LAUNCHER.start(NodeOptions.of(distribution, name("source", distribution)).boundToThisJvm()));
  }

  /** A second node on the same {@code path.repo} as {@link #source}. */
  public static LocalNode restore(NodeDistribution distribution) {
    LocalNode source = source(distribution);
    return NODES.computeIfAbsent("restore-" + distribution,
        k -> LAUNCHER.start(
            NodeOptions.of(distribution, name("restore", distribution)).withPathRepo(source.pathRepo()).boundToThisJvm()));
  }

  /**
   * A third node on the same {@code path.repo}, standing in for a cluster that serves traffic (the
   * failover target): what a test leaves on it (a second repository over the same directory, a
   * throttled recovery) must not reach the restores of {@link #restore}.
   */
  public static LocalNode standing(NodeDistribution distribution) {
    LocalNode source = source(distribution);
    return NODES.computeIfAbsent("standing-" + distribution,
        k -> LAUNCHER.start(
            NodeOptions.of(distribution, name("standing", distribution)).withPathRepo(source.pathRepo()).boundToThisJvm()));
  }

  public static LocalNode elasticsearch() {
    return source(NodeDistribution.ELASTICSEARCH_8);
  }

  public static LocalNode opensearch() {
    return source(NodeDistribution.OPENSEARCH_2);
  }

  private static String name(String role, NodeDistribution distribution) {
    return role + "-" + distribution.artifactId() + "-" + distribution.version().replace('.', '-');
  }
}
