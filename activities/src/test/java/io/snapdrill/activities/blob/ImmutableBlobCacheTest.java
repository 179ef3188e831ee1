package io.snapdrill.activities.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.repository.RepositoryReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which repository blobs the worker keeps once read, and that a second reader reads none of them again. */
class ImmutableBlobCacheTest {

  @Test
  void onlyUuidNamedMetadataCountsAsImmutable() {
    // BlobStoreRepository's names: new content always gets a new name, except the root generations'
    // index.latest and (before 7.6) numeric shard generations, which are rewritten
    assertThat(List.of("snap-Xh_ue-N6TFmjcH3HpAaXJQ.dat", "meta--skIjR8FToifPp6c3bAE7g.dat",
        "indices/cQ3opUE7Rj65ky8L28Hdbw/meta-yn-pAaIBQiOg1VmExZKx.dat",
        "indices/cQ3opUE7Rj65ky8L28Hdbw/1/snap-Xh_ue-N6TFmjcH3HpAaXJQ.dat",
        "indices/cQ3opUE7Rj65ky8L28Hdbw/1/index-WIGp1OXPQLGreWDrmauHYw"))
        .allMatch(ImmutableBlobCache::immutable);
    assertThat(List.of("index-2", "index.latest", "indices/cQ3opUE7Rj65ky8L28Hdbw/1/index-3",
        "indices/cQ3opUE7Rj65ky8L28Hdbw/1/__IRgh55LSQG6KTLljgxZ_Lw", "incompatible-snapshots"))
        .noneMatch(ImmutableBlobCache::immutable);
  }

  @Test
  void aSecondReaderOfTheSameRepositoryReadsOnlyWhatIsNotImmutable() {
    Counting store = new Counting(new DirectoryBlobStore(FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH)));
    ImmutableBlobCache cache = new ImmutableBlobCache(ImmutableBlobCache.DEFAULT_MAX_BYTES);

    Map<String, List<String>> first = byBlob(cache.store(store));
    int firstReads = store.reads.get();
    store.reads.set(0);
    Map<String, List<String>> second = byBlob(cache.store(store));

    assertThat(second).isEqualTo(first);
    assertThat(firstReads).isGreaterThan(10);
    // index.latest and the root index-2: nothing else
    assertThat(store.byKey.keySet()).allMatch(k -> !ImmutableBlobCache.immutable(k) || store.byKey.get(k).get() == 1);
    assertThat(store.reads.get()).isEqualTo(2);
    assertThat(cache.hits()).isEqualTo(firstReads - 2);
  }

  @Test
  void aKeyTheCallerKnowsHiddenIsReadFromTheStoreAndTheBoundHolds() {
    Counting store = new Counting(new DirectoryBlobStore(FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH)));
    String key = "snap-Xh_ue-N6TFmjcH3HpAaXJQ.dat";
    ImmutableBlobCache cache = new ImmutableBlobCache(ImmutableBlobCache.DEFAULT_MAX_BYTES);
    cache.store(store).read(key);
    cache.store(store, k -> !k.equals(key)).read(key);
    assertThat(store.byKey.get(key).get()).isEqualTo(2);

    ImmutableBlobCache small = new ImmutableBlobCache(8 * 1024);
    byBlob(small.store(store));
    assertThat(small.bytes()).isPositive().isLessThanOrEqualTo(8 * 1024);
  }

  private static Map<String, List<String>> byBlob(BlobStore store) {
    RepositoryReader reader = new RepositoryReader(store);
    RepositoryReader.RootBlob root = reader.latestRoot();
    return reader.snapshotsByBlob(root, reader.repositoryData(root));
  }

  /** Counts reads per key. */
  static final class Counting implements BlobStore {
    final BlobStore store;
    final AtomicInteger reads = new AtomicInteger();
    final Map<String, AtomicInteger> byKey = new ConcurrentHashMap<>();

    Counting(BlobStore store) {
      this.store = store;
    }

    @Override
    public List<BlobEntry> list(String prefix) {
      return store.list(prefix);
    }

    @Override
    public byte[] read(String key) {
      reads.incrementAndGet();
      byKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return store.read(key);
    }

    @Override
    public VersionListing listVersions(String prefix) {
      return store.listVersions(prefix);
    }

    @Override
    public String locate(String key) {
      return store.locate(key);
    }

    @Override
    public String container() {
      return store.container();
    }
  }
}
