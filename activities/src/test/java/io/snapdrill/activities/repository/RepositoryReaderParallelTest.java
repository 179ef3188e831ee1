package io.snapdrill.activities.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.blob.BlobEntry;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.blob.VersionListing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata blobs are read in parallel, at most RepositoryReader.PARALLEL_READS at once, with the sequential outcome. */
class RepositoryReaderParallelTest {

  @Test
  void readsOverlapWithinTheBoundAndTheResultIsTheSequentialOne() {
    Path repo = FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH);
    Overlapping store = new Overlapping(new DirectoryBlobStore(repo));
    RepositoryReader reader = new RepositoryReader(store);
    RepositoryReader.RootBlob root = reader.latestRoot();
    RepositoryData data = reader.repositoryData(root);

    SnapshotBlobs parallel = reader.requiredBlobs(root, data, "snap-2");

    assertThat(store.most.get()).isBetween(2, RepositoryReader.PARALLEL_READS);
    // the same blobs in the same order as a reader that reads one blob at a time (the listing sizes agree)
    List<String> expected = reader.requiredBlobs(root, data, "snap-2").blobs().stream().map(RequiredBlob::key).toList();
    assertThat(parallel.blobs()).extracting(RequiredBlob::key).containsExactlyElementsOf(expected);
    for (RequiredBlob blob : parallel.blobs()) {
      assertThat(new DirectoryBlobStore(repo).list(blob.key())).extracting(BlobEntry::size).contains(blob.size());
    }
  }

  @Test
  void withTwoShardSnapshotsGoneTheFirstInReadingOrderIsNamed(@TempDir Path tmp) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, tmp.resolve("repo"));
    RepositoryReader intact = new RepositoryReader(new DirectoryBlobStore(repo));
    RepositoryReader.RootBlob root = intact.latestRoot();
    RepositoryData data = intact.repositoryData(root);
    List<String> shardSnaps = intact.requiredBlobs(root, data, "snap-2").blobs().stream()
        .filter(b -> b.need() == RequiredBlob.Need.SHARD_SNAPSHOT).map(RequiredBlob::key).toList();
    assertThat(shardSnaps).hasSizeGreaterThan(2);
    Files.delete(repo.resolve(shardSnaps.get(shardSnaps.size() - 1)));
    Files.delete(repo.resolve(shardSnaps.get(1)));

    RepositoryReader reader = new RepositoryReader(new DirectoryBlobStore(repo));
    assertThatThrownBy(() -> reader.requiredBlobs(root, data, "snap-2"))
        .isInstanceOfSatisfying(BlobNotFoundException.class, e -> assertThat(e.key()).isEqualTo(shardSnaps.get(1)));
  }

  /** Holds each of the first reads until a second one is in flight, and counts the most at once. */
  static final class Overlapping implements BlobStore {
    final BlobStore store;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final CountDownLatch two = new CountDownLatch(2);

    Overlapping(BlobStore store) {
      this.store = store;
    }

    @Override
    public byte[] read(String key) {
      int now = inFlight.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      try {
        if (key.contains("/snap-")) {
          two.countDown();
          two.await(30, TimeUnit.SECONDS); // a bound on waiting, not a measurement
        }
        return store.read(key);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public List<BlobEntry> list(String prefix) {
      return store.list(prefix);
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
