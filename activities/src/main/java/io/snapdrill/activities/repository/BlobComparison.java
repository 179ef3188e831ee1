package io.snapdrill.activities.repository;

import io.snapdrill.activities.blob.BlobEntry;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.BlobVersion;
import io.snapdrill.activities.blob.VersionPage;
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
   * What a streamed comparison found: the required blobs (but the root) that are not {@link
   * Status#PRESENT} (the others are not kept), in key order (those settled after the position it started
   * from, when it started from one), and what the root check needs to know.
   *
   * @param newestRootGeneration the newest root generation among current blobs, or -1
   * @param newestRootSize its size
   * @param newestRootArchived whether it is in an archive storage class
   * @param hiddenRoots the required root keys (index-N) whose latest version is a delete marker
   */
  public record Streamed(List<BlobStatus> problems, int compared, long newestRootGeneration, long newestRootSize,
      boolean newestRootArchived, Set<String> hiddenRoots, boolean versionsKnown) {}

  /**
   * Where a streamed comparison stands after a listing page. The listing is in key order, so every
   * required key up to {@code lastKey} is settled then (its problems told to the caller, who keeps them):
   * a comparison started from here lists only the pages after it and answers for the keys after it.
   *
   * @param keyMarker object key the next page starts after
   * @param versionIdMarker version of {@code keyMarker} the next page starts after
   * @param lastKey the last key listed (older versions of it in the next page are skipped); null before any
   * @param listed keys listed so far
   * @param done whether the listing is over (every required key settled)
   * @param versioned false when the store keeps no versions (listed whole, in one go)
   */
  public record ListingPosition(String keyMarker, String versionIdMarker, String lastKey, int listed, boolean done,
      boolean versioned, long newestRootGeneration, long newestRootSize, boolean newestRootArchived,
      Set<String> hiddenRoots) {}

  /** Told after each listing page. */
  public interface PageListener {
    /** @param problems the required blobs (but the root) settled by this page that are not PRESENT, in key order */
    void afterPage(ListingPosition at, List<BlobStatus> problems);
  }

  /**
   * {@link #compare} against the store's listing read a page at a time (1,000 keys a request) and
   * never held whole: memory grows with the required blobs, not with the repository. Each listed
   * key is looked up among the required keys (sorted once).
   *
   * @param afterPage told the number of listed keys seen so far after each page, for heartbeats
   */
  public static Streamed compareStreaming(List<RequiredBlob> required, BlobStore store, IntConsumer afterPage) {
    return compareStreaming(required, store, null, (at, problems) -> afterPage.accept(at.listed()));
  }

  /**
   * {@link #compareStreaming(List, BlobStore, IntConsumer)} going on from where an earlier attempt stood
   * ({@code from}, a position {@code afterPage} was told, for the same required blobs), telling
   * {@code afterPage} where it stands and what each page settled.
   */
  public static Streamed compareStreaming(List<RequiredBlob> required, BlobStore store, ListingPosition from,
      PageListener afterPage) {
    List<RequiredBlob> blobs = required.stream().filter(b -> b.need() != RequiredBlob.Need.ROOT).toList();
    Set<String> requiredRoots = new HashSet<>();
    required.stream().filter(b -> b.need() == RequiredBlob.Need.ROOT).forEach(b -> requiredRoots.add(b.key()));
    Integer[] boxed = new Integer[blobs.size()];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = i;
    }
    java.util.Arrays.sort(boxed, (a, b) -> blobs.get(a).key().compareTo(blobs.get(b).key()));
    int[] byKey = new int[boxed.length];
    String[] sortedKeys = new String[boxed.length];
    for (int i = 0; i < boxed.length; i++) {
      byKey[i] = boxed[i];
      sortedKeys[i] = blobs.get(boxed[i]).key();
    }
    boxed = null;
    BlobStatus[] found = new BlobStatus[blobs.size()];
    java.util.BitSet seen = new java.util.BitSet(blobs.size());
    Set<String> hiddenRoots = new java.util.TreeSet<>();
    long[] root = {-1, -1};
    boolean[] rootArchived = {false};
    int listed = 0;
    String keyMarker = null;
    String versionIdMarker = null;
    String lastKey = null;
    boolean versioned = true;
    boolean done = false;
    int settled = 0;
    if (from != null) {
      keyMarker = from.keyMarker();
      versionIdMarker = from.versionIdMarker();
      lastKey = from.lastKey();
      listed = from.listed();
      versioned = from.versioned();
      done = from.done();
      root[0] = from.newestRootGeneration();
      root[1] = from.newestRootSize();
      rootArchived[0] = from.newestRootArchived();
      hiddenRoots.addAll(from.hiddenRoots() == null ? Set.of() : from.hiddenRoots());
      settled = done ? sortedKeys.length : settledThrough(sortedKeys, lastKey);
    }
    List<BlobStatus> problems = new ArrayList<>();

    while (!done) {
      VersionPage page = store.listVersionsPage("", keyMarker, versionIdMarker);
      if (!page.supported()) {
        versioned = false;
        for (BlobEntry entry : store.list("")) {
          listed++;
          judge(entry.key(), false, entry.size(), false, sortedKeys, byKey, blobs, found, seen, root, rootArchived,
              hiddenRoots, requiredRoots);
        }
        keyMarker = null;
        versionIdMarker = null;
        done = true;
      } else {
        for (BlobVersion version : page.versions()) {
          if (version.key().equals(lastKey)) {
            continue; // an older version: only the latest counts
          }
          lastKey = version.key(); // newest first per key, so this is the latest one
          listed++;
          judge(version.key(), version.deleteMarker(), version.size(), version.archived(), sortedKeys, byKey, blobs,
              found, seen, root, rootArchived, hiddenRoots, requiredRoots);
        }
        keyMarker = page.nextKeyMarker();
        versionIdMarker = page.nextVersionIdMarker();
        done = keyMarker == null;
      }
      int through = done ? sortedKeys.length : settledThrough(sortedKeys, lastKey);
      List<BlobStatus> settledNow = new ArrayList<>();
      for (int at = settled; at < through; at++) {
        BlobStatus status = seen.get(at) ? found[byKey[at]] : new BlobStatus(blobs.get(byKey[at]), Status.MISSING, -1);
        found[byKey[at]] = null; // handed on: kept by the caller and in the result, not twice here
        if (status != null) {
          settledNow.add(status);
        }
      }
      settled = through;
      problems.addAll(settledNow);
      afterPage.afterPage(new ListingPosition(keyMarker, versionIdMarker, lastKey, listed, done, versioned, root[0],
          root[1], rootArchived[0], Set.copyOf(hiddenRoots)), List.copyOf(settledNow));
    }
    return new Streamed(problems, blobs.size(), root[0], root[1], rootArchived[0], hiddenRoots, versioned);
  }

  /** How many of the sorted keys are at or before {@code lastKey}: settled once the listing has passed it. */
  private static int settledThrough(String[] sortedKeys, String lastKey) {
    if (lastKey == null) {
      return 0;
    }
    int at = java.util.Arrays.binarySearch(sortedKeys, lastKey);
    return at >= 0 ? at + 1 : -at - 1;
  }

  private static void judge(String key, boolean deleteMarker, long size, boolean archived, String[] sortedKeys,
      int[] byKey, List<RequiredBlob> blobs, BlobStatus[] found, java.util.BitSet seen, long[] root,
      boolean[] rootArchived, Set<String> hiddenRoots, Set<String> requiredRoots) {
    Matcher m = ROOT_BLOB.matcher(key);
    if (m.matches()) {
      if (deleteMarker) {
        if (requiredRoots.contains(key)) {
          hiddenRoots.add(key); // a versioned bucket keeps a marker over every older root: only the required one matters
        }
      } else {
        long generation = Long.parseLong(m.group(1));
        if (generation > root[0]) {
          root[0] = generation;
          root[1] = size;
          rootArchived[0] = archived;
        }
      }
    }
    int at = java.util.Arrays.binarySearch(sortedKeys, key);
    if (at < 0 || seen.get(at)) {
      return;
    }
    seen.set(at);
    RequiredBlob blob = blobs.get(byKey[at]);
    BlobStatus status;
    if (deleteMarker) {
      status = new BlobStatus(blob, Status.HIDDEN_BY_DELETE_MARKER, -1);
    } else if (size != blob.size()) {
      status = new BlobStatus(blob, Status.WRONG_SIZE, size);
    } else if (archived) {
      status = new BlobStatus(blob, Status.ARCHIVED, size);
    } else {
      return; // present: nothing to keep (a million of them would not fit a small heap)
    }
    found[byKey[at]] = status;
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
