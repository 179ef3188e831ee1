package io.snapdrill.activities.repository;

import io.snapdrill.activities.blob.BlobEntry;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.VersionListing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the blobs a snapshot needs with one listing of a repository (1,000 keys a request, never
 * a request per blob).
 */
public final class BlobComparison {
  private static final Pattern ROOT_BLOB = Pattern.compile("index-(\\d+)");

  private BlobComparison() {}

  /** ARCHIVED: present with the right size in an archive storage class, which a restore cannot read. */
  public enum Status { PRESENT, MISSING, WRONG_SIZE, HIDDEN_BY_DELETE_MARKER, ARCHIVED }

  public record BlobStatus(RequiredBlob blob, Status status, long actualSize) {}

  /**
   * What a repository holds: current blobs with sizes and, where the store keeps versions, the keys
   * whose latest version is a delete marker and the current blobs in an archive storage class.
   */
  public record Listing(Map<String, Long> current, Set<String> hidden, Map<String, String> archived,
      boolean versionsKnown) {

    /** The newest root generation among current blobs, or -1. */
    public long newestRootGeneration() {
      long newest = -1;
      for (String key : current.keySet()) {
        Matcher m = ROOT_BLOB.matcher(key);
        if (m.matches()) {
          newest = Math.max(newest, Long.parseLong(m.group(1)));
        }
      }
      return newest;
    }
  }

  /**
   * Lists the whole repository. A versioned store is listed with ListObjectVersions, which gives
   * sizes and delete markers in the same pages (so a hidden blob is told apart from a missing one);
   * otherwise with a plain listing.
   */
  public static Listing list(BlobStore store) {
    VersionListing versions = store.listVersions("");
    if (versions.supported()) {
      Set<String> hidden = new HashSet<>();
      versions.hiddenBlobs().forEach(h -> hidden.add(h.key()));
      return new Listing(versions.currentSizes(), hidden, versions.archived(), true);
    }
    Map<String, Long> current = new HashMap<>();
    for (BlobEntry entry : store.list("")) {
      current.put(entry.key(), entry.size());
    }
    return new Listing(current, Set.of(), Map.of(), false);
  }

  /**
   * The status of each required blob but the root (roots are compared by generation, since the
   * primary's root may already be superseded and deleted where the replica is newer).
   *
   * @param progress told the number of blobs compared so far, every 10,000 blobs
   */
  public static List<BlobStatus> compare(List<RequiredBlob> required, Listing listing, IntConsumer progress) {
    List<BlobStatus> statuses = new ArrayList<>(required.size());
    int done = 0;
    for (RequiredBlob blob : required) {
      if (blob.need() == RequiredBlob.Need.ROOT) {
        continue;
      }
      Long size = listing.current().get(blob.key());
      if (size == null) {
        statuses.add(new BlobStatus(blob,
            listing.hidden().contains(blob.key()) ? Status.HIDDEN_BY_DELETE_MARKER : Status.MISSING, -1));
      } else if (size != blob.size()) {
        statuses.add(new BlobStatus(blob, Status.WRONG_SIZE, size));
      } else if (listing.archived().containsKey(blob.key())) {
        statuses.add(new BlobStatus(blob, Status.ARCHIVED, size));
      } else {
        statuses.add(new BlobStatus(blob, Status.PRESENT, size));
      }
      if (++done % 10_000 == 0) {
        progress.accept(done);
      }
    }
    progress.accept(done);
    return statuses;
  }
}
