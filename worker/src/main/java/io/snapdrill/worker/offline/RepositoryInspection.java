package io.snapdrill.worker.offline;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.repository.BlobComparison.BlobStatus;
import io.snapdrill.activities.repository.BlobComparison;
import io.snapdrill.activities.repository.RepositoryData.SnapshotEntry;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryFormatException;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.repository.SnapshotBlobs;
import io.snapdrill.worker.cli.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code snapdrill inspect-repo LOCATION [--snapshot NAME]}: lists the snapshots of a repository (a
 * directory, or s3://bucket/prefix) and, for one snapshot, every blob its restore needs as present,
 * missing, wrong size or hidden by a delete marker.
 */
public final class RepositoryInspection {

  private RepositoryInspection() {}

  /**
   * @param location a directory, or {@code s3://bucket[/prefix]}
   * @param endpoint an S3-compatible endpoint, or null for AWS
   * @param region the bucket's region (AWS needs it; any value for most S3-compatible servers)
   */
  public static BlobStore store(String location, String endpoint, String region, boolean pathStyle, AwsClients aws) {
    if (location.startsWith("s3://")) {
      String rest = location.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      if (bucket.isBlank()) {
        throw new IllegalArgumentException("'" + location + "' names no bucket; expected s3://bucket/prefix");
      }
      return S3BlobStore.of(aws, new BucketConfig(bucket, prefix, region == null ? "us-east-1" : region, endpoint, pathStyle));
    }
    return new DirectoryBlobStore(Path.of(location));
  }

  /**
   * Prints the findings to {@code out}, or to {@code err} when the input was bad; returns the {@link ExitCode}.
   *
   * @param snapshot a snapshot name or uuid to check blob by blob, or null to list snapshots only
   */
  public static int run(BlobStore store, String snapshot, PrintWriter out, PrintWriter err) {
    List<String> lines = new ArrayList<>();
    int exitCode = inspect(store, snapshot, lines);
    PrintWriter to = exitCode == ExitCode.BAD_INPUT ? err : out;
    lines.forEach(to::println);
    to.flush();
    return exitCode;
  }

  private static int inspect(BlobStore store, String snapshot, List<String> lines) {
    try {
      RepositoryReader reader = new RepositoryReader(store);
      RepositoryReader.RootBlob root = reader.latestRoot();
      RepositoryData data = reader.repositoryData(root);
      lines.add("Repository " + store.locate("") + " (root " + root.key() + ", " + data.snapshots().size() + " snapshots)");
      if (root.note() != null) {
        lines.add("note: " + root.note());
      }
      for (SnapshotEntry entry : data.snapshots()) {
        lines.add(String.format("  %-30s %-24s %-8s %d indices%s", entry.name(), entry.uuid(), entry.state(),
            data.indicesOf(entry).size(),
            entry.startTimeMillis() == null ? "" : "  started " + Instant.ofEpochMilli(entry.startTimeMillis())));
      }
      if (snapshot == null) {
        return ExitCode.PASSED;
      }
      SnapshotBlobs required = reader.requiredBlobs(root, data, snapshot);
      BlobComparison.Listing listing = BlobComparison.list(store);
      List<BlobStatus> statuses = BlobComparison.compare(required.blobs(), listing, done -> { });
      lines.add("");
      lines.add("Snapshot " + required.snapshotName() + " [" + required.snapshotUuid() + "] needs "
          + required.blobs().size() + " blobs, " + required.totalBytes() + " bytes ("
          + required.virtualFiles() + " small files live inside the shard metadata):");
      lines.add(String.format("  %-26s %-17s %12s  %s", "status", "need", "bytes", "key"));
      lines.add(String.format("  %-26s %-17s %12d  %s", "present", RequiredBlob.Need.ROOT, required.root().size(),
          store.objectKey(required.root().key())));
      int problems = 0;
      for (BlobStatus status : statuses) {
        String text = switch (status.status()) {
          case PRESENT -> "present";
          case MISSING -> "MISSING";
          case WRONG_SIZE -> "WRONG SIZE (" + status.actualSize() + ")";
          case HIDDEN_BY_DELETE_MARKER -> "HIDDEN BY DELETE MARKER";
          case ARCHIVED -> "ARCHIVED (restore it first)";
        };
        if (status.status() != BlobComparison.Status.PRESENT) {
          problems++;
        }
        lines.add(String.format("  %-26s %-17s %12d  %s", text, status.blob().need(), status.blob().size(),
            store.objectKey(status.blob().key())));
      }
      lines.add(problems == 0 ? "All " + required.blobs().size() + " blobs are present with the expected sizes."
          : problems + " of " + required.blobs().size() + " blobs are missing, hidden, archived or of the wrong size:"
              + " a restore of " + required.snapshotName() + " fails.");
      if (!listing.versionsKnown()) {
        lines.add("(no version listing here: delete markers cannot be told apart from missing blobs)");
      }
      return problems == 0 ? ExitCode.PASSED : ExitCode.FAILED;
    } catch (RepositoryFormatException e) {
      // with a key: a damaged blob (a finding); without: no repository there, or no such snapshot
      lines.add("error: " + e.getMessage());
      return e.key() != null ? ExitCode.FAILED : ExitCode.BAD_INPUT;
    } catch (BlobNotFoundException e) {
      lines.add("error: " + e.getMessage());
      return ExitCode.FAILED;
    } catch (SdkException e) {
      lines.add("error: " + store.locate("") + ": " + e.getMessage());
      return ExitCode.BAD_INPUT;
    } catch (java.io.UncheckedIOException e) {
      lines.add("error: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
  }
}
