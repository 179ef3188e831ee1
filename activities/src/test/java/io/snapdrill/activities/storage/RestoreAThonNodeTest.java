package io.snapdrill.activities.storage;

import static io.snapdrill.activities.testing.NodeRepositories.restore;
import static io.snapdrill.activities.testing.NodeRepositories.restored;
import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob.Need;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.repository.SnapshotBlobs;
import io.snapdrill.activities.testing.NodeRepositories;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * With real nodes (Elasticsearch 8.19, OpenSearch 2.19, Elasticsearch 7.17): a node writes a
 * repository (three incremental snapshots of one index) and a node restores from read-only copies of
 * it, whole, trimmed to the reader's required blobs, or with one blob gone.
 */
class RestoreAThonNodeTest {
  private static final String INDEX = "storage-audit-logs";
  private static final AtomicInteger COPIES = new AtomicInteger();
  private static final Map<NodeDistribution, Written> WRITTEN = new ConcurrentHashMap<>();

  /**
   * A repository one node wrote, and the node that restores from copies of it (a second node for
   * Elasticsearch 8, whose pair other tests share; the writer itself for the others, to start fewer).
   */
  record Written(LocalNode source, LocalNode restoreNode, Path base, Path location) {}

  static Written written(NodeDistribution distribution) {
    return WRITTEN.computeIfAbsent(distribution, RestoreAThonNodeTest::write);
  }

  private static Written write(NodeDistribution distribution) {
    LocalNode source = SharedNodes.source(distribution);
    LocalNode restoreNode = distribution.equals(NodeDistribution.ELASTICSEARCH_8)
        ? SharedNodes.restore(distribution) : source;
    Path base = NodeRepositories.directory(source, "storage-audit-" + ProcessHandle.current().pid());
    Path location = NodeRepositories.directory(source, base.getFileName() + "/written");
    NodeRepositories.registerFs(source, "storage-audit", location, false);
    NodeRepositories.call(source, "DELETE", "/" + INDEX, null);
    NodeRepositories.ok(source, "PUT", "/" + INDEX,
        "{\"settings\":{\"number_of_shards\":2,\"number_of_replicas\":0}}");
    NodeRepositories.index(source, INDEX, 0, 150);
    snapshot(source, "first");
    NodeRepositories.index(source, INDEX, 150, 80);
    snapshot(source, "second");
    NodeRepositories.index(source, INDEX, 230, 20);
    snapshot(source, "third");
    return new Written(source, restoreNode, base, location);
  }

  private static void snapshot(LocalNode source, String name) {
    String body = NodeRepositories.ok(source, "PUT", "/_snapshot/storage-audit/" + name + "?wait_for_completion=true",
        "{\"indices\":\"" + INDEX + "\",\"include_global_state\":true}");
    assertThat(body).contains("\"state\":\"SUCCESS\"");
  }

  static Stream<NodeDistribution> distributions() {
    return Stream.of(NodeDistribution.ELASTICSEARCH_8, NodeDistribution.OPENSEARCH_2, NodeDistribution.ELASTICSEARCH_7);
  }

  /**
   * The reader's set is sufficient (a repository holding only it restores) and each blob kind it
   * marks as read by a restore really is (without one, the restore fails).
   */
  @ParameterizedTest
  @MethodSource("distributions")
  void requiredBlobsAreWhatARestoreReads(NodeDistribution distribution) throws IOException {
    Written repo = written(distribution);
    RepositoryReader reader = new RepositoryReader(new DirectoryBlobStore(repo.location()));
    var root = reader.latestRoot();
    SnapshotBlobs second = reader.requiredBlobs(root, reader.repositoryData(root), "second");

    Path onlyRequired = copyOf(repo, second.blobs(), null);
    var response = restore(repo.restoreNode(), register(repo, onlyRequired), "second", INDEX, "only-required-");
    assertThat(restored(response)).as(response.body()).isTrue();
    assertThat(NodeRepositories.count(repo.restoreNode(), "only-required-" + INDEX)).isEqualTo(230);
    NodeRepositories.ok(repo.restoreNode(), "DELETE", "/only-required-" + INDEX, null);

    for (Need need : Need.values()) {
      RequiredBlob without = second.blobs().stream().filter(b -> b.need() == need).findFirst().orElseThrow();
      Path copy = copyOf(repo, second.blobs(), without);
      String prefix = "without-" + need.name().toLowerCase().replace('_', '-') + "-";
      var attempt = restore(repo.restoreNode(), register(repo, copy), "second", INDEX, prefix);
      assertThat(restored(attempt))
          .as("%s: restore without %s (%s): %s", distribution, without.key(), need, attempt.body())
          .isEqualTo(!need.readByIndexRestore());
      NodeRepositories.call(repo.restoreNode(), "DELETE", "/" + prefix + INDEX, null);
    }
  }

