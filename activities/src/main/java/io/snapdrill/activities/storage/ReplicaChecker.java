package io.snapdrill.activities.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.ReadThroughDeleteMarkers;
import io.snapdrill.activities.repository.BlobCodec;
import io.snapdrill.activities.repository.BlobComparison.BlobStatus;
import io.snapdrill.activities.repository.BlobComparison.Streamed;
import io.snapdrill.activities.repository.BlobComparison;
import io.snapdrill.activities.repository.RepositoryReader.RootBlob;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.repository.SnapshotBlobs;
import io.snapdrill.model.BlobProblem;
import io.snapdrill.model.BlobProblemKind;
import io.snapdrill.model.ReplicaCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Is the replica repository complete for a snapshot? The blobs the snapshot needs are worked out from
 * the PRIMARY repository (the replica may be torn mid-copy) and compared with one listing of the
 * replica. The primary is read through delete markers: a lifecycle expiry there hides blobs every
 * later snapshot shares, yet the replica may hold them (S3 never replicates a marker that expiry
 * made). Such a blob is reported as hidden in the primary, which AUDIT_STORAGE names and may heal,
 * not as a repository nobody can read.
 */
public final class ReplicaChecker {

  private ReplicaChecker() {}

  /**
   * @param progress told how many required blobs were compared so far
   */
  public static ReplicaCheck check(BlobStore primary, BlobStore replica, String snapshot, IntConsumer progress) {
    return check(primary, replica, snapshot, progress, message -> {});
  }

  /**
   * @param listed told after each listing page of the replica how many keys were listed so far
   * @param reading told after each batch of metadata reads from the primary
   */
  public static ReplicaCheck check(BlobStore primary, BlobStore replica, String snapshot, IntConsumer listed,
      Consumer<String> reading) {
    ReadThroughDeleteMarkers primaryReads = new ReadThroughDeleteMarkers(primary);
    RepositoryReader reader = new RepositoryReader(primaryReads).onProgress(reading);
    RootBlob primaryRoot = reader.latestRoot();
    SnapshotBlobs required = reader.requiredBlobs(primaryRoot, reader.repositoryData(primaryRoot), snapshot);

    // the replica's listing is compared page by page and never held whole
    Streamed compared = BlobComparison.compareStreaming(required.blobs(), replica, listed);
    List<BlobProblem> problems = new ArrayList<>();
    BlobProblem root = checkRoot(replica, compared, primaryRoot, required);
    if (root != null) {
      problems.add(root);
    }
    for (RequiredBlob blob : required.blobs()) {
      if (primaryReads.hidden().containsKey(blob.key())) {
        problems.add(new BlobProblem(primary.container(), primary.objectKey(blob.key()),
            BlobProblemKind.HIDDEN_BY_DELETE_MARKER, blob.size(), -1));
      }
    }
    for (BlobStatus status : compared.problems()) {
      BlobProblemKind kind = switch (status.status()) {
        case PRESENT -> null;
        case MISSING -> BlobProblemKind.MISSING;
        case WRONG_SIZE -> BlobProblemKind.WRONG_SIZE;
        case HIDDEN_BY_DELETE_MARKER -> BlobProblemKind.HIDDEN_BY_DELETE_MARKER;
        case ARCHIVED -> BlobProblemKind.ARCHIVED;
      };
      if (kind != null) {
        problems.add(new BlobProblem(replica.container(), replica.objectKey(status.blob().key()), kind,
            status.blob().size(), status.actualSize()));
      }
    }
    return new ReplicaCheck(replica.container(), required.blobs().size(), required.totalBytes(), problems, null);
  }

  /**
   * Elasticsearch on the restore host will use the replica's newest root. It is good enough when it
   * names the snapshot (it may be older or newer than the primary's: replication runs behind, and
   * the primary may have moved on); the same generation must have the same size (a torn copy).
   */
  private static BlobProblem checkRoot(BlobStore replica, Streamed listing, RootBlob primaryRoot, SnapshotBlobs required) {
    long generation = listing.newestRootGeneration();
    if (generation < 0) {
      BlobProblemKind kind = listing.hiddenRoots().contains(primaryRoot.key())
          ? BlobProblemKind.HIDDEN_BY_DELETE_MARKER : BlobProblemKind.MISSING;
      return new BlobProblem(replica.container(), replica.objectKey(primaryRoot.key()), kind, primaryRoot.size(), -1);
    }
    String key = "index-" + generation;
    long size = listing.newestRootSize();
    if (listing.newestRootArchived()) {
      return new BlobProblem(replica.container(), replica.objectKey(key), BlobProblemKind.ARCHIVED, size, size);
    }
    if (generation == primaryRoot.generation()) {
      return size == primaryRoot.size() ? null
          : new BlobProblem(replica.container(), replica.objectKey(key), BlobProblemKind.WRONG_SIZE, primaryRoot.size(), size);
    }
    if (namesSnapshot(replica, key, required.snapshotUuid())) {
      return null;
    }
    return new BlobProblem(replica.container(), replica.objectKey(key), BlobProblemKind.STALE_ROOT, primaryRoot.size(), size);
  }

  private static boolean namesSnapshot(BlobStore replica, String key, String uuid) {
    try {
      JsonNode root = BlobCodec.decodeRoot(key, replica.locate(key), replica.read(key));
      for (JsonNode snapshot : root.path("snapshots")) {
        if (uuid.equals(snapshot.path("uuid").asText())) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException unreadable) {
      return false; // a torn or unreadable root names nothing a restore could use
    }
  }
}
