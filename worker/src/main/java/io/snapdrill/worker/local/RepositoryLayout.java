package io.snapdrill.worker.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Finds blobs in the source node's {@code fs} repository, for the scenarios that damage one. */
final class RepositoryLayout {
  private final Path repository;

  RepositoryLayout(Path repository) {
    this.repository = repository;
  }

  /** The largest data blob of shard 0 of the index, as a key relative to the repository. */
  String dataBlobOf(String index) {
    Path shard = repository.resolve("indices").resolve(indexId(index)).resolve("0");
    try (Stream<Path> files = Files.list(shard)) {
      Path blob = files.filter(f -> f.getFileName().toString().startsWith("__"))
          .max(Comparator.comparingLong(RepositoryLayout::size))
          .orElseThrow(() -> new IllegalStateException("no data blob in " + shard));
      return repository.relativize(blob).toString().replace('\\', '/');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + shard, e);
    }
  }

  private String indexId(String index) {
    try (Stream<Path> files = Files.list(repository)) {
      Path root = files.filter(f -> f.getFileName().toString().matches("index-\\d+"))
          .max(Comparator.comparingLong(f -> Long.parseLong(f.getFileName().toString().substring(6))))
          .orElseThrow(() -> new IllegalStateException("no root blob in " + repository));
      JsonNode id = new ObjectMapper().readTree(root.toFile()).path("indices").path(index).path("id");
      if (id.isMissingNode()) {
        throw new IllegalStateException(root + " does not list index " + index);
      }
      return id.asText();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the root blob of " + repository, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
