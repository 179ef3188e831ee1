package io.snapdrill.activities.evidence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ReportConfig;
import io.snapdrill.model.StoredEvidence;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The report store for evidence too large for a workflow payload (Temporal refuses a payload over 2 MB):
 * every problem blob, every index's expectations. It writes JSON beside the drill's reports
 * ({@code <directory>/<drill-id>/evidence/<name>.json} in local mode, {@code s3://<reports bucket>/<prefix>/<drill-id>/evidence/<name>.json}
 * with {@code reports.s3Bucket}) and answers with a {@link StoredEvidence}: where it is, the SHA-256 of the
 * bytes written, how many items. Reading it back checks that digest, so an activity on another worker
 * (VERIFY reading SNAPSHOT's expectations) uses exactly what the payload pointed to, and an altered or
 * replaced file is an error, never silently other evidence. Writing the same name again (an activity retry)
 * replaces it.
 */
public final class EvidenceStore {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path directory;
  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  private EvidenceStore(Path directory, S3Client s3, String bucket, String prefix) {
    this.directory = directory == null ? null : directory.toAbsolutePath();
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
  }

  /** Files under {@code directory} (local mode, and any worker without a reports bucket). */
  public static EvidenceStore inDirectory(Path directory) {
    return new EvidenceStore(directory, null, null, null);
  }

  /** Objects in {@code bucket} under {@code prefix}. */
  public static EvidenceStore inBucket(S3Client s3, String bucket, String prefix) {
    return new EvidenceStore(null, s3, bucket, prefix);
  }

  /** Where the worker's reports go: the reports bucket when configured (a worker's disk dies with it), else the report directory. */
  public static EvidenceStore forReports(ReportConfig config, AwsClients aws) {
    if (config.s3Bucket() != null && !config.s3Bucket().isBlank()) {
      return inBucket(aws.s3(AwsClientSettings.region(config.s3Region())), config.s3Bucket(), config.s3Prefix());
    }
    return inDirectory(Path.of(config.directory()));
  }

  /**
   * For activities built without a report configuration (tests, tools): a directory under the system's
   * temporary directory.
   */
  public static EvidenceStore temporary() {
    return inDirectory(Path.of(System.getProperty("java.io.tmpdir"), "snapdrill-evidence"));
  }

  /**
   * The drill the running activity works for (its workflow id), or {@code fallback} outside an activity:
   * evidence is filed beside that drill's reports.
   */
  public static String currentRun(String fallback) {
    try {
      return Activity.getExecutionContext().getInfo().getWorkflowId();
    } catch (IllegalStateException | NullPointerException e) {
      return fallback;
    }
  }

  /** Writes {@code items} as a JSON array under {@code run}/evidence/{@code name}.json. */
  public StoredEvidence put(String run, String name, List<?> items) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(items);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write evidence " + name + " as JSON: " + e.getMessage(), e);
    }
    String relative = safe(run) + "/evidence/" + safe(name) + ".json";
    return new StoredEvidence(s3 == null ? writeFile(relative, bytes) : upload(relative, bytes), sha256(bytes), items.size());
  }

  /**
   * The items {@code evidence} points to, after checking that the stored bytes still have its SHA-256.
   *
   * @throws EvidenceMismatchException when they do not (the file was changed or replaced since)
   */
  public <T> List<T> read(StoredEvidence evidence, TypeReference<List<T>> type) {
    byte[] bytes = evidence.uri().startsWith("s3://") ? download(evidence.uri()) : readFile(evidence.uri());
    String actual = sha256(bytes);
    if (!actual.equals(evidence.sha256())) {
      throw new EvidenceMismatchException("evidence " + evidence.uri() + " has SHA-256 " + actual
          + ", but the drill recorded " + evidence.sha256() + " when it wrote it: it was changed or replaced"
          + " since, so it is not the evidence the drill saw (restore the original or run the drill again)");
    }
    try {
      List<T> items = JSON.readValue(bytes, type);
      if (items.size() != evidence.count()) {
        throw new EvidenceMismatchException("evidence " + evidence.uri() + " holds " + items.size()
            + " items, but the drill recorded " + evidence.count());
      }
      return items;
    } catch (IOException e) {
      throw new UncheckedIOException("evidence " + evidence.uri() + " is not the JSON expected: " + e.getMessage(), e);
    }
  }

  private String writeFile(String relative, byte[] bytes) {
    if (directory == null) {
      throw new IllegalStateException("this evidence store has no directory");
    }
    Path file = directory.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.write(partial, bytes);
      // a reader never sees half a file: the digest would not match
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write evidence " + file + ": " + e.getMessage()
          + " (check reports.directory)", e);
    }
  }

  private static byte[] readFile(String uri) {
    try {
      return Files.readAllBytes(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read evidence " + uri + ": " + e.getMessage()
          + " (written by a worker with reports.directory there; a worker that reads it needs the same directory)", e);
    }
  }

  private String upload(String relative, byte[] bytes) {
    String key = (prefix.isEmpty() ? "" : prefix + "/") + relative;
    try {
      s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(bytes));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot upload evidence to s3://" + bucket + "/" + key + ": " + e.getMessage()
          + " (check reports.s3Bucket, reports.s3Region and the worker's s3:PutObject permission)", e);
    }
    return "s3://" + bucket + "/" + key;
  }

  private byte[] download(String uri) {
    String path = uri.substring("s3://".length());
    int slash = path.indexOf('/');
    String from = path.substring(0, slash);
    String key = path.substring(slash + 1);
    if (s3 == null) {
      throw new IllegalStateException("evidence " + uri + " is in S3, but this worker has no reports.s3Bucket"
          + " configured to read it with");
    }
    try {
      return s3.getObjectAsBytes(b -> b.bucket(from).key(key)).asByteArray();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot read evidence " + uri + ": " + e.getMessage()
          + " (check the worker's s3:GetObject permission on the reports prefix)", e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** A run or name as one path segment. */
  private static String safe(String segment) {
    return segment.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
