package io.snapdrill.activities.report;

import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ReportConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where reports and the evidence reports are made of live: {@code reports.directory/<id>/<name>}, and,
 * with {@code reports.s3Bucket}, also {@code s3://bucket/prefix/<id>/<name>}, which is then the copy
 * that counts (a worker's disk is gone with the worker). Reads take what a {@code ReportLocation} or
 * {@code StoredEvidence} holds: a file path or an s3:// URI.
 */
public final class ReportStore {
  /** What a read found: the bytes, or why there are none (missing, unreadable). */
  public record Read(byte[] bytes, String problem) {
    public boolean found() {
      return bytes != null;
    }
  }

  private final Path directory;
  private final ReportUpload upload;

  private ReportStore(Path directory, ReportUpload upload) {
    this.directory = directory.toAbsolutePath();
    this.upload = upload;
  }

  /** Reports on this machine only. */
  public static ReportStore local(Path directory) {
    return new ReportStore(directory, null);
  }

  /** Reports written locally and uploaded to {@code bucket} (the s3:// copy is the one read and listed). */
  public static ReportStore uploading(Path directory, software.amazon.awssdk.services.s3.S3Client s3, String bucket,
      String prefix, io.snapdrill.activities.config.ReportRetention retention, Clock clock) {
    return new ReportStore(directory, new ReportUpload(s3, bucket, prefix, retention, clock));
  }

  /** The store {@code snapdrill.yaml}'s {@code reports} describes, S3 through the worker's client owner. */
  public static ReportStore of(ReportConfig config, AwsClients aws) {
    Path directory = Path.of(config.directory());
    if (config.s3Bucket() == null || config.s3Bucket().isBlank()) {
      return local(directory);
    }
    return uploading(directory, aws.s3(AwsClientSettings.region(config.s3Region())), config.s3Bucket(),
        config.s3Prefix(), config.objectLock(), Clock.systemUTC());
  }

  /** Writes {@code <id>/<name>} and answers where the copy that counts is (s3:// URI or file path). */
  public String write(String id, String name, byte[] content, String contentType) {
    String relative = safe(id) + "/" + name;
    String file = writeFile(directory.resolve(relative), content);
    return upload == null ? file : upload.put(relative, content, contentType);
  }

  /** Reads a file path or s3:// URI; a missing or unreadable one answers why instead of throwing. */
  public Read read(String uri) {
    if (uri == null || uri.isBlank()) {
      return new Read(null, "no report was written");
    }
    if (uri.startsWith("s3://")) {
      return readS3(uri);
    }
    try {
      return new Read(Files.readAllBytes(Path.of(uri)), null);
    } catch (NoSuchFileException e) {
      return new Read(null, "missing: no file " + uri);
    } catch (IOException | RuntimeException e) {
      return new Read(null, "unreadable: " + e.getMessage());
    }
  }

  private Read readS3(String uri) {
    if (upload == null) {
      return new Read(null, "unreadable: " + uri + " is in S3 and reports.s3Bucket is not set on this worker");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash < 1) {
      return new Read(null, "unreadable: " + uri + " is not s3://bucket/key");
    }
    String bucket = rest.substring(0, slash);
    String key = rest.substring(slash + 1);
    try {
      return new Read(upload.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(), null);
    } catch (NoSuchKeyException e) {
      return new Read(null, "missing: no object " + uri);
    } catch (RuntimeException e) {
      return new Read(null, "unreadable: " + uri + ": " + e.getMessage());
    }
  }

  /** The locations of the objects (or files) directly in {@code folder}, sorted by name. */
  public List<String> list(String folder) {
    if (upload != null) {
      String prefix = upload.key(folder + "/");
      return upload.s3().listObjectsV2Paginator(b -> b.bucket(upload.bucket()).prefix(prefix).delimiter("/"))
          .contents().stream().map(S3Object::key).sorted().map(k -> "s3://" + upload.bucket() + "/" + k).toList();
    }
    Path dir = directory.resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
          .map(Path::toString).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list reports in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A location's file name: what follows its last slash. */
  static String name(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  /** Written to a temporary file and moved, so a reader never sees half a report. */
  private static String writeFile(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".report", ".tmp");
      Files.write(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
    }
  }

  static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
