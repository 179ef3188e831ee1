package io.snapdrill.activities.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.ReadThroughDeleteMarkers;
import io.snapdrill.activities.evidence.EvidenceMismatchException;
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
import io.snapdrill.model.StoredEvidence;
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
    ProblemParts unused = new ProblemParts() {
      @Override
      public StoredEvidence put(int part, List<BlobProblem> problems) {
        return null;
      }

      @Override
      public List<BlobProblem> read(StoredEvidence part) {
        throw new IllegalStateException("no parts were stored");
      }
    };
    return check(primary, replica, snapshot, null, at -> listed.accept(at.listing().listed()), reading, unused,
        Integer.MAX_VALUE);
  }

  /** Where the problems a check has found go, a part at a time, and how they are read back. */
  public interface ProblemParts {
    /** @param part 0 for the first part of the check, then 1, 2, ... */
    StoredEvidence put(int part, List<BlobProblem> problems);

    /** The problems of a part, as stored (or it throws). */
    List<BlobProblem> read(StoredEvidence part);
  }

  /**
   * The check, going on from where an earlier attempt stood: with {@code from} (a position {@code afterPage}
   * was told, for the same snapshot and primary root) the replica is listed only from there, and the answer is
   * that of a whole check.
   *
   * @param afterPage told after each listing page of the replica where the check stands (to heartbeat)
   * @param reading told after each batch of metadata reads from the primary
   * @param parts where the problems go every {@code storedEvery} (so that the position stays small)
   */
  public static ReplicaCheck check(BlobStore primary, BlobStore replica, String snapshot, ReplicaProgress from,
      Consumer<ReplicaProgress> afterPage, Consumer<String> reading, ProblemParts parts, int storedEvery) {
    ReadThroughDeleteMarkers primaryReads = new ReadThroughDeleteMarkers(primary);
    RepositoryReader reader = new RepositoryReader(primaryReads).onProgress(reading);
    RootBlob primaryRoot = reader.latestRoot();
    SnapshotBlobs required = reader.requiredBlobs(primaryRoot, reader.repositoryData(primaryRoot), snapshot);
    ReplicaProgress start = from != null && required.snapshotUuid().equals(from.snapshotUuid())
        && from.primaryRootGeneration() == primaryRoot.generation() && from.listing() != null ? from : null;

    // the problems found before the position: read back (digest-checked) before listing from it
    List<BlobProblem> before = new ArrayList<>();
    if (start != null) {
      try {
        start.stored().forEach(part -> before.addAll(parts.read(part)));
        before.addAll(start.problems());
      } catch (EvidenceMismatchException changed) {
        // not the parts the attempt before wrote: a whole check from the first page is still right
        before.clear();
        start = null;
      }
    }
    List<BlobProblem> inline = new ArrayList<>(start == null ? List.of() : start.problems());
    List<StoredEvidence> stored = new ArrayList<>(start == null ? List.of() : start.stored());
    ReplicaProgress[] checkpoint = {start};
    // the replica's listing is compared page by page and never held whole
    Streamed compared = BlobComparison.compareStreaming(required.blobs(), replica,
        start == null ? null : start.listing(), (at, settled) -> {
          settled.forEach(status -> inline.add(problem(replica, status)));
          if (inline.size() > storedEvery && stored.size() < ReplicaProgress.STORED_LIMIT) {
            stored.add(parts.put(stored.size(), List.copyOf(inline)));
            inline.clear();
          }
          // past the limit the position stays where it was: a retry lists again from there
          if (inline.size() <= storedEvery) {
            checkpoint[0] = new ReplicaProgress(required.snapshotUuid(), primaryRoot.generation(), at,
                List.copyOf(inline), List.copyOf(stored));
          }
          if (checkpoint[0] != null) {
            afterPage.accept(checkpoint[0]);
          }
        });
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
    problems.addAll(before);
    compared.problems().forEach(status -> problems.add(problem(replica, status)));
    problems.removeIf(java.util.Objects::isNull);
    return new ReplicaCheck(replica.container(), required.blobs().size(), required.totalBytes(), problems, null);
  }

  /** The replica's problem for a required blob, or null when it is present. */
  private static BlobProblem problem(BlobStore replica, BlobStatus status) {
    BlobProblemKind kind = switch (status.status()) {
      case PRESENT -> null;
      case MISSING -> BlobProblemKind.MISSING;
      case WRONG_SIZE -> BlobProblemKind.WRONG_SIZE;
      case HIDDEN_BY_DELETE_MARKER -> BlobProblemKind.HIDDEN_BY_DELETE_MARKER;
      case ARCHIVED -> BlobProblemKind.ARCHIVED;
    };
    return kind == null ? null : new BlobProblem(replica.container(), replica.objectKey(status.blob().key()), kind,
        status.blob().size(), status.actualSize());
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
