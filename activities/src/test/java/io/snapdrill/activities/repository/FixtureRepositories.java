package io.snapdrill.activities.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** The repositories real nodes wrote (src/test/resources/repositories/README.md). */
public final class FixtureRepositories {
  public static final String ELASTICSEARCH = "es-8.19";
  public static final String OPENSEARCH = "opensearch-2.18";

  private FixtureRepositories() {}

  public static Path path(String name) {
    try {
      return Path.of(FixtureRepositories.class.getResource("/repositories/" + name + "/index-2").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A writable copy, for tests that damage it; also from this test-jar, for other modules' tests. */
  public static synchronized Path copy(String name, Path target) {
    try {
      URI index = FixtureRepositories.class.getResource("/repositories/" + name + "/index-2").toURI();
      if (!"jar".equals(index.getScheme())) {
        return copy(path(name), target);
      }
      try (FileSystem jar = FileSystems.newFileSystem(index, Map.of())) {
        return copy(jar.getPath("/repositories", name), target);
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An index metadata blob ({@code indices/<id>/meta-*.dat}) {@code snapshot} of the repository at {@code repo} needs. */
  public static String indexMetadataNeededBy(Path repo, String snapshot) {
    RepositoryReader reader = new RepositoryReader(new io.snapdrill.activities.blob.DirectoryBlobStore(repo));
    RepositoryReader.RootBlob root = reader.latestRoot();
    return reader.requiredBlobs(root, reader.repositoryData(root), snapshot).blobs().stream()
        .map(RequiredBlob::key).filter(k -> k.matches("indices/[^/]+/meta-.+\\.dat")).findFirst().orElseThrow();
  }

  private static Path copy(Path source, Path target) {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
