package io.snapdrill.activities.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds a distribution zip (the local Maven repository first, where the build resolved it; else a
 * download from Maven Central into a cache directory, checked against its published SHA-1) and unpacks
 * it once into a shared install directory that any uid can read.
 */
public final class DistributionInstaller {
  private static final String DEFAULT_REPOSITORY = "https://repo.maven.apache.org/maven2/";

  private final Path mavenLocalRepository;
  private final Path downloadCache;
  private final Path installRoot;
  private final String remoteRepository;

  public DistributionInstaller(Path mavenLocalRepository, Path downloadCache, Path installRoot, String remoteRepository) {
    this.mavenLocalRepository = mavenLocalRepository;
    this.downloadCache = downloadCache;
    this.installRoot = installRoot;
    this.remoteRepository = remoteRepository.endsWith("/") ? remoteRepository : remoteRepository + "/";
  }

  /**
   * Defaults: {@code maven.repo.local} or ~/.m2/repository; downloads into {@code snapdrill.cache.dir}
   * or ~/.cache/snapdrill; unpacks under {@code snapdrill.distributions.dir} or
   * {java.io.tmpdir}/snapdrill-distributions (somewhere an unprivileged uid can traverse).
   */
  public static DistributionInstaller defaults() {
    String home = System.getProperty("user.home");
    Path m2 = Path.of(System.getProperty("maven.repo.local", home + "/.m2/repository"));
    Path cache = Path.of(System.getProperty("snapdrill.cache.dir", home + "/.cache/snapdrill"), "distributions");
    Path install = Path.of(System.getProperty("snapdrill.distributions.dir",
        Path.of(System.getProperty("java.io.tmpdir"), "snapdrill-distributions").toString()));
    return new DistributionInstaller(m2, cache, install, System.getProperty("snapdrill.maven.repository", DEFAULT_REPOSITORY));
  }

  /** The unpacked distribution's home directory, unpacking (and downloading) it when needed. */
  public Path install(NodeDistribution distribution) {
    Path target = installRoot.resolve(distribution.homeDirectoryName());
    Path marker = target.resolve(".snapdrill-complete");
    if (Files.exists(marker)) {
      return target;
    }
    return unpack(distribution);
  }

  /** Unpacks into a staging directory and renames it into place; another JVM may do the same at once. */
  Path unpack(NodeDistribution distribution) {
    Path target = installRoot.resolve(distribution.homeDirectoryName());
    Path marker = target.resolve(".snapdrill-complete");
    Path zip = locateZip(distribution);
    try {
      Files.createDirectories(installRoot);
      makeTraversable(installRoot);
      Path staging = installRoot.resolve(".unpack-" + UUID.randomUUID());
      unzip(zip, staging);
      Path home = staging.resolve(distribution.homeDirectoryName());
      if (!Files.isRegularFile(home.resolve(distribution.startScript()))) {
        throw new IllegalStateException(zip + " does not contain " + distribution.homeDirectoryName() + "/"
            + distribution.startScript() + "; is it an integ-test-zip?");
      }
      Files.createFile(home.resolve(".snapdrill-complete"));
      try {
        // Another JVM may unpack the same version at the same time: the first rename wins.
        Files.move(home, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IllegalStateException("cannot move the unpacked distribution into " + target, e);
      } catch (FileSystemException e) {
        // Linux reports a rename onto a non-empty directory as a plain FileSystemException ("Directory
        // not empty"), not DirectoryNotEmptyException: another JVM won the race; keep theirs if complete.
        if (!Files.exists(marker)) {
          throw e;
        }
      }
      deleteRecursively(staging);
      if (!Files.exists(marker)) {
        throw new IllegalStateException(target + " exists but is incomplete; delete it and retry");
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip + " into " + installRoot + ": " + e.getMessage(), e);
    }
  }

  /** The zip from the local Maven repository, the download cache, or Maven Central (in that order). */
  public Path locateZip(NodeDistribution distribution) {
    Path inM2 = mavenLocalRepository.resolve(distribution.repositoryPath());
    if (Files.isRegularFile(inM2)) {
      return inM2;
    }
    Path cached = downloadCache.resolve(distribution.zipFileName());
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    return download(distribution, cached);
  }

  private Path download(NodeDistribution distribution, Path cached) {
    URI uri = URI.create(remoteRepository + distribution.repositoryPath());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    try {
      Files.createDirectories(cached.getParent());
      String expectedSha1 = http.send(HttpRequest.newBuilder(URI.create(uri + ".sha1")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString()).body().strip().split("\\s+")[0];
      Path part = cached.resolveSibling(cached.getFileName() + ".part-" + UUID.randomUUID());
      HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(15)).build(),
          HttpResponse.BodyHandlers.ofFile(part));
      if (response.statusCode() != 200) {
        Files.deleteIfExists(part);
        throw new IllegalStateException("downloading " + distribution + " from " + uri + " answered HTTP "
            + response.statusCode() + "; is the version right and Maven Central reachable?");
      }
      String actualSha1 = sha1(part);
      if (!actualSha1.equalsIgnoreCase(expectedSha1)) {
        Files.deleteIfExists(part);
        throw new IllegalStateException("downloaded " + uri + " has SHA-1 " + actualSha1 + ", Maven Central says "
            + expectedSha1 + "; retry, or put the zip in " + cached);
      }
      Files.move(part, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return cached;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot download " + distribution + " from " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while downloading " + uri, e);
    }
  }

  private static String sha1(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** java.util.zip drops unix modes: directories and files get 755/644 and every bin/ file 755. */
  private static void unzip(Path zip, Path into) throws IOException {
    Files.createDirectories(into);
    Path root = into.toAbsolutePath().normalize();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root)) {
          throw new IOException("zip entry " + entry.getName() + " points outside the target directory");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        boolean executable = Files.isDirectory(p) || p.getParent().getFileName().toString().equals("bin");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  /** Best effort: a directory someone else owns keeps its mode (the launcher checks traversal itself). */
  static void makeTraversable(Path dir) {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException | UnsupportedOperationException notOurs) {
      // left as it is
    }
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
