package io.snapdrill.activities.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** A writable copy, for tests that damage it. */
  public static Path copy(String name, Path target) {
    Path source = path(name);
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
