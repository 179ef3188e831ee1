package io.snapdrill.activities.repository;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.activities.blob.BlobArchivedException;
import io.snapdrill.activities.blob.BlobEntry;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.repository.RepositoryData.IndexEntry;
import io.snapdrill.activities.repository.RepositoryData.SnapshotEntry;
import io.snapdrill.activities.repository.RequiredBlob.Need;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a snapshot repository from a blob store and computes the blobs a snapshot's restore needs.
 * Reads metadata blobs only (never data blobs); each is read at most once per reader.
 */
public final class RepositoryReader {
  private static final Pattern ROOT_BLOB = Pattern.compile("index-(\\d+)");
  /** ShardGenerations placeholders that name no blob. */
  private static final Set<String> NO_SHARD_BLOB = Set.of("_deleted", "_new");

  /** Metadata GETs in flight at once per worker, whatever the number of readers (S3 takes thousands a second per prefix). */
  public static final int PARALLEL_READS = 16;
  /** Metadata blobs fetched per batch: the caller's progress hears of each batch (a heartbeat). */
  static final int READ_BATCH = 256;
  private static final ExecutorService READS = Executors.newFixedThreadPool(PARALLEL_READS, runnable -> {
    Thread thread = new Thread(runnable, "metadata-read");
    thread.setDaemon(true);
    return thread;
  });

  private final BlobStore store;
  private final Map<String, BlobCodec.DecodedBlob> decoded = new HashMap<>();
  private final Map<String, Long> sizes = new HashMap<>();
  /** Blobs read ahead in parallel and not yet decoded: the bytes, or what reading threw. */
  private final Map<String, Object> readAhead = new HashMap<>();
  /** The snapshot's shard blobs in reading order, read ahead a batch at a time as reading reaches them. */
  private List<String> shardBlobs = List.of();
  private final Map<String, Integer> shardBlobAt = new HashMap<>();
  private Consumer<String> progress = message -> {};

  public RepositoryReader(BlobStore store) {
    this.store = store;
  }

  /** Told after each batch of metadata reads (for heartbeats); returns this reader. */
  public RepositoryReader onProgress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  public BlobStore store() {
    return store;
  }

  /**
   * The root blob Elasticsearch would use: the highest {@code index-N} found by listing. {@code
   * index.latest} is only a hint for repositories on eventually consistent stores; a different
   * value there is reported, not followed.
   */
  public RootBlob latestRoot() {
    BlobEntry newest = null;
    long newestGeneration = -1;
    for (BlobEntry entry : store.list("index-")) {
      Matcher m = ROOT_BLOB.matcher(entry.key());
      if (m.matches()) {
        long generation = Long.parseLong(m.group(1));
        if (generation > newestGeneration) {
          newestGeneration = generation;
          newest = entry;
        }
      }
    }
    if (newest == null) {
      throw new RepositoryFormatException(null, store.locate("")
          + " holds no root index-N blob: no snapshot repository there (wrong bucket or prefix?), or it is empty");
    }
    Long latestHint = null;
    try {
      byte[] latest = store.read("index.latest");
      if (latest.length == 8) {
        latestHint = ByteBuffer.wrap(latest).getLong();
      }
    } catch (BlobNotFoundException absent) {
      // optional: Elasticsearch itself does not need it
    }
    return new RootBlob(newestGeneration, newest.key(), newest.size(), latestHint, store.locate("index.latest"));
  }

  /** The root blob's repository data. */
  public RepositoryData repositoryData(RootBlob root) {
    byte[] bytes = store.read(root.key());
    JsonNode json = BlobCodec.decodeRoot(root.key(), store.locate(root.key()), bytes);
    return RepositoryData.parse(root.key(), store.locate(root.key()), root.generation(), json);
  }

