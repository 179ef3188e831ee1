package io.snapdrill.activities.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.blob.RequestCounter;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobFinding;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobState;
import io.snapdrill.activities.repository.RepositoryVerdict.SharedProblem;
import io.snapdrill.activities.repository.RepositoryVerdict.SnapshotVerdict;
import io.snapdrill.activities.repository.RequiredBlob.Need;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every snapshot of a repository judged from one listing, on the repositories real Elasticsearch 8.19
 * and OpenSearch 2.18 nodes wrote (snap-1 and snap-2 of logs and metrics, snap-3 of logs; later
 * snapshots share the earlier ones' segment blobs), damaged the ways a copy of it gets damaged.
 */
class RepositoryCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {FixtureRepositories.ELASTICSEARCH, FixtureRepositories.OPENSEARCH})
  void everySnapshotOfAWholeRepositoryIsRestorable(String fixture) {
    DirectoryBlobStore store = new DirectoryBlobStore(FixtureRepositories.path(fixture));
    RepositoryVerdict verdict = RepositoryCheck.read(store).all();

    assertThat(verdict.allRestorable()).isTrue();
    assertThat(verdict.sharedProblems()).isEmpty();
    assertThat(verdict.versionsKnown()).isFalse();
    assertThat(verdict.snapshots()).extracting(SnapshotVerdict::name).containsExactly("snap-1", "snap-2", "snap-3");
    RepositoryReader reader = new RepositoryReader(store);
    var root = reader.latestRoot();
    var data = reader.repositoryData(root);
    for (SnapshotVerdict snapshot : verdict.snapshots()) {
      assertThat(snapshot.restorable()).isTrue();
      assertThat(snapshot.blobs()).isEmpty();
      assertThat(snapshot.requiredBlobs()).isEqualTo(reader.requiredBlobs(root, data, snapshot.name()).blobs().size());
      // Elasticsearch records start times in the root blob; OpenSearch only in each snap-<uuid>.dat
      assertThat(snapshot.startTimeMillis()).as(snapshot.name()).isNotNull();
    }
    assertThat(verdict.newestRestorable()).get().extracting(SnapshotVerdict::name).isEqualTo("snap-3");
  }

  /**
   * The damage of the restore-a-thon, in a directory: a segment blob of the first snapshot gone
   * (every later snapshot shares it) and a later segment blob torn; each named once with what it breaks.
   */
  @Test
  void sharedBlobsAreNamedOnceWithTheSnapshotsTheyBreak(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    Map<String, List<String>> byBlob = snapshotsByBlob(new DirectoryBlobStore(repo));
    String sharedByAll = dataBlobNeededBy(byBlob, "snap-1", "snap-2", "snap-3");
    String sharedByLaterTwo = dataBlobNeededBy(byBlob, "snap-2", "snap-3");
    long tornSize = Files.size(repo.resolve(sharedByLaterTwo));
    Files.delete(repo.resolve(sharedByAll));
    Files.write(repo.resolve(sharedByLaterTwo), new byte[] {1, 2, 3});

    RepositoryVerdict verdict = RepositoryCheck.read(new DirectoryBlobStore(repo)).all();

    assertThat(verdict.allRestorable()).isFalse();
    assertThat(verdict.notRestorable()).extracting(SnapshotVerdict::name).containsExactly("snap-1", "snap-2", "snap-3");
    assertThat(verdict.sharedProblems()).extracting(p -> p.blob().key(), p -> p.blob().state(), SharedProblem::snapshots)
        .containsExactlyInAnyOrder(
            tuple(sharedByAll, BlobState.MISSING, List.of("snap-1", "snap-2", "snap-3")),
            tuple(sharedByLaterTwo, BlobState.WRONG_SIZE, List.of("snap-2", "snap-3")));
    BlobFinding torn = verdict.sharedProblems().stream().map(SharedProblem::blob)
        .filter(b -> b.state() == BlobState.WRONG_SIZE).findFirst().orElseThrow();
    assertThat(torn.expectedSize()).isEqualTo(tornSize);
    assertThat(torn.actualSize()).isEqualTo(3);
    assertThat(torn.need()).isEqualTo(Need.DATA);
    for (SnapshotVerdict snapshot : verdict.snapshots()) {
      assertThat(verdict.ownProblems(snapshot)).as(snapshot.name()).isEmpty();
    }
    assertThat(verdict.newestRestorable()).isEmpty();
  }

  /**
   * Replication applies writes out of order: the replica may hold the newest root blob before the
   * blobs of the snapshot it adds. The newest snapshot a restore from that copy can use is the one before.
   */
  @Test
  void aRootNamingBlobsThatHaveNotArrivedLeavesTheOlderSnapshotNewestRestorable(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    Map<String, List<String>> byBlob = snapshotsByBlob(new DirectoryBlobStore(repo));
    List<String> onlySnap3 = byBlob.entrySet().stream().filter(e -> e.getValue().equals(List.of("snap-3")))
        .map(Map.Entry::getKey).toList();
    assertThat(onlySnap3).isNotEmpty();
    for (String key : onlySnap3) {
      Files.delete(repo.resolve(key));
    }

    RepositoryVerdict verdict = RepositoryCheck.read(new DirectoryBlobStore(repo)).all();

    assertThat(verdict.notRestorable()).extracting(SnapshotVerdict::name).containsExactly("snap-3");
    SnapshotVerdict snap3 = verdict.snapshots().get(2);
    // its snap-<uuid>.dat is among them: what lies under it cannot be known, the blob is the finding
    assertThat(snap3.complete()).isFalse();
    assertThat(snap3.problems()).singleElement().satisfies(b -> {
      assertThat(b.key()).isEqualTo("snap-" + snap3.uuid() + ".dat");
      assertThat(b.state()).isEqualTo(BlobState.MISSING);
      assertThat(b.need()).isEqualTo(Need.SNAPSHOT_INFO);
    });
    assertThat(verdict.newestRestorable()).get().extracting(SnapshotVerdict::name).isEqualTo("snap-2");
    assertThat(verdict.sharedProblems()).isEmpty();
  }

  @Test
  void aCorruptMetadataBlobIsNamedWithWhy(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.OPENSEARCH, dir.resolve("repo"));
    Map<String, List<String>> byBlob = snapshotsByBlob(new DirectoryBlobStore(repo));
    String shardSnap = byBlob.keySet().stream().filter(k -> k.matches("indices/.+/0/snap-.+\\.dat"))
        .filter(k -> byBlob.get(k).equals(List.of("snap-1"))).findFirst().orElseThrow();
    byte[] bytes = Files.readAllBytes(repo.resolve(shardSnap));
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(repo.resolve(shardSnap), bytes);

    RepositoryVerdict verdict = RepositoryCheck.read(new DirectoryBlobStore(repo)).all();

    assertThat(verdict.notRestorable()).extracting(SnapshotVerdict::name).containsExactly("snap-1");
    assertThat(verdict.ownProblems(verdict.snapshots().get(0))).singleElement().satisfies(b -> {
      assertThat(b.key()).isEqualTo(shardSnap);
      assertThat(b.state()).isEqualTo(BlobState.CORRUPT);
      assertThat(b.need()).isEqualTo(Need.SHARD_SNAPSHOT);
      assertThat(b.detail()).contains("checksum mismatch");
    });
  }

  /**
   * A Rewind-style expiry in a versioned bucket: a delete marker over the index metadata blob every
   * snapshot of {@code logs} shares. It is read through the marker (so the blobs under it are still
   * judged) and named once as hidden, breaking all three snapshots. One ListObjectVersions request,
   * no ListObjectsV2, and each metadata blob read once.
   */
  @Test
  void aBlobHiddenByADeleteMarkerInAVersionedBucketTakesOneListing() {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("check-hidden");
    server.createVersionedBucket(s3, bucket);
    Path fixture = FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH);
    RepositoryBuckets.upload(s3, fixture, bucket, "es/prod/");
    Map<String, List<String>> byBlob = snapshotsByBlob(new DirectoryBlobStore(fixture));
    String sharedMeta = byBlob.keySet().stream().filter(k -> k.matches("indices/[^/]+/meta-.+\\.dat"))
        .filter(k -> byBlob.get(k).size() == 3).findFirst().orElseThrow();
    s3.deleteObject(b -> b.bucket(bucket).key("es/prod/" + sharedMeta));

    RequestCounter counter = new RequestCounter();
    RepositoryVerdict verdict = RepositoryCheck.read(new S3BlobStore(server.client(counter), bucket, "es/prod/")).all();

    assertThat(verdict.versionsKnown()).isTrue();
    assertThat(verdict.notRestorable()).extracting(SnapshotVerdict::name).containsExactly("snap-1", "snap-2", "snap-3");
    assertThat(verdict.sharedProblems()).singleElement().satisfies(p -> {
      assertThat(p.blob().key()).isEqualTo(sharedMeta);
      assertThat(p.blob().objectKey()).isEqualTo("es/prod/" + sharedMeta);
      assertThat(p.blob().state()).isEqualTo(BlobState.HIDDEN_BY_DELETE_MARKER);
      assertThat(p.blob().need()).isEqualTo(Need.INDEX_METADATA);
      assertThat(p.snapshots()).containsExactly("snap-1", "snap-2", "snap-3");
    });
    assertThat(verdict.snapshots()).allSatisfy(s -> assertThat(s.complete()).as("read through the marker").isTrue());
    assertThat(counter.count("ListObjectVersions")).isEqualTo(1);
    assertThat(counter.count("ListObjectsV2")).isZero();
    assertThat(counter.count("GetObject")).isEqualTo(metadataBlobs(byBlob) + 2); // + index-2 and index.latest
    assertThat(counter.count("HeadObject")).isZero();
  }

  /** The list requests depend on the number of objects, never on the number of snapshots. */
  @Test
  void listRequestsDoNotGrowWithTheNumberOfSnapshots() throws Exception {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    Path fixture = FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH);
    String three = StorageFixtures.uniqueBucket("check-three");
    String one = StorageFixtures.uniqueBucket("check-one");
    server.createVersionedBucket(s3, three);
    server.createVersionedBucket(s3, one);
    RepositoryBuckets.upload(s3, fixture, three, "");
    // the same objects, with a root that names snap-1 only
    RepositoryBuckets.upload(s3, fixture, one, "");
    ObjectNode root = (ObjectNode) JSON.readTree(fixture.resolve("index-2").toFile());
    for (Iterator<JsonNode> it = root.withArray("snapshots").elements(); it.hasNext(); ) {
      if (!"snap-1".equals(it.next().path("name").asText())) {
        it.remove();
      }
    }
    s3.putObject(b -> b.bucket(one).key("index-2"), RequestBody.fromBytes(JSON.writeValueAsBytes(root)));

    RequestCounter counter = new RequestCounter();
    RepositoryVerdict ofOne = RepositoryCheck.read(new S3BlobStore(server.client(counter), one, "")).all();
    Map<String, Long> requestsForOne = counter.snapshot();
    counter.reset();
    RepositoryVerdict ofThree = RepositoryCheck.read(new S3BlobStore(server.client(counter), three, "")).all();

    assertThat(ofOne.snapshots()).hasSize(1);
    assertThat(ofThree.snapshots()).hasSize(3);
    assertThat(ofThree.allRestorable()).isTrue();
    assertThat(requestsForOne.get("ListObjectVersions")).isEqualTo(1);
    assertThat(counter.count("ListObjectVersions")).isEqualTo(1);
    assertThat(requestsForOne).doesNotContainKey("ListObjectsV2");
    assertThat(counter.count("ListObjectsV2")).isZero();
  }

  /**
   * At the listing limit: a repository of 1,208 objects (a synthetic one in Elasticsearch 8's format)
   * is listed in two ListObjectVersions pages of 1,000 keys, and nothing else is listed.
   */
  @Test
  void aRepositoryOfMoreThanOnePageTakesOneRequestPerPage() throws Exception {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("check-pages");
    server.createVersionedBucket(s3, bucket);
    var layout = io.snapdrill.activities.testing.SyntheticRepository.generate(2, 600);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> puts = new java.util.ArrayList<>();
      layout.metadata().forEach((key, bytes) -> puts.add(pool.submit(() ->
          s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)))));
      layout.dataBlobs().forEach((key, size) -> puts.add(pool.submit(() ->
          s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size])))));
      for (var put : puts) {
        put.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(layout.objects()).isBetween(1_001, 2_000);

    RequestCounter counter = new RequestCounter();
    RepositoryVerdict verdict = RepositoryCheck.read(new S3BlobStore(server.client(counter), bucket, "")).all();

    assertThat(verdict.allRestorable()).as("%s", verdict.snapshots()).isTrue();
    assertThat(verdict.snapshots()).singleElement().extracting(SnapshotVerdict::requiredBlobs)
        .isEqualTo(layout.objects());
    assertThat(counter.count("ListObjectVersions")).isEqualTo(2);
    assertThat(counter.count("ListObjectsV2")).isZero();
    assertThat(counter.count("GetObject")).as("each metadata blob once; no data blob").isEqualTo(layout.metadata().size());
  }

  @Test
  void aNewerRootHiddenByADeleteMarkerIsNotedAndEveryRootHiddenIsDamage() {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("check-root");
    server.createVersionedBucket(s3, bucket);
    Path fixture = FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH);
    RepositoryBuckets.upload(s3, fixture, bucket, "");
    s3.putObject(b -> b.bucket(bucket).key("index-3"), RequestBody.fromFile(fixture.resolve("index-2")));
    s3.deleteObject(b -> b.bucket(bucket).key("index-3"));

    RepositoryCheck check = RepositoryCheck.read(new S3BlobStore(s3, bucket, ""));
    assertThat(check.root().key()).isEqualTo("index-2");
    assertThat(check.notes()).singleElement().asString().contains("s3://" + bucket + "/index-3")
        .contains("hidden by a delete marker");

    s3.deleteObject(b -> b.bucket(bucket).key("index-2"));
    assertThatThrownBy(() -> RepositoryCheck.read(new S3BlobStore(s3, bucket, "")))
        .isInstanceOf(RepositoryFormatException.class)
        .hasMessageContaining("hidden by delete markers")
        .satisfies(e -> assertThat(((RepositoryFormatException) e).key()).isEqualTo("index-3"));
  }

  @Test
  void oneSnapshotListsEveryBlobOnlyWhenAsked() {
    RepositoryCheck check = RepositoryCheck.read(new DirectoryBlobStore(FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH)));
    SnapshotVerdict problemsOnly = check.snapshot("snap-2", false);
    SnapshotVerdict every = check.snapshot("snap-2", true);
    assertThat(problemsOnly.restorable()).isTrue();
    assertThat(problemsOnly.blobs()).isEmpty();
    assertThat(every.blobs()).hasSize(every.requiredBlobs());
    assertThat(every.blobs().get(0).need()).isEqualTo(Need.ROOT);
    assertThatThrownBy(() -> check.snapshot("nope", false)).isInstanceOf(RepositoryFormatException.class)
        .hasMessageContaining("snapshot 'nope' is not in")
        .satisfies(e -> assertThat(((RepositoryFormatException) e).key()).isNull());
  }

  @Test
  void needOfAKeyFollowsTheRepositoryLayout() {
    assertThat(Arrays.asList("index-7", "snap-u.dat", "meta-u.dat", "indices/i/meta-x.dat", "indices/i/0/snap-u.dat",
        "indices/i/0/index-g", "indices/i/0/__d.part1").stream().map(RepositoryCheck::needOf).toList())
        .containsExactly(Need.ROOT, Need.SNAPSHOT_INFO, Need.GLOBAL_METADATA, Need.INDEX_METADATA, Need.SHARD_SNAPSHOT,
            Need.SHARD_GENERATION, Need.DATA);
  }

  private static Map<String, List<String>> snapshotsByBlob(DirectoryBlobStore store) {
    RepositoryReader reader = new RepositoryReader(store);
    var root = reader.latestRoot();
    return reader.snapshotsByBlob(root, reader.repositoryData(root));
  }

  /** A data blob exactly these snapshots need. */
  private static String dataBlobNeededBy(Map<String, List<String>> byBlob, String... snapshots) {
    return byBlob.entrySet().stream()
        .filter(e -> RepositoryCheck.needOf(e.getKey()) == Need.DATA && e.getValue().equals(List.of(snapshots)))
        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no data blob of " + List.of(snapshots)));
  }

  /** Metadata blobs some snapshot needs (every blob but data and the root). */
  private static long metadataBlobs(Map<String, List<String>> byBlob) {
    Set<String> keys = new HashSet<>(byBlob.keySet());
    keys.removeIf(k -> RepositoryCheck.needOf(k) == Need.DATA || RepositoryCheck.needOf(k) == Need.ROOT);
    return keys.size();
  }
}
