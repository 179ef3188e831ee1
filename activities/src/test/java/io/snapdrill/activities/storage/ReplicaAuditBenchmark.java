package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.blob.ImmutableBlobCache;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.testing.LocalS3Server;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.activities.testing.SyntheticRepository;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Not a test (its name keeps it out of the default run): {@code mvn -B -pl
 * temporal-limits,workflows,activities test -Pbenchmark-audit -Dtest=ReplicaAuditBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dsnapdrill.benchmark.objects=1000000] [-Dsnapdrill.benchmark.indices=5000]
 * [-Dsnapdrill.benchmark.markers=20000] [-Dsnapdrill.benchmark.serverHeap=6g]}. Seeds a primary and
 * a replica bucket on an in-memory local-s3 with a synthetic repository (one snapshot of that many
 * one-shard indices) and, in the primary only, the delete markers a versioned bucket collects (over
 * blobs no snapshot needs, and 10 over needed ones), writing them inside local-s3's JVM. Then runs one
 * drill's replica check and storage audit as one worker would, in the heap the profile gives this
 * JVM (-Xmx256m), and prints per activity: S3 requests per bucket against ceil(entries / 1000)
 * listing requests plus the metadata reads, listed entries per second, the heap's peak (used, garbage
 * not yet collected included) and the
 * largest payload (result and heartbeat details). Fails when a listing takes more requests than that.
 */
class ReplicaAuditBenchmark {

  @Test
  void auditSyntheticRepository() {
    int objects = Integer.getInteger("snapdrill.benchmark.objects", 1_000_000);
    int indices = Integer.getInteger("snapdrill.benchmark.indices", 5_000);
    int markers = Integer.getInteger("snapdrill.benchmark.markers", 20_000);
    int hidden = Math.min(10, markers);
    int files = Math.max(1, (objects - 4) / indices - 3);
    SyntheticRepository.Spec spec = new SyntheticRepository.Spec(indices, files, markers - hidden, hidden);
    String primaryName = StorageFixtures.uniqueBucket("bench-primary");
    String replicaName = StorageFixtures.uniqueBucket("bench-replica");
    long seedStart = System.nanoTime();
    try (LocalS3Server server = LocalS3Server.inMemorySeeded(System.getProperty("snapdrill.benchmark.serverHeap", "6g"),
        primaryName, replicaName, "repo/", spec)) {
      System.out.printf("local-s3 (in memory) at %s: %,d repository objects per bucket (%,d indices x %,d data blobs"
              + " + metadata), %,d delete markers in the primary (%d over needed blobs); seeded in %.0f s%n",
          server.endpoint(), spec.repositoryObjects(), indices, files, markers, hidden,
          (System.nanoTime() - seedStart) / 1e9);
      System.out.printf("this JVM: max heap %,d MB%n", Runtime.getRuntime().maxMemory() >> 20);
      BucketConfig primary = StorageFixtures.bucket(server.endpoint(), primaryName, "repo");
      BucketConfig replica = StorageFixtures.bucket(server.endpoint(), replicaName, "repo");
      // one worker's cache, as in a drill: the check reads the metadata, the audit finds it cached
      try (ScaleRun run = new ScaleRun(primary, replica, new ImmutableBlobCache(ImmutableBlobCache.DEFAULT_MAX_BYTES))) {
        ScaleRun.Figures check = run.checkReplica(SyntheticRepository.Spec.SNAPSHOT_UUID);
        print(check, spec.replicaEntries(), 0, spec);
        assertThat(check.replica("ListObjectVersions")).isLessThanOrEqualTo(pages(spec.replicaEntries()));
        System.out.printf("  replica check: %,d required blobs, %d problems%n", run.replicaCheck(check).requiredBlobs(),
            run.replicaCheck(check).problems().size());

        ScaleRun.Figures audit = run.auditStorage(SyntheticRepository.Spec.SNAPSHOT_UUID);
        print(audit, spec.replicaEntries(), spec.primaryEntries(), spec);
        assertThat(audit.primary("ListObjectVersions")).isLessThanOrEqualTo(pages(spec.primaryEntries()));
        assertThat(audit.replica("ListObjectVersions")).isLessThanOrEqualTo(pages(spec.replicaEntries()));
        System.out.printf("  audit: %d markers over needed blobs, %,d over blobs no snapshot needs%n",
            run.storageAudit(audit).markersHidingNeededBlobs().size(),
            run.storageAudit(audit).buckets().get(0).needlessMarkerCount());
      }
    }
  }

  private static void print(ScaleRun.Figures f, long replicaEntries, long primaryEntries, SyntheticRepository.Spec spec) {
    long listed = replicaEntries + primaryEntries;
    System.out.printf("%s: %,d listed entries in %.1f s = %,.0f entries/s; peak heap %,d MB; result %,d bytes;"
            + " largest heartbeat %,d bytes%n", f.activity(), listed, f.seconds(), listed / f.seconds(),
        f.peakHeapBytes() >> 20, f.resultBytes(), f.largestHeartbeatBytes());
    bucket("replica", f.replicaRequests(), replicaEntries, 0);
    bucket("primary", f.primaryRequests(), primaryEntries, spec.metadataBlobs());
  }

  private static void bucket(String role, Map<String, Long> requests, long entries, long metadata) {
    long total = requests.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("  %s bucket: %,d requests %s; goal: ceil(%,d / 1000) = %,d listing requests + at most %,d"
        + " metadata reads%n", role, total, requests, entries, pages(entries), metadata);
  }

  private static long pages(long entries) {
    return (entries + 999) / 1000;
  }
}