  /**
   * Every blob a restore of the snapshot needs, with sizes: the root index-N, the root snap- and
   * meta- blobs, each index's metadata blob, each shard's snap- and index-&lt;gen&gt; blobs and every
   * data blob part the shard snapshots list.
   *
   * @throws RepositoryFormatException naming the snapshot or the blob when it cannot be worked out
   */
  public SnapshotBlobs requiredBlobs(RootBlob root, RepositoryData data, String snapshotNameOrUuid) {
    SnapshotEntry snapshot = data.snapshot(snapshotNameOrUuid).orElseThrow(() -> new RepositoryFormatException(null,
        "snapshot '" + snapshotNameOrUuid + "' is not in " + store.locate(root.key()) + " (it lists "
            + data.snapshots().stream().map(s -> s.name() + " [" + s.uuid() + "]").toList() + ")"));
    Required blobs = new Required();
    add(blobs, new RequiredBlob(root.key(), root.size(), Need.ROOT));

    String snapKey = "snap-" + snapshot.uuid() + ".dat";
    List<IndexEntry> indices = data.indicesOf(snapshot);
    readAhead(snapshot, indices, data);
    JsonNode info = decode(snapKey).content().path("snapshot");
    add(blobs, new RequiredBlob(snapKey, sizes.get(snapKey), Need.SNAPSHOT_INFO));
    String metaKey = "meta-" + snapshot.uuid() + ".dat";
    decode(metaKey);
    add(blobs, new RequiredBlob(metaKey, sizes.get(metaKey), Need.GLOBAL_METADATA));

    Set<String> failedShards = new HashSet<>();
    for (JsonNode failure : info.path("failures")) {
      failedShards.add(failure.path("index").asText() + "/" + failure.path("shard_id").asInt(-1));
    }

    int virtualFiles = 0;
    for (IndexEntry index : indices) {
      if (index.shardPathType() != 0) {
        throw new RepositoryFormatException(null, "index '" + index.name() + "' in " + store.locate(root.key())
            + " uses OpenSearch shard_path_type " + index.shardPathType()
            + " (hashed shard paths), which this reader does not support yet");
      }
      String indexPath = "indices/" + index.id() + "/";
      String indexMetaKey = indexPath + "meta-" + indexMetadataBlobId(data, snapshot, index) + ".dat";
      JsonNode indexMeta = decode(indexMetaKey).content();
      add(blobs, new RequiredBlob(indexMetaKey, sizes.get(indexMetaKey), Need.INDEX_METADATA));

      int shards = numberOfShards(indexMeta, index, indexMetaKey);
      for (int shard = 0; shard < shards; shard++) {
        String shardPath = indexPath + shard + "/";
        String shardSnapKey = shardPath + "snap-" + snapshot.uuid() + ".dat";
        JsonNode shardSnapshot;
        try {
          shardSnapshot = decode(shardSnapKey).content();
        } catch (BlobNotFoundException e) {
          if (failedShards.contains(index.name() + "/" + shard)) {
            continue; // a failed shard of a partial snapshot: nothing to restore from it
          }
          throw e;
        }
        decoded.remove(shardSnapKey); // this snapshot's alone: the content is not needed again
        add(blobs, new RequiredBlob(shardSnapKey, sizes.get(shardSnapKey), Need.SHARD_SNAPSHOT));
        String generation = shard < index.shardGenerations().size() ? index.shardGenerations().get(shard) : null;
        if (generation != null && !NO_SHARD_BLOB.contains(generation)) {
          String shardGenKey = shardPath + "index-" + generation;
          long size = sizeOf(shardGenKey);
          add(blobs, new RequiredBlob(shardGenKey, size, Need.SHARD_GENERATION));
        }
        // data blob names are unique to their shard: deduplicated per shard, not in one set of a
        // million keys
        Set<String> shardData = new HashSet<>();
        for (JsonNode file : shardSnapshot.path("files")) {
          String name = file.path("name").asText();
          if (name.startsWith("v__")) {
            virtualFiles++; // content lives in the shard snapshot metadata
            continue;
          }
          for (RequiredBlob part : dataBlobParts(shardPath, name, file, shardSnapKey)) {
            if (shardData.add(part.key())) {
              blobs.add(part);
            }
          }
        }
      }
    }
    // a shard snap-<uuid>.dat belongs to this snapshot alone: no other snapshot reads it again, and
    // a repository's worth of them would not fit in a small heap
    decoded.keySet().removeIf(key -> key.startsWith("indices/") && key.indexOf('/', 8) != key.lastIndexOf('/'));
    readAhead.clear();
    shardBlobs = List.of();
    shardBlobAt.clear();
    return new SnapshotBlobs(snapshot.name(), snapshot.uuid(), root.generation(), blobs.list(), virtualFiles);
  }

