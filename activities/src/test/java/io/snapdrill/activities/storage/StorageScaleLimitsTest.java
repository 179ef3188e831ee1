package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.blob.HiddenBlobScan;
import io.snapdrill.activities.blob.ImmutableBlobCache;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.testing.LocalS3Server;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.activities.testing.SyntheticRepository;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.StorageAudit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The benchmark's limits at test size (ReplicaAuditBenchmark measures the full million objects): a
 * primary with 20,000 delete markers over blobs no snapshot needs and 5 over needed ones, on an
 * in-memory local-s3 seeded in its own JVM. One drill on one worker: the replica check, then the
 * storage audit. Counts and sizes only.
 */
class StorageScaleLimitsTest {
  private static final SyntheticRepository.Spec SPEC = new SyntheticRepository.Spec(50, 20, 20_000, 5);
  private static final String PRIMARY = StorageFixtures.uniqueBucket("limits-primary");
  private static final String REPLICA = StorageFixtures.uniqueBucket("limits-replica");
  /** Temporal's payload warning: results and heartbeat details stay under it. */
  private static final long PAYLOAD_WARNING = 512 * 1024;
  private static LocalS3Server server;

  @BeforeAll
  static void seed() {
    server = LocalS3Server.inMemorySeeded("512m", PRIMARY, REPLICA, "repo/", SPEC);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aDrillsReplicaCheckAndAuditStayWithinTheirRequestAndPayloadBudgets() {
    BucketConfig primary = StorageFixtures.bucket(server.endpoint(), PRIMARY, "repo");
    BucketConfig replica = StorageFixtures.bucket(server.endpoint(), REPLICA, "repo");
    try (ScaleRun run = new ScaleRun(primary, replica, new ImmutableBlobCache(ImmutableBlobCache.DEFAULT_MAX_BYTES))) {
      ScaleRun.Figures check = run.checkReplica(SyntheticRepository.Spec.SNAPSHOT_UUID);
      ReplicaCheck replicaCheck = run.replicaCheck(check);
      assertThat(replicaCheck.requiredBlobs()).isEqualTo(SPEC.requiredBlobs());
      assertThat(replicaCheck.problems()).isEmpty();
      // one listing of the replica, 1,000 entries a page; each metadata blob of the primary read once
      assertThat(check.replica("ListObjectVersions")).isEqualTo(pages(SPEC.replicaEntries()));
      assertThat(check.replica("GetObject")).isZero();
      assertThat(check.primary("GetObject")).isEqualTo(SPEC.metadataBlobs());
      assertThat(check.resultBytes()).isLessThan(PAYLOAD_WARNING);
      assertThat(check.largestHeartbeatBytes()).isLessThan(PAYLOAD_WARNING);

      ScaleRun.Figures audited = run.auditStorage(SyntheticRepository.Spec.SNAPSHOT_UUID);
      StorageAudit audit = run.storageAudit(audited);
      BucketAudit primaryAudit = audit.buckets().get(0);
      assertThat(audit.markersHidingNeededBlobs()).hasSize(SPEC.hiddenNeeded())
          .allSatisfy(m -> assertThat(m.breaksSnapshots()).containsExactly("scale"));
      assertThat(primaryAudit.deleteMarkers()).filteredOn(m -> !m.neededBySnapshot()).hasSize(BucketAudit.NEEDLESS_LISTED);
      assertThat(primaryAudit.needlessMarkerCount()).isEqualTo(SPEC.strays());
      assertThat(audit.buckets().get(1).deleteMarkers()).isEmpty();
      assertThat(audited.primary("ListObjectVersions")).isEqualTo(pages(SPEC.primaryEntries()));
      assertThat(audited.replica("ListObjectVersions")).isEqualTo(pages(SPEC.replicaEntries()));
      // the snapshot's immutable metadata was read by the check: the audit reads only the root and index.latest
      assertThat(audited.primary("GetObject")).isEqualTo(2);
      assertThat(audited.replica("GetObject")).isZero();
      assertThat(audited.resultBytes()).isLessThan(PAYLOAD_WARNING);
      assertThat(audited.largestHeartbeatBytes()).isLessThan(PAYLOAD_WARNING);
      assertThat(primaryAudit.deleteMarkers()).extracting(DeleteMarker::previousVersionId).doesNotContainNull();
    }
  }

  /**
   * The SDK throttles heartbeats, so a listener sees few of them: what the audit asks to send is
   * measured here instead, page by page. 20,000 hidden keys would be about 3 MB of details (over
   * Temporal's 2 MB limit); the checkpoint stops growing at the carry limit.
   */
  @Test
  void theAuditsHeartbeatDetailsStayUnderThePayloadWarningWhateverTheMarkers() {
    S3Client s3 = server.client();
    HiddenBlobScan.Position[] last = new HiddenBlobScan.Position[1];
    long[] largest = {0};
    List<HiddenBlobScan.HiddenKey> hidden = new HiddenBlobScan(new S3BlobStore(s3, PRIMARY, "repo/"), "", null)
        .run(scan -> {
          last[0] = scan.checkpoint();
          largest[0] = Math.max(largest[0], ScaleRun.bytes(new AuditProgress(scan.checkpoint(), scan.checkpoint())));
        });

    assertThat(hidden).hasSize(SPEC.strays() + SPEC.hiddenNeeded());
    assertThat(largest[0]).isLessThan(PAYLOAD_WARNING);
    // the cap bites: the last checkpoint is an earlier page's, and carries fewer keys than were found
    assertThat(last[0].done()).isFalse();
    assertThat(last[0].hidden().size()).isLessThan(hidden.size());
    // a retry from it still ends with every hidden key
    assertThat(new HiddenBlobScan(new S3BlobStore(s3, PRIMARY, "repo/"), "", last[0]).run(scan -> {}))
        .isEqualTo(hidden);
  }

  /**
   * Working out which snapshots need the hidden keys carries its position too, beside both scans' at their
   * carry limit (about 360 KB): asked about every blob the repository needs (1,153 keys), the details stay
   * under the warning, and a retry from the last position answers as a whole run.
   */
  @Test
  void theNeedsCarriedWithBothScansStayUnderThePayloadWarning() {
    S3Client s3 = server.client();
    HiddenBlobScan.Position[] scanned = new HiddenBlobScan.Position[1];
    new HiddenBlobScan(new S3BlobStore(s3, PRIMARY, "repo/"), "", null).run(scan -> scanned[0] = scan.checkpoint());
    S3BlobStore store = new S3BlobStore(s3, PRIMARY, "repo/");
    java.util.Set<String> keys = new java.util.TreeSet<>(StorageAuditor.snapshotsByBlob(store).keySet());
    List<RepositoryReader.NeedsPosition> checkpoints = new java.util.ArrayList<>();
    long[] largest = {0};
    java.util.Map<String, List<String>> whole = StorageAuditor.snapshotsByBlob(store, keys, null, position -> {
      checkpoints.add(position);
      largest[0] = Math.max(largest[0], ScaleRun.bytes(new AuditProgress(scanned[0], scanned[0], position)));
    });

    assertThat(whole).hasSize(keys.size());
    assertThat(largest[0]).isLessThan(PAYLOAD_WARNING);
    RepositoryReader.NeedsPosition last = checkpoints.get(checkpoints.size() - 1);
    assertThat(StorageAuditor.snapshotsByBlob(store, keys, last, position -> {})).isEqualTo(whole);
  }

  /** The replica check's details at their fullest: the inline problems and the stored parts it carries at most. */
  @Test
  void theReplicaChecksDetailsAtTheirLimitsStayUnderThePayloadWarning() {
    String key = "snapshots/prod/indices/" + "i".repeat(22) + "/999/__" + "u".repeat(22) + ".part99";
    List<io.snapdrill.model.BlobProblem> problems = java.util.stream.IntStream.range(0, ReplicaProgress.STORED_EVERY)
        .mapToObj(i -> new io.snapdrill.model.BlobProblem("b".repeat(63), key + i,
            io.snapdrill.model.BlobProblemKind.WRONG_SIZE, Long.MAX_VALUE, Long.MAX_VALUE))
        .toList();
    List<io.snapdrill.model.StoredEvidence> parts = java.util.stream.IntStream.range(0, ReplicaProgress.STORED_LIMIT)
        .mapToObj(i -> new io.snapdrill.model.StoredEvidence("s3://" + "r".repeat(63) + "/reports/prod-" + "u".repeat(22)
            + "/evidence/replica-check-999-attempt-99-problems-part-" + i + ".json", "f".repeat(64), Integer.MAX_VALUE))
        .toList();
    var listing = new io.snapdrill.activities.repository.BlobComparison.ListingPosition(key, "v".repeat(32), key,
        Integer.MAX_VALUE, false, true, Long.MAX_VALUE, Long.MAX_VALUE, false, java.util.Set.of("index-" + Long.MAX_VALUE));

    long bytes = ScaleRun.bytes(new ReplicaProgress("u".repeat(22), Long.MAX_VALUE, listing, problems, parts));

    assertThat(bytes).isLessThan(PAYLOAD_WARNING / 2);
  }

  private static long pages(long entries) {
    return (entries + 999) / 1000;
  }
}
