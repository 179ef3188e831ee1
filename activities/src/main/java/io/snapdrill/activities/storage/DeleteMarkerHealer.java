package io.snapdrill.activities.storage;

import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.RemovedMarker;
import io.snapdrill.model.RestoredVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Removes delete markers so the newest real version under them becomes current again.
 *
 * <p>Safe by construction, because {@code s3:DeleteObjectVersion} cannot tell a marker from data and
 * this class is the only guard: it deletes only a version id that a listing of the key made
 * immediately before listed as a delete marker and as the key's latest version, and S3 must confirm
 * each delete with {@code x-amz-delete-marker: true}. It repeats that for stacked markers until the
 * newest real version is current. A key with no real version left, a requested id that is real data,
 * and a bucket this worker may not change are left alone. Idempotent: a key that is readable again
 * counts as healed. Under MFA Delete it refuses before any delete (only the root user with an MFA
 * code may delete versions there). Object Lock needs no check: AWS documents that delete markers are
 * not WORM-protected, and locked data versions are never deleted here anyway.
 */
public final class DeleteMarkerHealer {
  /** ListObjectVersions' page size on AWS. */
  private static final int PAGE_SIZE = 1000;
  /** More stacked markers than this on one key is not an accident healing should paper over. */
  private static final int MAX_STACKED = 50;

  private DeleteMarkerHealer() {}

  /**
   * @param clients the S3 client for a bucket (the heal role's when the cluster names one, for every
   *     call made here), or null when the bucket is not one this worker may heal
   * @throws io.temporal.failure.ApplicationFailure DELETE_MARKER_HIDES_BLOB (non-retryable) under MFA
   *     Delete, or when S3 does not confirm that a deleted version was a delete marker
   */
  public static HealReport heal(
      List<DeleteMarker> markers, boolean dryRun, Function<String, S3Client> clients, Consumer<String> progress) {
    return heal(markers, dryRun, clients, progress, PAGE_SIZE);
  }

  static HealReport heal(List<DeleteMarker> markers, boolean dryRun, Function<String, S3Client> clients,
      Consumer<String> progress, int pageSize) {
    List<DeleteMarker> removed = new ArrayList<>();
    List<DeleteMarker> unhealable = new ArrayList<>();
    List<RemovedMarker> deleted = new ArrayList<>();
    List<RestoredVersion> restored = new ArrayList<>();
    int[] deletedCount = {0};
    Map<String, Boolean> mfaDelete = new HashMap<>();
    for (DeleteMarker marker : markers) {
      S3Client s3 = clients.apply(marker.bucket());
      if (s3 == null) {
        unhealable.add(marker);
        continue;
      }
      if (mfaDelete.computeIfAbsent(marker.bucket(), b -> mfaDeleteEnabled(s3, b))) {
        if (!dryRun) {
          throw FailureType.DELETE_MARKER_HIDES_BLOB.failure("cannot heal s3://" + marker.bucket()
              + ": the bucket has MFA Delete enabled, so only its root user with an MFA code may delete a version"
              + " (the worker's or heal role gets AccessDenied). Remove the marker by hand: aws s3api delete-object --bucket "
              + marker.bucket() + " --key " + marker.key() + " --version-id " + marker.markerVersionId()
              + " --mfa '<device-arn> <code>'");
        }
        unhealable.add(marker);
        continue;
      }
      int deletedBefore = deletedCount[0];
      String current = dryRun ? null : heal(s3, marker, pageSize, removedMarker -> {
        if (deleted.size() < HealReport.MAX_LISTED) {
          deleted.add(removedMarker);
        }
        deletedCount[0]++;
      });
      // brought back only where this heal removed a marker (a key written again since the audit was readable anyway)
      if (current != null && deletedCount[0] > deletedBefore && restored.size() < HealReport.MAX_LISTED) {
        restored.add(new RestoredVersion(marker.bucket(), marker.key(), current));
      }
      boolean healed = dryRun ? wouldHeal(s3, marker, pageSize) : current != null;
      (healed ? removed : unhealable).add(marker);
      progress.accept((dryRun ? "would heal " : "healed ") + removed.size() + " of " + markers.size()
          + " blobs; removed " + deletedCount[0] + " markers");
    }
    return new HealReport(dryRun, removed, unhealable, deleted, deletedCount[0], restored);
  }