  /**
   * Reads the snapshot's metadata blobs ahead, {@link #PARALLEL_READS} at a time, in batches of
   * {@link #READ_BATCH}: its root blobs and index metadata, then every shard's snap- and index-
   * blob. Only reads: what a read threw is rethrown where {@link #requiredBlobs} reads that blob in
   * order, so the outcome (and the first problem named) is the sequential one.
   */
  private void readAhead(SnapshotEntry snapshot, List<IndexEntry> indices, RepositoryData data) {
    List<String> first = new ArrayList<>(List.of("snap-" + snapshot.uuid() + ".dat", "meta-" + snapshot.uuid() + ".dat"));
    for (IndexEntry index : indices) {
      if (index.shardPathType() == 0) {
        first.add("indices/" + index.id() + "/meta-" + indexMetadataBlobId(data, snapshot, index) + ".dat");
      }
    }
    fetch(first);
    List<String> shardBlobs = new ArrayList<>();
    for (IndexEntry index : indices) {
      if (index.shardPathType() != 0) {
        continue;
      }
      String indexPath = "indices/" + index.id() + "/";
      String indexMetaKey = indexPath + "meta-" + indexMetadataBlobId(data, snapshot, index) + ".dat";
      int shards;
      try {
        shards = numberOfShards(decode(indexMetaKey).content(), index, indexMetaKey);
      } catch (RuntimeException unreadable) {
        continue; // thrown again, in order, by requiredBlobs
      }
      for (int shard = 0; shard < shards; shard++) {
        shardBlobs.add(indexPath + shard + "/snap-" + snapshot.uuid() + ".dat");
        String generation = shard < index.shardGenerations().size() ? index.shardGenerations().get(shard) : null;
        if (generation != null && !NO_SHARD_BLOB.contains(generation)) {
          shardBlobs.add(indexPath + shard + "/index-" + generation);
        }
      }
    }
    // read ahead as the reading reaches them, a batch at a time: all of them at once would hold a
    // repository's worth of shard snapshots in the heap
    this.shardBlobs = shardBlobs;
    shardBlobAt.clear();
    for (int i = 0; i < shardBlobs.size(); i++) {
      shardBlobAt.putIfAbsent(shardBlobs.get(i), i);
    }
  }

  /** Reads the blobs not read yet in parallel, batch by batch, keeping each outcome for its key. */
  private void fetch(List<String> keys) {
    List<String> wanted = keys.stream().filter(k -> !decoded.containsKey(k) && !sizes.containsKey(k)
        && !readAhead.containsKey(k)).distinct().toList();
    for (int from = 0; from < wanted.size(); from += READ_BATCH) {
      List<String> batch = wanted.subList(from, Math.min(wanted.size(), from + READ_BATCH));
      List<Future<byte[]>> reads = new ArrayList<>(batch.size());
      for (String key : batch) {
        reads.add(READS.submit(() -> store.read(key)));
      }
      for (int i = 0; i < batch.size(); i++) {
        try {
          readAhead.put(batch.get(i), reads.get(i).get());
        } catch (ExecutionException e) {
          readAhead.put(batch.get(i), e.getCause());
        } catch (InterruptedException e) {
          reads.forEach(r -> r.cancel(true));
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted reading " + store.locate(batch.get(i)), e);
        }
      }
      progress.accept("read " + Math.min(wanted.size(), from + READ_BATCH) + " of " + wanted.size() + " metadata blobs");
    }
  }

