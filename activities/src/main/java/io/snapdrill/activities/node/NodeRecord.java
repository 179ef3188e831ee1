package io.snapdrill.activities.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.config.Product;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * What a node's directory says about the process that runs the node, so that another JVM (a worker
 * that replaced a crashed one) can find the node, use it and stop it: the node outlives the JVM that
 * started it. Written to {@value #FILE} as soon as the process starts, and again once the node has
 * bound its HTTP port.
 *
 * @param pid the process {@link LocalNodeLauncher} started (the start script, which execs the node's JVM)
 * @param startedAtMillis that process's start time as the OS reports it (null if it did not say): with
 *     the pid it tells the node's process from a later one that was given the same pid
 * @param httpPort null until the node is ready
 */
public record NodeRecord(
    String name, Product product, String version, long pid, Long startedAtMillis, Integer httpPort,
    String pathRepo, boolean ownsPathRepo) {

  public static final String FILE = "snapdrill-node.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The JDK derives start times from the boot time in /proc/stat, whole seconds that can move by one
   * between two readers; a recycled pid never gets the same start time within that margin in practice.
   */
  private static final long START_TIME_TOLERANCE_MILLIS = 1_000;

  static NodeRecord starting(NodeDistribution distribution, String name, ProcessHandle process, Path pathRepo,
      boolean ownsPathRepo) {
    Long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(null);
    return new NodeRecord(name, distribution.product(), distribution.version(), process.pid(), started, null,
        pathRepo.toString(), ownsPathRepo);
  }

  NodeRecord withHttpPort(int port) {
    return new NodeRecord(name, product, version, pid, startedAtMillis, port, pathRepo, ownsPathRepo);
  }

  NodeDistribution distribution() {
    return new NodeDistribution(product, version);
  }

  /** The record in a node directory; empty when there is none or it cannot be read (a half-written one). */
  public static Optional<NodeRecord> read(Path directory) {
    try {
      return Optional.of(JSON.readValue(Files.readString(directory.resolve(FILE)), NodeRecord.class));
    } catch (IOException | RuntimeException missingOrUnreadable) {
      return Optional.empty();
    }
  }

  /** Replaces the record atomically, so a reader never sees half of it. */
  void write(Path directory) throws IOException {
    Path partial = directory.resolve(FILE + ".partial");
    Files.writeString(partial, JSON.writeValueAsString(this));
    Files.move(partial, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The recorded process, when it still runs and is still the same process: a pid whose start time
   * cannot be compared (or differs) belongs to someone else as far as we know, and is left alone.
   */
  public Optional<ProcessHandle> process() {
    if (startedAtMillis == null) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant()
            .map(s -> Math.abs(s.toEpochMilli() - startedAtMillis) <= START_TIME_TOLERANCE_MILLIS)
            .orElse(false));
  }
}
