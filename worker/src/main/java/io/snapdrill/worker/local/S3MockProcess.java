package io.snapdrill.worker.local;

import io.snapdrill.activities.node.BoundToThisJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Adobe S3Mock in its own JVM on 127.0.0.1, storing under a directory of local mode's work directory:
 * versioned buckets, delete markers, lifecycle configuration (stored; nothing expires). Its jar ships
 * next to snapdrill.jar ({@code lib/s3mock-exec.jar}).
 */
final class S3MockProcess implements AutoCloseable {
  private final Process process;
  private final URI endpoint;

  private S3MockProcess(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static S3MockProcess start(Path storeRoot, Path log) {
    Path jar = locateJar();
    try {
      Files.createDirectories(storeRoot);
      int httpPort = freePort();
      List<String> command = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
          "-jar", jar.toString(),
          "--server.address=127.0.0.1", "--server.port=" + freePort(), "--http.port=" + httpPort,
          "--com.adobe.testing.s3mock.store.root=" + storeRoot,
          "--com.adobe.testing.s3mock.store.retainFilesOnExit=false",
          "--logging.level.root=WARN", "--spring.main.banner-mode=off");
      // bound to this JVM: a kill -9 of local mode must not leave the S3 server running
      Process process = BoundToThisJvm.start(
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
      S3MockProcess s3 = new S3MockProcess(process, URI.create("http://127.0.0.1:" + httpPort));
      s3.awaitHttp(log);
      return s3;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Mock from " + jar + ": " + e.getMessage(), e);
    }
  }

  URI endpoint() {
    return endpoint;
  }

  long pid() {
    return process.pid();
  }

  static Path locateJar() {
    String configured = System.getProperty("snapdrill.s3mock.jar");
    if (configured != null) {
      return existing(Path.of(configured));
    }
    try {
      Path codeSource = Path.of(S3MockProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path besideJar = codeSource.getParent().resolve("lib").resolve("s3mock-exec.jar");
      if (Files.isRegularFile(besideJar)) {
        return besideJar;
      }
    } catch (URISyntaxException | RuntimeException unknownLocation) {
      // fall through to the local Maven repository
    }
    String version = version();
    return existing(Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "adobe", "testing", "s3mock",
        version, "s3mock-" + version + "-exec.jar"));
  }

  /** The S3Mock version the build copied next to snapdrill.jar: the root pom's {@code s3mock.version}. */
  static String version() {
    Properties build = new Properties();
    try (InputStream in = S3MockProcess.class.getResourceAsStream("/snapdrill-build.properties")) {
      if (in == null) {
        throw new IllegalStateException("snapdrill-build.properties is missing from the class path: rebuild with"
            + " `mvn -B -DskipTests package`");
      }
      build.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapdrill-build.properties: " + e.getMessage(), e);
    }
    return build.getProperty("s3mock.version");
  }

  private static Path existing(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("S3Mock jar " + jar + " is missing: rebuild with `mvn -B -DskipTests package`"
          + " (it copies com.adobe.testing:s3mock:" + version() + ":exec to worker/target/lib)");
    }
    return jar;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitHttp(Path log) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited while starting; see " + log);
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(2000);
        if (connection.getResponseCode() > 0) {
          connection.disconnect();
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      LocalStack.pause(Duration.ofMillis(200));
    }
    close();
    throw new IllegalStateException("S3Mock did not answer on " + endpoint + " within 90 s; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