  /** The blob's bytes, read ahead or now. */
  private byte[] read(String key) {
    Integer at = readAhead.containsKey(key) ? null : shardBlobAt.get(key);
    if (at != null) {
      fetch(shardBlobs.subList(at, Math.min(shardBlobs.size(), at + READ_BATCH)));
    }
    Object ahead = readAhead.remove(key);
    if (ahead == null) {
      return store.read(key);
    }
    if (ahead instanceof byte[] bytes) {
      return bytes;
    }
    if (ahead instanceof RuntimeException e) {
      throw e;
    }
    if (ahead instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("reading " + store.locate(key) + " failed", (Throwable) ahead);
  }

  /**
   * For each blob any snapshot of the repository needs, the names of those snapshots (in repository
   * order). A blob of the first snapshot is typically needed by every later one. A snapshot whose
   * metadata blob cannot be read contributes that blob only.
   */
  public Map<String, List<String>> snapshotsByBlob(RootBlob root, RepositoryData data) {
    return snapshotsByBlob(root, data, null, message -> {});
  }

  /**
   * {@link #snapshotsByBlob(RootBlob, RepositoryData)} for the given keys only (null: all), which
   * bounds the map by what is asked (the hidden blobs of an audit), not by the repository's size.
   *
   * @param progress told after each snapshot and each batch of metadata reads, for heartbeats
   */
  public Map<String, List<String>> snapshotsByBlob(RootBlob root, RepositoryData data, Set<String> keys,
      Consumer<String> progress) {
    return snapshotsByBlob(root, data, keys, null, progress, position -> {});
  }

  /**
   * {@link #snapshotsByBlob(RootBlob, RepositoryData, Set, Consumer)} that goes on from where an earlier
   * attempt stood: the snapshots {@code from} worked out are not read again, and the answer is that of a
   * whole run. {@code from} is ignored when it was taken on another root or for other keys.
   *
   * @param from a position {@code checkpoints} was told before, or null to start at the first snapshot
   * @param checkpoints told where the work stands (to heartbeat) whenever {@code progress} is told
   */
  public Map<String, List<String>> snapshotsByBlob(RootBlob root, RepositoryData data, Set<String> keys,
      NeedsPosition from, Consumer<String> progress, Consumer<NeedsPosition> checkpoints) {
    Consumer<String> before = this.progress;
    String keysDigest = keys == null ? null : NeedsPosition.digest(keys);
    List<SnapshotEntry> snapshots = data.snapshots();
    Map<String, List<Integer>> byBlob = new LinkedHashMap<>();
    int done = 0;
    if (keys != null && from != null && from.resumes(root, keysDigest, snapshots.size())) {
      from.byBlob().forEach((k, v) -> byBlob.put(k, new ArrayList<>(v)));
      done = from.snapshots();
    }
    long carried = NeedsPosition.estimate(byBlob);
    NeedsPosition[] checkpoint = {keys == null ? null
        : new NeedsPosition(root.generation(), keysDigest, done, NeedsPosition.copy(byBlob))};
    for (int at = done; at < snapshots.size(); at++) {
      SnapshotEntry snapshot = snapshots.get(at);
      int number = at + 1;
      this.progress = message -> {
        progress.accept("snapshot " + number + " of " + snapshots.size() + ": " + message);
        if (checkpoint[0] != null) {
          checkpoints.accept(checkpoint[0]);
        }
      };
      List<RequiredBlob> blobs;
      try {
        blobs = requiredBlobs(root, data, snapshot.uuid()).blobs();
      } catch (BlobNotFoundException | RepositoryFormatException unreadable) {
        // A hidden or damaged metadata blob: that blob is needed (and is the finding); what lies
        // under it shows once it is readable again.
        String key = unreadable instanceof BlobNotFoundException b ? b.key() : ((RepositoryFormatException) unreadable).key();
        if (key == null) {
          this.progress = before;
          throw unreadable;
        }
        blobs = List.of(new RequiredBlob(key, -1, Need.SHARD_SNAPSHOT));
      }
      for (RequiredBlob blob : blobs) {
        if (keys == null || keys.contains(blob.key())) {
          List<Integer> needing = byBlob.computeIfAbsent(blob.key(), k -> new ArrayList<>());
          if (needing.isEmpty() || needing.get(needing.size() - 1) != at) {
            needing.add(at);
            carried += NeedsPosition.estimate(blob.key(), needing.size() == 1);
          }
        }
      }
      // Past the limit the checkpoint stays at the last snapshot that fit: a retry works out more again,
      // but the heartbeat never outgrows its payload.
      if (checkpoint[0] != null && carried <= NeedsPosition.CARRY_LIMIT) {
        checkpoint[0] = new NeedsPosition(root.generation(), keysDigest, at + 1, NeedsPosition.copy(byBlob));
      }
      this.progress.accept("worked out");
    }
    this.progress = before;
    Map<String, List<String>> result = new LinkedHashMap<>();
    byBlob.forEach((k, v) -> result.put(k, v.stream().map(i -> snapshots.get(i).name()).distinct().toList()));
    return result;
  }

  /**
   * Where working out which snapshots need some keys stands, for a retried attempt to go on from
   * (AUDIT_STORAGE's heartbeat details).
   *
   * @param rootGeneration the root blob whose snapshots were worked out (a newer root starts over)
   * @param keysDigest SHA-256 of the keys asked, sorted (other keys start over)
   * @param snapshots how many snapshots were worked out, the first ones in repository order
   * @param byBlob for each asked key one of them needs, their places in repository order (numbers, not
   *     names: a hidden blob of the first snapshot is typically needed by every later one)
   */
  public record NeedsPosition(long rootGeneration, String keysDigest, int snapshots, Map<String, List<Integer>> byBlob) {
    /** Estimated bytes of {@code byBlob} a position carries at most: with both buckets' scans, under 512 KB. */
    public static final int CARRY_LIMIT = 100_000;

    boolean resumes(RootBlob root, String digest, int snapshotCount) {
      return rootGeneration == root.generation() && digest.equals(keysDigest) && snapshots <= snapshotCount
          && byBlob != null;
    }

    static long estimate(Map<String, List<Integer>> byBlob) {
      long bytes = 0;
      for (Map.Entry<String, List<Integer>> e : byBlob.entrySet()) {
        bytes += estimate(e.getKey(), true) + 8L * (e.getValue().size() - 1);
      }
      return bytes;
    }

    /** What one more snapshot place adds, and the key's own bytes when it is new. */
    static long estimate(String key, boolean newKey) {
      return 8L + (newKey ? 8L + key.length() : 0);
    }

    static Map<String, List<Integer>> copy(Map<String, List<Integer>> byBlob) {
      Map<String, List<Integer>> copy = new LinkedHashMap<>();
      byBlob.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return copy;
    }

    static String digest(Set<String> keys) {
      try {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String key : new java.util.TreeSet<>(keys)) {
          sha.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          sha.update((byte) '\n');
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * When the snapshot started, from the root blob (Elasticsearch 7.16+) or else from its own {@code
   * snap-<uuid>.dat} (OpenSearch and older Elasticsearch record it only there; read at most once, and
   * already read by {@link #requiredBlobs}). Null when neither says or the blob cannot be read.
   */
  public Long startTimeMillis(SnapshotEntry snapshot) {
    if (snapshot.startTimeMillis() != null) {
      return snapshot.startTimeMillis();
    }
    try {
      JsonNode start = decode("snap-" + snapshot.uuid() + ".dat").content().path("snapshot").path("start_time");
      return start.isNumber() ? start.asLong() : null;
    } catch (BlobNotFoundException | BlobArchivedException | RepositoryFormatException unreadable) {
      return null; // the blob's own problem is reported where it is needed; a time is only shown
    }
  }

  private static void add(Required blobs, RequiredBlob blob) {
    if (blobs.metadataKeys.add(blob.key())) {
      blobs.add(blob);
    }
  }

  /** The required blobs in reading order, and the metadata keys among them (deduplicated). */
  private static final class Required {
    final Set<String> metadataKeys = new HashSet<>();
    private final List<RequiredBlob> blobs = new ArrayList<>();

    void add(RequiredBlob blob) {
      blobs.add(blob);
    }

    List<RequiredBlob> list() {
      return java.util.Collections.unmodifiableList(blobs);
    }
  }

  private static String indexMetadataBlobId(RepositoryData data, SnapshotEntry snapshot, IndexEntry index) {
    String lookup = snapshot.indexMetadataLookup().get(index.id());
    if (lookup != null) {
      String identifier = data.indexMetadataIdentifiers().get(lookup);
      // before 7.9 the identifier was the snapshot uuid itself
      return identifier != null ? identifier : lookup;
    }
    return snapshot.uuid();
  }

  private int numberOfShards(JsonNode indexMeta, IndexEntry index, String key) {
    JsonNode body = indexMeta.size() == 1 ? indexMeta.elements().next() : indexMeta;
    JsonNode settings = body.path("settings");
    JsonNode shards = settings.path("index.number_of_shards");
    if (shards.isMissingNode()) {
      shards = settings.path("index").path("number_of_shards");
    }
    if (!shards.isMissingNode()) {
      return shards.asInt();
    }
    if (!index.shardGenerations().isEmpty()) {
      return index.shardGenerations().size();
    }
    throw new RepositoryFormatException(key, store.locate(key) + " has no index.number_of_shards setting");
  }

  private List<RequiredBlob> dataBlobParts(String shardPath, String name, JsonNode file, String shardSnapKey) {
    if (name.isEmpty() || !file.has("length")) {
      throw new RepositoryFormatException(shardSnapKey, store.locate(shardSnapKey) + " lists a file without name or length: " + file);
    }
    long length = file.path("length").asLong();
    long partSize = file.has("part_size") ? file.path("part_size").asLong() : Long.MAX_VALUE;
    if (partSize <= 0) {
      partSize = Long.MAX_VALUE;
    }
    // Same arithmetic as BlobStoreIndexShardSnapshot.FileInfo
    long parts = length == 0 ? 1 : length / partSize + (length % partSize > 0 ? 1 : 0);
    if (parts <= 1) {
      return List.of(new RequiredBlob(shardPath + name, length, Need.DATA));
    }
    List<RequiredBlob> blobs = new ArrayList<>();
    for (long part = 0; part < parts; part++) {
      long size = part == parts - 1 ? length - partSize * (parts - 1) : partSize;
      blobs.add(new RequiredBlob(shardPath + name + ".part" + part, size, Need.DATA));
    }
    return blobs;
  }

  private BlobCodec.DecodedBlob decode(String key) {
    BlobCodec.DecodedBlob blob = decoded.get(key);
    if (blob == null) {
      byte[] bytes = read(key);
      sizes.put(key, (long) bytes.length);
      blob = BlobCodec.decodeDat(key, store.locate(key), bytes);
      decoded.put(key, blob);
    }
    return blob;
  }

  private long sizeOf(String key) {
    Long size = sizes.get(key);
    if (size == null) {
      // shard index-<gen> blobs are plain JSON in old repositories and codec blobs in new ones: read
      // to learn the size and that it exists; content is not needed
      size = (long) read(key).length;
      sizes.put(key, size);
    }
    return size;
  }

  /**
   * @param indexLatest the generation {@code index.latest} names, or null when absent
   */
  public record RootBlob(long generation, String key, long size, Long indexLatest, String indexLatestLocation) {

    public boolean indexLatestDisagrees() {
      return indexLatest != null && indexLatest != generation;
    }

    /** A note for reports when index.latest points elsewhere; null when it agrees or is absent. */
    public String note() {
      return indexLatestDisagrees()
          ? indexLatestLocation + " names generation " + indexLatest + " but the newest root blob listed is "
              + key + "; Elasticsearch uses the listing"
          : null;
    }
  }
}