  /**
   * The restore-a-thon failure: a 7-day expiration rule put a delete marker over a blob of the FIRST
   * snapshot; every later snapshot shares it, so every restore fails, until the marker is removed.
   */
  @Test
  void deleteMarkerOnTheFirstSnapshotBreaksEveryRestoreUntilHealed() {
    Written repo = written(NodeDistribution.ELASTICSEARCH_8);
    LocalNode restoreNode = repo.restoreNode();
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    BucketConfig primary = StorageFixtures.bucket(server.endpoint(), StorageFixtures.uniqueBucket("rat-primary"), "es/prod");
    BucketConfig replica = StorageFixtures.bucket(server.endpoint(), StorageFixtures.uniqueBucket("rat-replica"), "es/prod");
    server.createVersionedBucket(s3, primary.bucket());
    server.createVersionedBucket(s3, replica.bucket());
    RepositoryBuckets.upload(s3, repo.location(), primary.bucket(), primary.keyPrefix());

    RepositoryReader reader = new RepositoryReader(new S3BlobStore(s3, primary.bucket(), primary.keyPrefix()));
    var root = reader.latestRoot();
    RepositoryData data = reader.repositoryData(root);
    SnapshotBlobs first = reader.requiredBlobs(root, data, "first");
    SnapshotBlobs third = reader.requiredBlobs(root, data, "third");
    String shared = first.blobs().stream().filter(b -> b.need() == Need.DATA).map(RequiredBlob::key)
        .filter(k -> third.blobs().stream().anyMatch(b -> b.key().equals(k))).findFirst().orElseThrow();
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(primary.keyPrefix() + shared));

    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      StorageAuditActivities activities = StorageFixtures.storageAudit(env, primary, replica);

      List<DeleteMarker> breaking = activities.auditStorage(new StorageCheckRequest("prod", "x", 1)).markersHidingNeededBlobs();
      assertThat(breaking).singleElement().satisfies(m -> {
        assertThat(m.key()).isEqualTo(primary.keyPrefix() + shared);
        assertThat(m.breaksSnapshots()).containsExactly("first", "second", "third");
      });

      // what the restore host sees: the bucket's current blobs
      Path before = downloadForNode(repo, s3, primary);
      var failed = restore(restoreNode, register(repo, before), "third", INDEX, "before-heal-");
      assertThat(restored(failed)).as(failed.body()).isFalse();
      NodeRepositories.call(restoreNode, "DELETE", "/before-heal-" + INDEX, null);

      HealReport report = activities.healDeleteMarkers(new HealRequest("prod", breaking, false));
      assertThat(report.removed()).hasSize(1);

      Path after = downloadForNode(repo, s3, primary);
      var healed = restore(restoreNode, register(repo, after), "third", INDEX, "after-heal-");
      assertThat(restored(healed)).as(healed.body()).isTrue();
      assertThat(NodeRepositories.count(restoreNode, "after-heal-" + INDEX)).isEqualTo(250);
      NodeRepositories.ok(restoreNode, "DELETE", "/after-heal-" + INDEX, null);
    } finally {
      env.close();
    }
  }

  private static Path downloadForNode(Written repo, S3Client s3, BucketConfig bucket) {
    Path dir = repo.base().resolve("bucket-copy-" + COPIES.incrementAndGet());
    RepositoryBuckets.download(s3, bucket.bucket(), bucket.keyPrefix(), dir);
    NodeRepositories.giveToNode(dir);
    return dir;
  }

  /** A copy of the written repository holding only {@code blobs}, minus {@code except}. */
  private static Path copyOf(Written repo, List<RequiredBlob> blobs, RequiredBlob except) throws IOException {
    Path dir = repo.base().resolve("copy-" + COPIES.incrementAndGet());
    for (RequiredBlob blob : blobs) {
      if (blob != except) {
        Path target = dir.resolve(blob.key());
        Files.createDirectories(target.getParent());
        Files.copy(repo.location().resolve(blob.key()), target);
      }
    }
    NodeRepositories.giveToNode(dir);
    return dir;
  }

  private static String register(Written repo, Path location) {
    String name = "sa-" + location.getFileName();
    NodeRepositories.registerFs(repo.restoreNode(), name, location, true);
    return name;
  }
}
