package io.snapdrill.activities.blob;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The worker's cache of repository metadata blobs that Elasticsearch and OpenSearch never rewrite:
 * their names carry a UUID, and a new generation gets a new name (BlobStoreRepository: {@code
 * snap-<uuid>.dat}, {@code meta-<uuid>.dat}, {@code indices/<id>/meta-<identifier>.dat}, {@code
 * indices/<id>/<shard>/snap-<uuid>.dat} and the UUID-named shard generations {@code
 * indices/<id>/<shard>/index-<uuid>}). The root {@code index-N}, {@code index.latest} and numeric
 * shard generations are never cached. So the replica check, the storage audit and the re-checks of a
 * drill read each such blob once while they run on the same worker (activities of one drill may run
 * on different workers: each reads once).
 *
 * <p>Keyed by container (bucket) and object key: the bytes a name holds never change, only whether
 * the name is still current. A reader that must see a blob disappear (a delete marker) says so with
 * {@link #store(BlobStore, java.util.function.Predicate)}'s gate. Bounded by bytes, least recently
 * used out first.
 */
public final class ImmutableBlobCache {
  /** The worker's default bound: a repository's metadata for thousands of snapshot shards. */
  public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
  private static final ImmutableBlobCache WORKER = new ImmutableBlobCache(DEFAULT_MAX_BYTES);
  private static final Pattern IMMUTABLE = Pattern.compile(
      "(?:indices/[^/]+/(?:\\d+/)?)?(?:snap|meta)-[^/]+\\.dat|indices/[^/]+/\\d+/index-(?!\\d+$)[^/]+");

  private final long maxBytes;
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  public ImmutableBlobCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The one cache of this worker (a JVM): the storage activities of every drill share its bound. */
  public static ImmutableBlobCache worker() {
    return WORKER;
  }

  /** Whether a repository key names a blob that is never rewritten. */
  public static boolean immutable(String key) {
    return IMMUTABLE.matcher(key).matches();
  }

  /** {@code store} with reads of immutable blobs answered from this cache, always. */
  public BlobStore store(BlobStore store) {
    return store(store, key -> true);
  }

  /**
   * {@code store} with reads of immutable blobs answered from this cache where {@code servable}
   * allows (e.g. not for a key the caller's listing shows hidden); every such blob read is cached.
   */
  public BlobStore store(BlobStore store, java.util.function.Predicate<String> servable) {
    return new Caching(store, servable);
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized void clear() {
    entries.clear();
    bytes = 0;
  }

  private synchronized byte[] get(String id) {
    byte[] cached = entries.get(id);
    if (cached == null) {
      misses++;
    } else {
      hits++;
    }
    return cached;
  }

  private synchronized void put(String id, byte[] blob) {
    if (blob.length > maxBytes / 8) {
      return; // one huge blob would push out everything else
    }
    byte[] before = entries.put(id, blob);
    bytes += blob.length - (before == null ? 0 : before.length);
    for (Iterator<Map.Entry<String, byte[]>> oldest = entries.entrySet().iterator(); bytes > maxBytes && oldest.hasNext(); ) {
      bytes -= oldest.next().getValue().length;
      oldest.remove();
    }
  }

  private final class Caching implements BlobStore {
    private final BlobStore store;
    private final java.util.function.Predicate<String> servable;

    Caching(BlobStore store, java.util.function.Predicate<String> servable) {
      this.store = store;
      this.servable = servable;
    }

    @Override
    public byte[] read(String key) {
      if (!immutable(key)) {
        return store.read(key);
      }
      String id = store.container() + "\n" + store.objectKey(key);
      if (servable.test(key)) {
        byte[] cached = get(id);
        if (cached != null) {
          return cached;
        }
      }
      byte[] blob = store.read(key);
      put(id, blob);
      return blob;
    }

    @Override
    public java.util.List<BlobEntry> list(String prefix) {
      return store.list(prefix);
    }

    @Override
    public byte[] readVersion(String key, String versionId) {
      return store.readVersion(key, versionId);
    }

    @Override
    public VersionListing listVersions(String prefix) {
      return store.listVersions(prefix);
    }

    @Override
    public VersionPage listVersionsPage(String prefix, String keyMarker, String versionIdMarker) {
      return store.listVersionsPage(prefix, keyMarker, versionIdMarker);
    }

    @Override
    public String locate(String key) {
      return store.locate(key);
    }

    @Override
    public String objectKey(String key) {
      return store.objectKey(key);
    }

    @Override
    public String container() {
      return store.container();
    }
  }
}