  private static boolean mfaDeleteEnabled(S3Client s3, String bucket) {
    return s3.getBucketVersioning(b -> b.bucket(bucket)).mfaDelete() == MFADeleteStatus.ENABLED;
  }

  /**
   * The version current once the key is readable again (the version brought back, as the listing
   * after the last delete shows it), or null when it is not.
   */
  private static String heal(S3Client s3, DeleteMarker marker, int pageSize, Consumer<RemovedMarker> removed) {
    for (int round = 0; round <= MAX_STACKED; round++) {
      KeyVersions now = KeyVersions.list(s3, marker.bucket(), marker.key(), pageSize);
      if (now.isRealVersion(marker.markerVersionId())) {
        return null; // the request names data, not a marker: never delete it
      }
      if (now.latest() == null || !now.latest().marker()) {
        // readable again, or nothing at all under this key
        return now.latest() == null ? null : now.latest().versionId();
      }
      if (!now.hasRealVersion()) {
        return null; // only markers: nothing to bring back
      }
      String versionId = now.latest().versionId();
      DeleteObjectResponse response =
          s3.deleteObject(b -> b.bucket(marker.bucket()).key(marker.key()).versionId(versionId));
      if (!Boolean.TRUE.equals(response.deleteMarker())) {
        throw FailureType.DELETE_MARKER_HIDES_BLOB.failure("healing stopped: S3 did not confirm that version "
            + versionId + " of s3://" + marker.bucket() + "/" + marker.key() + " it just deleted was a delete marker"
            + " (no x-amz-delete-marker: true in its answer), though the listing before the delete said so. Check"
            + " the key's versions by hand: aws s3api list-object-versions --bucket " + marker.bucket()
            + " --prefix " + marker.key());
      }
      removed.accept(new RemovedMarker(marker.bucket(), marker.key(), versionId));
    }
    throw FailureType.DELETE_MARKER_HIDES_BLOB.failure("healing stopped: s3://" + marker.bucket() + "/" + marker.key()
        + " still has a delete marker on top after " + MAX_STACKED + " were removed; something keeps deleting it");
  }

  private static boolean wouldHeal(S3Client s3, DeleteMarker marker, int pageSize) {
    KeyVersions now = KeyVersions.list(s3, marker.bucket(), marker.key(), pageSize);
    return !now.isRealVersion(marker.markerVersionId()) && now.latest() != null && now.hasRealVersion();
  }

  /** One key's versions and delete markers as S3 lists them now (every page, this exact key only). */
  private record KeyVersions(Entry latest, List<Entry> entries) {
    record Entry(String versionId, boolean marker) {}

    static KeyVersions list(S3Client s3, String bucket, String key, int pageSize) {
      Entry latest = null;
      List<Entry> entries = new ArrayList<>();
      for (ListObjectVersionsResponse page :
          s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(key).maxKeys(pageSize))) {
        for (ObjectVersion v : page.versions()) {
          if (v.key().equals(key)) {
            Entry entry = new Entry(v.versionId(), false);
            entries.add(entry);
            latest = Boolean.TRUE.equals(v.isLatest()) ? entry : latest;
          }
        }
        for (DeleteMarkerEntry m : page.deleteMarkers()) {
          if (m.key().equals(key)) {
            Entry entry = new Entry(m.versionId(), true);
            entries.add(entry);
            latest = Boolean.TRUE.equals(m.isLatest()) ? entry : latest;
          }
        }
        if (pastKey(page, key)) {
          break; // keys are listed in order: the rest belongs to longer keys sharing the prefix
        }
      }
      return new KeyVersions(latest, entries);
    }

    private static boolean pastKey(ListObjectVersionsResponse page, String key) {
      return page.versions().stream().anyMatch(v -> v.key().compareTo(key) > 0)
          || page.deleteMarkers().stream().anyMatch(m -> m.key().compareTo(key) > 0);
    }

    boolean hasRealVersion() {
      return entries.stream().anyMatch(e -> !e.marker());
    }

    boolean isRealVersion(String versionId) {
      return entries.stream().anyMatch(e -> !e.marker() && e.versionId().equals(versionId));
    }
  }
}
