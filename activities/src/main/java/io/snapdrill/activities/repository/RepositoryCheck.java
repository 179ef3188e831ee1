package io.snapdrill.activities.repository;

import io.snapdrill.activities.blob.BlobArchivedException;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.ReadsFromListing;
import io.snapdrill.activities.repository.BlobComparison.BlobStatus;
import io.snapdrill.activities.repository.RepositoryData.SnapshotEntry;
import io.snapdrill.activities.repository.RepositoryReader.RootBlob;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobFinding;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobState;
import io.snapdrill.activities.repository.RepositoryVerdict.SharedProblem;
import io.snapdrill.activities.repository.RepositoryVerdict.SnapshotVerdict;
import io.snapdrill.activities.repository.RequiredBlob.Need;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges the snapshots of one copy of a repository against ONE listing of it (with versions where the
 * store keeps them): the listing is taken once and every snapshot's required blobs are compared with
 * it (as the replica check compares one snapshot's), so the list requests do not grow with the number
 * of snapshots. Metadata blobs are each read once; a metadata blob hidden by a delete marker is read
 * through it, so the blobs under it are still judged and the marker is named as the finding.
 */
public final class RepositoryCheck {
  private static final Pattern ROOT_BLOB = Pattern.compile("index-(\\d+)");

  private final BlobStore store;
  private final RepositoryReader reader;
  private final BlobComparison.Listing listing;
  private final RootBlob root;
  private final RepositoryData data;
  private final List<String> notes = new ArrayList<>();
  /** Object keys some judged snapshot needs, gathered while judging (see {@link #neededObjectKeys()}). */
  private final java.util.Set<String> needed = new java.util.HashSet<>();

  private RepositoryCheck(BlobStore store, ReadsFromListing listed) {
    this.store = store;
    this.reader = new RepositoryReader(listed);
    this.listing = BlobComparison.list(listed); // answered from the one listing: no request
    RootBlob newest;
    try {
      newest = reader.latestRoot();
    } catch (RepositoryFormatException noRoot) {
      String hiddenRoot = newestHiddenRoot(-1);
      if (hiddenRoot != null) {
        // every root blob is behind a delete marker: damage to report (exit 1), not a wrong location
        throw new RepositoryFormatException(hiddenRoot, store.locate("") + " has no current root index-N blob: "
            + store.locate(hiddenRoot) + " and every other root blob are hidden by delete markers,"
            + " so no snapshot can be restored from this copy");
      }
      throw noRoot;
    }
    this.root = newest;
    this.data = reader.repositoryData(root);
    if (root.note() != null) {
      notes.add(root.note());
    }
    String hiddenNewer = newestHiddenRoot(root.generation());
    if (hiddenNewer != null) {
      notes.add(store.locate(hiddenNewer) + " is hidden by a delete marker: Elasticsearch reads the older "
          + root.key() + ", so the snapshots the newer root added are invisible here");
    }
  }

  /**
   * Lists the store once and reads its newest root blob.
   *
   * @throws RepositoryFormatException without a key when there is no repository there, with the
   *     root's key when the root is damaged or hidden
   */
  public static RepositoryCheck read(BlobStore store) {
    return new RepositoryCheck(store, ReadsFromListing.of(store));
  }

  /** The repository, for messages ("s3://bucket/prefix/" or a directory). */
  public String location() {
    return store.locate("");
  }

  public RootBlob root() {
    return root;
  }

  public RepositoryData data() {
    return data;
  }

  public boolean versionsKnown() {
    return listing.versionsKnown();
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** Every snapshot, judged; problem blobs only. */
  public RepositoryVerdict all() {
    List<SnapshotVerdict> verdicts = new ArrayList<>();
    for (SnapshotEntry entry : data.snapshots()) {
      verdicts.add(judge(entry, false));
    }
    // OpenSearch's root blob has no start times and its order is not chronological (seen with 2.19:
    // second, first, third); each snapshot's own blob has them, read by now
    if (verdicts.stream().allMatch(v -> v.startTimeMillis() != null)) {
      verdicts.sort(java.util.Comparator.comparing(SnapshotVerdict::startTimeMillis));
    }
    Map<String, BlobFinding> problemByKey = new LinkedHashMap<>();
    Map<String, List<String>> brokenByKey = new LinkedHashMap<>();
    for (SnapshotVerdict verdict : verdicts) {
      for (BlobFinding problem : verdict.problems()) {
        problemByKey.putIfAbsent(problem.key(), problem);
        brokenByKey.computeIfAbsent(problem.key(), k -> new ArrayList<>()).add(verdict.name());
      }
    }
    List<SharedProblem> shared = new ArrayList<>();
    brokenByKey.forEach((key, snapshots) -> {
      if (snapshots.size() > 1) {
        shared.add(new SharedProblem(problemByKey.get(key), List.copyOf(snapshots)));
      }
    });
    return new RepositoryVerdict(location(), root.key(), root.generation(), notes(), listing.versionsKnown(),
        List.copyOf(verdicts), List.copyOf(shared));
  }

  /**
   * The object keys the snapshots judged so far need (after {@link #all()}: every retained snapshot's),
   * the root blob included; for a snapshot whose metadata could not be read, the blob that stopped it.
   * While the root generation stays the same, a removal of any other key breaks no snapshot.
   */
  public java.util.Set<String> neededObjectKeys() {
    return java.util.Collections.unmodifiableSet(needed);
  }

  /**
   * One snapshot, judged.
   *
   * @param everyBlob list present blobs too (the root first), not only problems
   * @throws RepositoryFormatException without a key when the repository has no such snapshot
   */
  public SnapshotVerdict snapshot(String nameOrUuid, boolean everyBlob) {
    SnapshotEntry entry = data.snapshot(nameOrUuid).orElseThrow(() -> new RepositoryFormatException(null,
        "snapshot '" + nameOrUuid + "' is not in " + store.locate(root.key()) + " (it lists "
            + data.snapshots().stream().map(s -> s.name() + " [" + s.uuid() + "]").toList() + ")"));
    return judge(entry, everyBlob);
  }

  private SnapshotVerdict judge(SnapshotEntry entry, boolean everyBlob) {
    if (!judgeable(entry)) {
      return new SnapshotVerdict(entry.name(), entry.uuid(), entry.state(), entry.startTimeMillis(), 0, 0, true, List.of());
    }
    SnapshotBlobs required;
    try {
      required = reader.requiredBlobs(root, data, entry.uuid());
    } catch (BlobNotFoundException | BlobArchivedException | RepositoryFormatException unreadable) {
      String key = keyOf(unreadable);
      if (key == null) {
        throw unreadable; // not one blob's problem (an unsupported layout): nothing to judge with
      }
      BlobFinding finding = unreadableBlob(key, unreadable);
      needed.add(finding.objectKey());
      return new SnapshotVerdict(entry.name(), entry.uuid(), entry.state(), reader.startTimeMillis(entry), 0, 0,
          false, List.of(finding));
    }
    needed.add(store.objectKey(required.root().key()));
    required.blobs().forEach(blob -> needed.add(store.objectKey(blob.key())));
    List<BlobFinding> blobs = new ArrayList<>();
    if (everyBlob) {
      RequiredBlob rootBlob = required.root();
      blobs.add(new BlobFinding(rootBlob.key(), store.objectKey(rootBlob.key()), Need.ROOT, BlobState.PRESENT,
          rootBlob.size(), rootBlob.size(), null));
    }
    for (BlobStatus status : BlobComparison.compare(required.blobs(), listing, done -> { })) {
      BlobState state = switch (status.status()) {
        case PRESENT -> BlobState.PRESENT;
        case MISSING -> BlobState.MISSING;
        case WRONG_SIZE -> BlobState.WRONG_SIZE;
        case HIDDEN_BY_DELETE_MARKER -> BlobState.HIDDEN_BY_DELETE_MARKER;
        case ARCHIVED -> BlobState.ARCHIVED;
      };
      if (everyBlob || state != BlobState.PRESENT) {
        RequiredBlob blob = status.blob();
        blobs.add(new BlobFinding(blob.key(), store.objectKey(blob.key()), blob.need(), state, blob.size(),
            status.actualSize(), null));
      }
    }
    return new SnapshotVerdict(entry.name(), entry.uuid(), entry.state(), reader.startTimeMillis(entry),
        required.blobs().size(), required.totalBytes(), true, List.copyOf(blobs));
  }

  private static boolean judgeable(SnapshotEntry entry) {
    return entry.state() != RepositoryData.State.FAILED && entry.state() != RepositoryData.State.INCOMPATIBLE;
  }

  /** A metadata blob the reader could not read, as the listing explains it. */
  private BlobFinding unreadableBlob(String key, RuntimeException why) {
    Long size = listing.current().get(key);
    BlobState state;
    String detail = null;
    if (size == null) {
      state = listing.hidden().contains(key) ? BlobState.HIDDEN_BY_DELETE_MARKER : BlobState.MISSING;
    } else if (why instanceof BlobArchivedException || listing.archived().containsKey(key)) {
      state = BlobState.ARCHIVED;
    } else {
      state = BlobState.CORRUPT;
      detail = why.getMessage();
    }
    return new BlobFinding(key, store.objectKey(key), needOf(key), state, -1, size == null ? -1 : size, detail);
  }

  private static String keyOf(RuntimeException e) {
    if (e instanceof BlobNotFoundException notFound) {
      return notFound.key();
    }
    if (e instanceof BlobArchivedException archived) {
      return archived.key();
    }
    return ((RepositoryFormatException) e).key();
  }

  /** Why a snapshot needs a blob, from where the repository layout puts it. */
  static Need needOf(String key) {
    if (ROOT_BLOB.matcher(key).matches()) {
      return Need.ROOT;
    }
    if (!key.startsWith("indices/")) {
      return key.startsWith("meta-") ? Need.GLOBAL_METADATA : Need.SNAPSHOT_INFO;
    }
    String[] parts = key.split("/");
    if (parts.length == 3) {
      return Need.INDEX_METADATA;
    }
    String name = parts[parts.length - 1];
    if (name.startsWith("snap-")) {
      return Need.SHARD_SNAPSHOT;
    }
    return name.startsWith("index-") ? Need.SHARD_GENERATION : Need.DATA;
  }

  /** The newest root blob hidden by a delete marker above {@code generation}, or null. */
  private String newestHiddenRoot(long generation) {
    long newest = generation;
    String key = null;
    for (String hidden : listing.hidden()) {
      Matcher m = ROOT_BLOB.matcher(hidden);
      if (m.matches() && Long.parseLong(m.group(1)) > newest) {
        newest = Long.parseLong(m.group(1));
        key = hidden;
      }
    }
    return key;
  }
}
