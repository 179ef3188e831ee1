package io.snapdrill.activities.node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running single-node cluster on 127.0.0.1. {@link #close()} stops the process tree and removes the
 * node's directory (and {@code path.repo} only when the launcher created it). A JVM shutdown hook stops
 * nodes still running when the JVM exits, so none outlives the tests or local mode.
 */
public final class LocalNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalNode.class);
  private static final Set<LocalNode> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(LocalNode::close), "snapdrill-node-reaper"));
  }

  private final NodeDistribution distribution;
  private final String name;
  private final Process process;
  private final Path directory;
  private final Path pathRepo;
  private final boolean ownsPathRepo;
  private final int httpPort;
  private volatile boolean closed;

  LocalNode(NodeDistribution distribution, String name, Process process, Path directory, Path pathRepo,
      boolean ownsPathRepo, int httpPort) {
    this.distribution = distribution;
    this.name = name;
    this.process = process;
    this.directory = directory;
    this.pathRepo = pathRepo;
    this.ownsPathRepo = ownsPathRepo;
    this.httpPort = httpPort;
    RUNNING.add(this);
  }

  public NodeDistribution distribution() {
    return distribution;
  }

  public String name() {
    return name;
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String httpEndpoint() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The node's {@code path.repo}: fs repositories must live below it. */
  public Path pathRepo() {
    return pathRepo;
  }

  public Path directory() {
    return directory;
  }

  public Path logsDirectory() {
    return directory.resolve("logs");
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the node's console output, for error messages. */
  public String logTail(int lines) {
    return LocalNodeLauncher.tail(logsDirectory().resolve("console.log"), lines);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RUNNING.remove(this);
    stop(process, Duration.ofSeconds(30));
    try {
      DistributionInstaller.deleteRecursively(directory);
      if (ownsPathRepo) {
        DistributionInstaller.deleteRecursively(pathRepo);
      }
    } catch (IOException e) {
      log.warn("could not remove {} of node {}: {}", directory, name, e.toString());
    }
  }

  /** SIGTERM to the whole tree (the start script, the CLI JVM, the server JVM), SIGKILL after the grace time. */
  static void stop(Process process, Duration grace) {
    var tree = new java.util.ArrayList<ProcessHandle>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
      } catch (Exception timeoutOrInterrupt) {
        handle.destroyForcibly();
      }
    }
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return distribution + " node " + name + " at " + httpEndpoint();
  }
}
