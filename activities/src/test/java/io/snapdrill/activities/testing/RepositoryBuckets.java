package io.snapdrill.activities.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Copies repositories between directories (what fs repositories and nodes use) and buckets. */
public final class RepositoryBuckets {

  private RepositoryBuckets() {}

  /** Uploads every file under {@code dir} to {@code bucket} under {@code keyPrefix} ("" or "x/"). */
  public static List<String> upload(S3Client s3, Path dir, String bucket, String keyPrefix) {
    List<String> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        String key = keyPrefix + dir.relativize(file).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        keys.add(key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }

  /**
   * Downloads the current blobs under {@code keyPrefix} into {@code dir}. Keys are taken from the
   * listing and each fetched with GetObject, so a key S3Mock still lists although a delete marker
   * hides it (its ListObjectsV2 bug) is skipped here as real S3 would not list it.
   */
  public static Path download(S3Client s3, String bucket, String keyPrefix, Path dir) {
    try {
      for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents()) {
        Path file = dir.resolve(object.key().substring(keyPrefix.length()));
        Files.createDirectories(file.getParent());
        try {
          Files.write(file, s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException hidden) {
          // hidden by a delete marker
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
