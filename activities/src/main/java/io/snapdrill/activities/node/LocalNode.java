package io.snapdrill.activities.node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running single-node cluster on 127.0.0.1. {@link #close()} stops the process tree and removes the
 * node's directory (and {@code path.repo} only when the launcher created it). A JVM shutdown hook stops
 * nodes still running when the JVM exits normally, so none outlives the tests or local mode. A JVM that
 * is killed (SIGKILL) runs no hook: its nodes keep running, and their directories' {@link NodeRecord}
 * let another JVM find them ({@link LocalNodeLauncher#attach}) or stop them ({@link LocalNodeLauncher#remove}).
 */
public final class LocalNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalNode.class);
  private static final Set<LocalNode> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(LocalNode::closeAllAtOnce, "snapdrill-node-reaper"));
  }

  /** How long a node may take to stop on SIGTERM before it is killed, when closed and when its JVM exits. */
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration GRACE_AT_EXIT = Duration.ofSeconds(10);

  /**
   * Every node still running, stopped side by side and given less time: its directory goes right after,
   * so nothing is lost when it is killed. A node left with a stopped restore ignored SIGTERM for over
   * 30 s, which is as long as surefire waits for its test JVM to exit before killing it mid-cleanup.
   */
  private static void closeAllAtOnce() {
    List<Thread> stopping = RUNNING.stream()
        .map(node -> new Thread(() -> node.close(GRACE_AT_EXIT), "stop-" + node.name)).toList();
    stopping.forEach(Thread::start);
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private final NodeDistribution distribution;
  private final String name;
  private final ProcessHandle process;
  private final Path directory;
  private final Path pathRepo;
  private final boolean ownsPathRepo;
  private final int httpPort;
  private volatile boolean closed;

  LocalNode(NodeDistribution distribution, String name, ProcessHandle process, Path directory, Path pathRepo,
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

  /** When the node's process started, as the OS reports it. */
  public Optional<Instant> startedAt() {
    return process.info().startInstant();
  }

  /** The last lines of the node's console output, for error messages. */
  public String logTail(int lines) {
    return LocalNodeLauncher.tail(logsDirectory().resolve("console.log"), lines);
  }

  @Override
  public void close() {
    close(GRACE);
  }

  private synchronized void close(Duration grace) {
    if (closed) {
      return;
    }
    closed = true;
    RUNNING.remove(this);
    stop(process, directory, grace);
    try {
      DistributionInstaller.deleteRecursively(directory);
      if (ownsPathRepo) {
        DistributionInstaller.deleteRecursively(pathRepo);
      }
    } catch (IOException e) {
      log.warn("could not remove {} of node {}: {}", directory, name, e.toString());
    }
  }

  /**
   * SIGTERM to the whole tree (the start script, the CLI JVM, the server JVM) and to any JVM still
   * running from the node's directory (a server JVM whose parent is gone is no descendant any more),
   * SIGKILL after the grace time.
   *
   * @param root the process started for the node, already checked to be it; null when unknown
   * @return whether any process was running
   */
  static boolean stop(ProcessHandle root, Path directory, Duration grace) {
    Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
    if (root != null) {
      root.descendants().forEach(p -> tree.put(p.pid(), p));
      tree.put(root.pid(), root);
    }
    jvmsRunningFrom(directory).forEach(p -> tree.putIfAbsent(p.pid(), p));
    tree.values().removeIf(p -> !p.isAlive());
    if (tree.isEmpty()) {
      return false;
    }
    tree.values().forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree.values()) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        handle.destroyForcibly();
      } catch (ExecutionException | TimeoutException e) {
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : tree.values()) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.warn("process {} of node directory {} is still running after SIGKILL", handle.pid(), directory);
      }
    }
    return true;
  }

  /**
   * Java processes whose command line names a path inside the node's directory. The directory name
   * carries a random suffix, so only that node's JVMs pass it (as path.conf, path.data, gc log...).
   */
  static List<ProcessHandle> jvmsRunningFrom(Path directory) {
    String inside = directory.toAbsolutePath().normalize() + "/";
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> {
          ProcessHandle.Info info = p.info();
          return info.command().map(c -> c.endsWith("/java")).orElse(false)
              && info.commandLine().map(c -> c.contains(inside)).orElse(false);
        })
        .toList();
  }

  @Override
  public String toString() {
    return distribution + " node " + name + " at " + httpEndpoint();
  }
}
