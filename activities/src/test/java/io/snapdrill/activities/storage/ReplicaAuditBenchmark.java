package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.testing.LocalS3Server;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.activities.testing.SyntheticRepository;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Not a test (its name keeps it out of the default run): {@code mvn -B -pl activities -am verify
 * -Pbenchmark-audit [-Dsnapdrill.benchmark.objects=100000] [-Dsnapdrill.benchmark.server=s3mock]}. Audits a
 * synthetic repository on a local S3 server (local-s3 by default) and prints the S3 requests per
 * bucket and the objects audited per second.
 */
class ReplicaAuditBenchmark {

  @Test
  void auditSyntheticRepository() throws Exception {
    int objects = Integer.getInteger("snapdrill.benchmark.objects", 100_000);
    int shards = 10;
    SyntheticRepository.Layout layout = SyntheticRepository.generate(shards, Math.max(1, objects / shards));
    // local-s3 takes uploads several times faster than S3Mock; both implement what the audit uses
    // (local-s3 answers 501 for lifecycle configuration, which the audit reads as "no rules")
    boolean s3mock = "s3mock".equals(System.getProperty("snapdrill.benchmark.server"));
    java.net.URI endpoint = s3mock ? S3MockServer.shared().endpoint() : LocalS3Server.shared().endpoint();
    System.out.println("server: " + (s3mock ? "S3Mock" : "local-s3") + " at " + endpoint);
    S3Client s3 = S3MockServer.client(endpoint);
    BucketConfig primary = StorageFixtures.bucket(endpoint, StorageFixtures.uniqueBucket("bench-primary"), "repo");
    BucketConfig replica = StorageFixtures.bucket(endpoint, StorageFixtures.uniqueBucket("bench-replica"), "repo");
    for (String bucket : List.of(primary.bucket(), replica.bucket())) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(
          v -> v.status(software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED)));
    }

    long uploadStart = System.nanoTime();
    // the primary needs only its metadata for the check (data blobs are never read there)
    layout.metadata().forEach((key, bytes) -> {
      s3.putObject(b -> b.bucket(primary.bucket()).key(primary.keyPrefix() + key), RequestBody.fromBytes(bytes));
      s3.putObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + key), RequestBody.fromBytes(bytes));
    });
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> puts = new ArrayList<>();
    for (String key : layout.dataBlobs().keySet()) {
      puts.add(pool.submit(() -> s3.putObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + key),
          RequestBody.fromBytes(new byte[] {7}))));
    }
    for (Future<?> put : puts) {
      put.get();
    }
    pool.shutdown();
    System.out.printf("uploaded %,d objects in %.1f s%n", layout.objects(), (System.nanoTime() - uploadStart) / 1e9);

    RequestCounter primaryRequests = new RequestCounter();
    RequestCounter replicaRequests = new RequestCounter();
    S3ClientFactory clients = bucket -> S3MockServer.client(java.net.URI.create(bucket.endpoint()),
        bucket.bucket().equals(primary.bucket()) ? primaryRequests : replicaRequests);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new ReplicationActivitiesImpl(StorageFixtures.directory("bench", primary, replica), clients),
          new StorageAuditActivitiesImpl(StorageFixtures.directory("bench", primary, replica), clients));
      ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(30)).build();
      ReplicationActivities replication = env.newActivityStub(ReplicationActivities.class, options);
      StorageAuditActivities audit = env.newActivityStub(StorageAuditActivities.class, options);

      long start = System.nanoTime();
      ReplicaCheck check = replication.checkReplica(new StorageCheckRequest("bench", layout.snapshotUuid(), 1));
      double checkSeconds = (System.nanoTime() - start) / 1e9;
      report("checkReplica", layout.objects(), checkSeconds, primaryRequests.snapshot(), replicaRequests.snapshot());
      assertThat(check.complete()).isTrue();
      assertThat(check.requiredBlobs()).isEqualTo(layout.objects());

      primaryRequests.reset();
      replicaRequests.reset();
      start = System.nanoTime();
      StorageAudit result = audit.auditStorage(new StorageCheckRequest("bench", layout.snapshotUuid(), 1));
      report("auditStorage", layout.objects(), (System.nanoTime() - start) / 1e9, primaryRequests.snapshot(),
          replicaRequests.snapshot());
      assertThat(result.markersHidingNeededBlobs()).isEmpty();
    } finally {
      env.close();
    }
  }

  private static void report(String what, int objects, double seconds, Map<String, Long> primary, Map<String, Long> replica) {
    long replicaTotal = replica.values().stream().mapToLong(Long::longValue).sum();
    long primaryTotal = primary.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("%s: %,d objects in %.2f s = %,.0f objects/s%n", what, objects, seconds, objects / seconds);
    System.out.printf("  replica bucket: %d requests %s (ceil(objects/1000) = %d)%n", replicaTotal, replica,
        (objects + 999) / 1000);
    System.out.printf("  primary bucket: %d requests %s (metadata reads only)%n", primaryTotal, primary);
  }
}
