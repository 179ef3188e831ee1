package io.snapdrill.activities.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * local-s3 (io.github.robothy) in its own JVM on a free 127.0.0.1 port, shared by the test classes of
 * the JVM and stopped at JVM exit. Used for what S3Mock lacks: bucket replication configuration
 * (stored only; nothing is ever copied). It does not implement lifecycle configuration (501).
 *
 * <p>Its own JVM because it needs netty 4.2 while the AWS SDK brings netty 4.1: the build copies the
 * 4.2 jars of the artifacts both use, and its classpath is theirs plus the test classpath without netty 4.1.
 */
public final class LocalS3Server implements AutoCloseable {
  private static LocalS3Server shared;

  private final Process process;
  private final URI endpoint;
  private final Path root;

  private LocalS3Server(Process process, URI endpoint, Path root) {
    this.process = process;
    this.endpoint = endpoint;
    this.root = root;
  }

  public static synchronized LocalS3Server shared() {
    if (shared == null) {
      shared = start("256m", "persistence");
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "local-s3-stop"));
    }
    return shared;
  }

  /**
   * A server of the caller's own, in memory, that {@link #close()} stops: PERSISTENCE mode rewrites the
   * bucket's whole metadata file on each PUT, too slow for the benchmark's 100,000 objects.
   */
  public static LocalS3Server inMemory(String maxHeap) {
    return start(maxHeap, "in-memory");
  }

  /**
   * An in-memory server of the caller's own holding {@code spec} in two versioned buckets, written
   * inside the server's JVM (see {@link LocalS3Main}); returns once the primary holds {@link
   * LocalS3Main#SEEDED}.
   */
  public static LocalS3Server inMemorySeeded(String maxHeap, String primary, String replica, String prefix,
      SyntheticRepository.Spec spec) {
    LocalS3Server server = start(maxHeap, "in-memory", "seed", primary, replica, prefix,
        Integer.toString(spec.indices()), Integer.toString(spec.filesPerIndex()), Integer.toString(spec.strays()),
        Integer.toString(spec.hiddenNeeded()));
    S3Client s3 = server.client();
    long seconds = Long.getLong("snapdrill.test.seedSeconds", 1800);
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(seconds).toNanos();
    while (true) {
      try {
        s3.headObject(b -> b.bucket(primary).key(LocalS3Main.SEEDED));
        return server;
      } catch (software.amazon.awssdk.services.s3.model.S3Exception notYet) {
        if (System.nanoTime() > deadline || !server.process.isAlive()) {
          server.stop();
          throw new IllegalStateException("local-s3 did not finish seeding within " + seconds + " s (a bound, "
              + "-Dsnapdrill.test.seedSeconds=N): see its log", notYet);
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          server.stop();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Client client(ExecutionInterceptor... interceptors) {
    return S3MockServer.client(endpoint, interceptors);
  }

  private static LocalS3Server start(String maxHeap, String mode, String... more) {
    try {
      Path root = Files.createTempDirectory("local-s3-");
      int port = S3MockServer.freePort();
      List<String> command = new ArrayList<>(List.of(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
          "-cp", classpath(), LocalS3Main.class.getName(), Integer.toString(port), root.toString(), mode));
      command.addAll(List.of(more));
      Path log = root.resolveSibling(root.getFileName() + ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      S3MockServer.awaitHttp(process, endpoint, log);
      return new LocalS3Server(process, endpoint, root);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start local-s3", e);
    }
  }

  private static String classpath() throws IOException {
    String classpathFile = System.getProperty("snapdrill.local-s3.classpath");
    String nettyDir = System.getProperty("snapdrill.local-s3.netty");
    if (classpathFile == null || nettyDir == null || !Files.isRegularFile(Path.of(classpathFile))) {
      throw new IllegalStateException("local-s3 classpath unknown: run the tests through Maven in the activities"
          + " module (it sets snapdrill.local-s3.classpath and snapdrill.local-s3.netty)");
    }
    List<String> entries = new ArrayList<>();
    try (Stream<Path> jars = Files.list(Path.of(nettyDir))) {
      jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toString()));
    }
    // this class's own classes directory, for LocalS3Main
    entries.add(Paths.get(URI.create(LocalS3Main.class.getProtectionDomain().getCodeSource().getLocation().toString())).toString());
    // netty 4.1 jars out (4.2 moved classes between jars, so order alone is not enough)
    for (String entry : Files.readString(Path.of(classpathFile)).trim().split(File.pathSeparator)) {
      if (!entry.matches(".*[/\\\\]io[/\\\\]netty[/\\\\].*[/\\\\]4\\.1\\.[^/\\\\]*[/\\\\][^/\\\\]+\\.jar")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    S3MockServer.deleteRecursively(root);
    root.resolveSibling(root.getFileName() + ".log").toFile().delete();
  }
}
