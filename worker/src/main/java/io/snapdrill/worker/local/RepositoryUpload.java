package io.snapdrill.worker.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stands in for the repository-s3 plugin, which the Elasticsearch and OpenSearch distributions that
 * run here lack: the source node snapshots into an {@code fs} repository and this puts the
 * repository's files into the primary bucket, as the plugin would have written them, and deletes the
 * keys of files the node deleted. Synchronous: called when a snapshot has completed, so the primary
 * holds the snapshot when the drill looks, as it would with the plugin.
 */
final class RepositoryUpload {
  private final S3Client s3;
  private final Path repository;
  private final String bucket;
  private final String keyPrefix;
  private final Map<String, Long> uploaded = new HashMap<>();

  RepositoryUpload(S3Client s3, Path repository, String bucket, String keyPrefix) {
    this.s3 = s3;
    this.repository = repository;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix;
  }

  /** Uploads new and changed files (the root blob last, as Elasticsearch writes it last), deletes removed ones. */
  synchronized int sync() {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(repository)) {
      files = walk.filter(Files::isRegularFile).sorted((a, b) -> Boolean.compare(isRootBlob(a), isRootBlob(b))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the source repository " + repository, e);
    }
    Set<String> present = new HashSet<>();
    int changed = 0;
    for (Path file : files) {
      String key = keyPrefix + repository.relativize(file).toString().replace('\\', '/');
      present.add(key);
      try {
        long stamp = Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file);
        if (!Long.valueOf(stamp).equals(uploaded.get(key))) {
          s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
          uploaded.put(key, stamp);
          changed++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    for (String gone : Set.copyOf(uploaded.keySet())) {
      if (!present.contains(gone)) {
        s3.deleteObject(b -> b.bucket(bucket).key(gone));
        uploaded.remove(gone);
        changed++;
      }
    }
    return changed;
  }

  private boolean isRootBlob(Path file) {
    String name = file.getFileName().toString();
    return repository.equals(file.getParent()) && (name.startsWith("index-") || name.equals("index.latest"));
  }
}
