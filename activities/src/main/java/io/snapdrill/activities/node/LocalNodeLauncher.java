package io.snapdrill.activities.node;

import io.snapdrill.activities.config.Product;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts real single-node Elasticsearch / OpenSearch clusters from the integ-test-zip distributions.
 *
 * <p>Each node gets its own directory ({@code config}, {@code data}, {@code logs}, {@code tmp},
 * {@code repo}) under the work root, binds HTTP and transport to 127.0.0.1 on ports the OS picks
 * ({@code port: 0}; the node writes the bound ports to {@code logs/http.ports}, so there is no
 * find-a-free-port race) and runs on this JVM's Java. The distributions refuse to run as root, so as
 * root the node runs as uid/gid 65534 through {@code setpriv}, and its directories are chowned to it.
 *
 * <p>A node is not tied to the JVM that started it: it keeps running if that JVM is killed, and its
 * directory's {@link NodeRecord} (pid, process start time, HTTP port) lets another JVM with the same
 * work root {@link #attach take it over} or {@link #remove stop it}: a local restore host must survive a
 * crashed worker so the next worker resumes the restore on it. Nodes nobody else can take over (test
 * fixtures, local mode's source node) can instead be {@link NodeOptions#boundToThisJvm bound to the
 * JVM}: {@code setpriv --pdeathsig KILL} kills them when it dies.
 */
public final class LocalNodeLauncher {
  private static final Logger log = LoggerFactory.getLogger(LocalNodeLauncher.class);
  static final int UNPRIVILEGED_UID = 65534;

  private final DistributionInstaller installer;
  private final Path workRoot;

  public LocalNodeLauncher(DistributionInstaller installer, Path workRoot) {
    this.installer = installer;
    this.workRoot = workRoot.toAbsolutePath().normalize();
  }

  /** Nodes under {@code snapdrill.nodes.dir} or {java.io.tmpdir}/snapdrill-nodes. */
  public static LocalNodeLauncher defaults() {
    return new LocalNodeLauncher(DistributionInstaller.defaults(), Path.of(System.getProperty("snapdrill.nodes.dir",
        Path.of(System.getProperty("java.io.tmpdir"), "snapdrill-nodes").toString())));
  }

  public Path workRoot() {
    return workRoot;
  }

  /** Starts the node and waits until it answers cluster health yellow or green. */
  public LocalNode start(NodeOptions options) {
    return start(options, waiting -> {});
  }

  /**
   * Starts the node and waits until it answers cluster health yellow or green, telling {@code progress}
   * every few seconds how the wait goes (an activity heartbeats it).
   */
  public LocalNode start(NodeOptions options, Consumer<String> progress) {
    NodeDistribution distribution = options.distribution();
    Path home = installer.install(distribution);
    boolean root = runningAsRoot();
    Path dir;
    try {
      Files.createDirectories(workRoot);
      if (root) {
        requireTraversable(workRoot);
        requireTraversable(home);
      }
      dir = Files.createDirectory(workRoot.resolve(options.name() + "-" + UUID.randomUUID().toString().substring(0, 8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a node directory under " + workRoot + ": " + e.getMessage(), e);
    }
    Path config = dir.resolve("config");
    Path data = dir.resolve("data");
    Path logs = dir.resolve("logs");
    Path tmp = dir.resolve("tmp");
    boolean ownsRepo = options.pathRepo() == null;
    Path repo = ownsRepo ? dir.resolve("repo") : options.pathRepo().toAbsolutePath().normalize();
    Process process;
    try {
      for (Path p : List.of(config, data, logs, tmp, repo)) {
        Files.createDirectories(p);
      }
      copyConfig(home.resolve("config"), config);
      pointJvmOptionsAt(config.resolve("jvm.options"), data, logs);
      Files.writeString(config.resolve(distribution.artifactId() + ".yml"),
          settingsYaml(options, data, logs, repo), StandardCharsets.UTF_8);
      if (root) {
        chownTree(dir);
        if (!ownsRepo) {
          chownTree(repo);
        }
      }
      List<String> command = new ArrayList<>();
      if (root) {
        command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_UID, "--regid=" + UNPRIVILEGED_UID, "--clear-groups"));
      }
      boolean bound = options.boundToJvm() && (root || BoundToThisJvm.possible());
      if (bound) {
        // Unprivileged, and set after the uid change (which would clear it). Elasticsearch 8's server JVM,
        // a child of the killed CLI JVM, stops by itself when the CLI's end of its stdin pipe closes.
        if (!root) {
          command.add("setpriv");
        }
        command.addAll(BoundToThisJvm.DEATH_SIGNAL);
      } else if (options.boundToJvm()) {
        log.warn("setpriv (util-linux) is not on the PATH: node {} would outlive a killed JVM", options.name());
      }
      command.add(home.resolve(distribution.startScript()).toString());
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      Map<String, String> env = builder.environment();
      String prefix = distribution.envPrefix();
      String javaHome = System.getProperty("java.home");
      env.put(prefix + "JAVA_HOME", javaHome);
      env.put("JAVA_HOME", javaHome);
      // Local nodes live for minutes and hold little data: C1 alone starts them about a quarter faster on a
      // small machine, where C2 would spend that CPU on code that never gets hot.
      env.put(prefix + "JAVA_OPTS", "-Xms512m -Xmx512m -XX:TieredStopAtLevel=1");
      env.put(prefix + "PATH_CONF", config.toString());
      env.put(prefix + "TMPDIR", tmp.toString());
      env.put("HOME", dir.toString());
      env.remove("JAVA_TOOL_OPTIONS");
      env.remove("_JAVA_OPTIONS");
      builder.redirectErrorStream(true).redirectOutput(logs.resolve("console.log").toFile());
      process = bound ? BoundToThisJvm.startFromLongLivedThread(builder) : builder.start();
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new UncheckedIOException("cannot start " + distribution + " from " + home + ": " + e.getMessage(), e);
    }
    log.info("starting {} node {} (pid {}) in {}", distribution, options.name(), process.pid(), dir);
    NodeRecord record = NodeRecord.starting(distribution, options.name(), process.toHandle(), repo, ownsRepo);
    try {
      // Recorded before the wait: a JVM killed during the wait leaves a node that another one must find.
      record.write(dir);
      int port = awaitReady(process.toHandle(), () -> "exited with code " + process.exitValue(), logs,
          options.startTimeout(), distribution.toString(), true, progress);
      record.withHttpPort(port).write(dir);
      LocalNode node = new LocalNode(distribution, options.name(), process.toHandle(), dir, repo, ownsRepo, port);
      log.info("{} is ready", node);
      return node;
    } catch (IOException e) {
      LocalNode.stop(process.toHandle(), dir, Duration.ofSeconds(10));
      deleteQuietly(dir);
      throw new UncheckedIOException("cannot write " + dir.resolve(NodeRecord.FILE) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      LocalNode.stop(process.toHandle(), dir, Duration.ofSeconds(10));
      // Keep the node's directory: its logs explain the failure.
      throw e;
    }
  }

  /**
   * The directories of nodes started under this exact name, by this JVM or an earlier one: each node
   * directory is the name plus {@code -} and eight hex digits, so a name that merely starts with
   * {@code name} does not match.
   */
  public List<Path> nodeDirectories(String name) {
    Pattern own = Pattern.compile(Pattern.quote(name) + "-[0-9a-f]{8}");
    try (Stream<Path> entries = Files.list(workRoot)) {
      return entries.filter(p -> own.matcher(p.getFileName().toString()).matches())
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (NoSuchFileException none) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list node directories under " + workRoot + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes over the node of a directory, typically one a JVM that has since died started: present when
   * the recorded process still runs (the same process, not a successor with its pid) and the node
   * answers cluster health within {@code timeout}, whatever the health's colour (a node in the middle
   * of a restore is red and still usable).
   */
  public Optional<LocalNode> attach(Path directory, Duration timeout, Consumer<String> progress) {
    Optional<NodeRecord> found = NodeRecord.read(directory);
    if (found.isEmpty()) {
      log.info("{} has no readable {}: not a node this launcher can take over", directory, NodeRecord.FILE);
      return Optional.empty();
    }
    NodeRecord record = found.get();
    Optional<ProcessHandle> process = record.process();
    if (process.isEmpty()) {
      log.info("the process recorded in {} (pid {}) is gone", directory, record.pid());
      return Optional.empty();
    }
    try {
      int port = awaitReady(process.get(), () -> "exited", directory.resolve("logs"), timeout,
          record.distribution() + " node " + record.name(), false, progress);
      LocalNode node = new LocalNode(record.distribution(), record.name(), process.get(), directory,
          Path.of(record.pathRepo()), record.ownsPathRepo(), port);
      log.info("took over {} (pid {}) in {}", node, record.pid(), directory);
      return Optional.of(node);
    } catch (RuntimeException notAnswering) {
      log.warn("node in {} (pid {}) does not answer: {}", directory, record.pid(), notAnswering.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Stops a node known only from its directory and deletes the directory. Only processes shown to be
   * the node's are signalled: the recorded process if its start time still matches, its descendants,
   * and JVMs whose command line names the directory. Returns whether any of them was running.
   */
  public boolean remove(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    if (!workRoot.equals(dir.getParent())) {
      throw new IllegalArgumentException(dir + " is not a node directory under " + workRoot);
    }
    Optional<NodeRecord> record = NodeRecord.read(dir);
    ProcessHandle root = record.flatMap(NodeRecord::process).orElse(null);
    boolean stopped = LocalNode.stop(root, dir, Duration.ofSeconds(30));
    try {
      DistributionInstaller.deleteRecursively(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove node directory " + dir + ": " + e.getMessage(), e);
    }
    if (stopped) {
      log.info("stopped the node of {} (pid {})", dir, record.map(NodeRecord::pid).orElse(null));
    }
    return stopped;
  }

  private static String settingsYaml(NodeOptions options, Path data, Path logs, Path repo) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("cluster.name", "snapdrill-" + options.name());
    settings.put("node.name", options.name());
    settings.put("discovery.type", "single-node");
    settings.put("network.host", "127.0.0.1");
    settings.put("http.port", "0");
    settings.put("transport.port", "0");
    settings.put("node.portsfile", "true");
    settings.put("path.data", data.toString());
    settings.put("path.logs", logs.toString());
    settings.put("path.repo", repo.toString());
    settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
    if (options.distribution().product() == Product.ELASTICSEARCH) {
      settings.put("xpack.security.enabled", "false");
    }
    settings.putAll(options.settings());
    StringBuilder yaml = new StringBuilder("# written by snapdrill's LocalNodeLauncher\n");
    settings.forEach((k, v) -> yaml.append(k).append(": \"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
    return yaml.toString();
  }

  private static void copyConfig(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** The stock jvm.options write GC logs and heap dumps relative to the working directory. */
  private static void pointJvmOptionsAt(Path jvmOptions, Path data, Path logs) throws IOException {
    String options = Files.readString(jvmOptions);
    options = options.replaceAll("(?<=[=:])logs/", java.util.regex.Matcher.quoteReplacement(logs + "/"))
        .replaceAll("HeapDumpPath=data", java.util.regex.Matcher.quoteReplacement("HeapDumpPath=" + data));
    Files.writeString(jvmOptions, options);
  }

  /**
   * Waits for the node's HTTP port (from {@code logs/http.ports}) and for cluster health to answer: at
   * least yellow when {@code requireYellow}, any colour otherwise.
   */
  private static int awaitReady(ProcessHandle process, Supplier<String> howItEnded, Path logs, Duration timeout,
      String what, boolean requireYellow, Consumer<String> progress) {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    long nextProgress = started;
    Path portsFile = logs.resolve("http.ports");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String query = requireYellow ? "?wait_for_status=yellow&timeout=2s" : "?timeout=2s";
    Integer port = null;
    String lastProblem = "the node did not write " + portsFile;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " " + howItEnded.get() + " before it was ready; logs in " + logs
            + ", last lines:\n" + tail(logs.resolve("console.log"), 40));
      }
      try {
        if (port == null && Files.isRegularFile(portsFile)) {
          port = parsePort(Files.readString(portsFile));
        }
        if (port != null) {
          HttpResponse<String> response = http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_cluster/health" + query))
                  .timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            return port;
          }
          lastProblem = "cluster health answered " + response.statusCode() + ": " + response.body();
        }
      } catch (IOException e) {
        lastProblem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
      if (System.nanoTime() >= nextProgress) {
        progress.accept("waiting for " + what + " (pid " + process.pid() + ") to answer, "
            + Duration.ofNanos(System.nanoTime() - started).toSeconds() + "s so far: " + lastProblem);
        nextProgress = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      }
      sleep(300);
    }
    throw new IllegalStateException(what + " was not ready within " + timeout.toSeconds() + "s (" + lastProblem
        + "); logs in " + logs + ", last lines:\n" + tail(logs.resolve("console.log"), 40));
  }

  private static Integer parsePort(String portsFile) {
    // One bound address per line, such as 127.0.0.1:41234; the file may still be half written.
    for (String line : portsFile.split("\n")) {
      int colon = line.lastIndexOf(':');
      if (colon > 0 && line.strip().length() > colon + 1) {
        try {
          return Integer.parseInt(line.strip().substring(colon + 1));
        } catch (NumberFormatException halfWritten) {
          return null;
        }
      }
    }
    return null;
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static void chownTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.setAttribute(p, "unix:uid", UNPRIVILEGED_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", UNPRIVILEGED_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  /** As root the node runs as uid 65534, which must be able to reach its directories. */
  private static void requireTraversable(Path dir) throws IOException {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IllegalStateException(p + " (mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
            + ") cannot be traversed by uid " + UNPRIVILEGED_UID + ", which runs the node because the distributions refuse"
            + " to run as root; choose a work directory below /tmp or make " + p + " traversable (chmod o+x)");
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      DistributionInstaller.deleteRecursively(dir);
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
