package io.snapdrill.worker.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.repository.RepositoryCheck;
import io.snapdrill.activities.repository.RepositoryVerdict;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobState;
import io.snapdrill.activities.storage.DeleteMarkerHealer;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.RemovedMarker;
import io.snapdrill.model.RestoredVersion;
import io.snapdrill.worker.cli.ExitCode;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code snapdrill heal s3://bucket/prefix [--snapshot S] --dry-run | --approve NAME}: after an incident,
 * removes exactly the delete markers that hide blobs the repository's snapshots need, under the drill's
 * safety rules ({@link DeleteMarkerHealer}), and keeps a heal record.
 */
public final class RepositoryHeal {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  /** One key brought back: the marker(s) removed and the version that is current again. */
  public record HealedKey(String key, List<String> markerVersionIds, String versionBroughtBack, List<String> snapshots) {}

  /** What the heal record file holds. */
  public record HealRecord(String bucket, String prefix, String approvedBy, Instant healedAt, List<HealedKey> healed,
      List<String> notHealed) {}

  /** @param approver null for a dry run */
  public record Options(String snapshot, String approver, Path record) {
    public boolean dryRun() {
      return approver == null;
    }
  }

  private RepositoryHeal() {}

  public static int run(BucketConfig bucket, S3Client reader, S3Client healer, Options options, Instant now,
      PrintWriter out, PrintWriter err) {
    RepositoryVerdict verdict =
        RepositoryCheck.read(new S3BlobStore(reader, bucket.bucket(), bucket.keyPrefix())).all();
    Map<String, List<String>> hidden = new LinkedHashMap<>();
    for (RepositoryVerdict.SnapshotVerdict snapshot : verdict.snapshots()) {
      if (options.snapshot() != null && !options.snapshot().equals(snapshot.name())
          && !options.snapshot().equals(snapshot.uuid())) {
        continue;
      }
      snapshot.problems().stream().filter(p -> p.state() == BlobState.HIDDEN_BY_DELETE_MARKER)
          .forEach(p -> hidden.computeIfAbsent(p.objectKey(), k -> new ArrayList<>()).add(snapshot.name()));
    }
    String where = "s3://" + bucket.bucket() + "/" + bucket.keyPrefix();
    if (options.snapshot() != null && verdict.snapshots().stream()
        .noneMatch(s -> options.snapshot().equals(s.name()) || options.snapshot().equals(s.uuid()))) {
      throw new IllegalArgumentException("--snapshot: " + options.snapshot() + " is not a snapshot of " + where);
    }
    if (hidden.isEmpty()) {
      out.println("no delete marker hides a blob " + (options.snapshot() != null ? "snapshot " + options.snapshot()
          : "any snapshot") + " of " + where + " needs: nothing to heal");
      return ExitCode.PASSED;
    }
    List<DeleteMarker> markers = hidden.entrySet().stream()
        .map(e -> new DeleteMarker(bucket.bucket(), e.getKey(), null, null, e.getValue())).toList();
    HealReport report;
    try {
      report = DeleteMarkerHealer.heal(markers, options.dryRun(), b -> healer, progress -> { });
    } catch (ApplicationFailure refused) {
      err.println("snapdrill: " + refused.getOriginalMessage());
      return ExitCode.FAILED;
    }
    for (DeleteMarker marker : report.removed()) {
      out.println((options.dryRun() ? "would heal " : "healed ") + marker.key() + " (breaks " + marker.breaksSnapshots() + ")");
    }
    for (DeleteMarker marker : report.unhealable()) {
      out.println("cannot heal " + marker.key() + ": no real version left under its markers, or it changed meanwhile");
    }
    if (options.dryRun()) {
      out.println(report.removed().size() + " of " + markers.size() + " hidden blobs can be healed; run again with"
          + " --approve NAME to remove their delete markers");
    } else {
      HealRecord record = record(bucket, options.approver(), now, report);
      writeRecord(options.record(), record);
      out.println("removed " + report.removedMarkerCount() + " delete marker(s); heal record: " + options.record());
    }
    return report.unhealable().isEmpty() ? ExitCode.PASSED : ExitCode.FAILED;
  }

  private static HealRecord record(BucketConfig bucket, String approver, Instant now, HealReport report) {
    List<HealedKey> healed = new ArrayList<>();
    for (DeleteMarker marker : report.removed()) {
      List<String> removed = report.removedMarkers().stream().filter(r -> r.key().equals(marker.key()))
          .map(RemovedMarker::versionId).toList();
      String broughtBack = report.restoredVersions().stream().filter(r -> r.key().equals(marker.key()))
          .map(RestoredVersion::versionId).findFirst().orElse(null);
      healed.add(new HealedKey(marker.key(), removed, broughtBack, marker.breaksSnapshots()));
    }
    return new HealRecord(bucket.bucket(), bucket.keyPrefix(), approver, now, healed,
        report.unhealable().stream().map(DeleteMarker::key).toList());
  }

  private static void writeRecord(Path file, HealRecord record) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      JSON.writeValue(file.toFile(), record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the heal record " + file, e);
    }
  }
}
