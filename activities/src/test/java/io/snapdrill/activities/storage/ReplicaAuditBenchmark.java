package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.RequestCounter;
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
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Not a test (its name keeps it out of the default run): {@code mvn -B -pl activities -am verify
 * -Pbenchmark-audit [-Dsnapdrill.benchmark.objects=100000] [-Dsnapdrill.benchmark.threads=16]
 * [-Dsnapdrill.benchmark.server=s3mock]}. Seeds a primary and a replica bucket with the same synthetic
 * repository through PUTs over HTTP, then runs the production replica check and storage audit against
 * them (twice: the first round includes JIT warm-up) and prints, per bucket, the S3 requests against
 * ceil(objects / 1000) and the objects per second. Fails when a whole-bucket listing takes more
 * requests than that. S3Mock (about 85 PUT/s) suits small sizes only.
 */
class ReplicaAuditBenchmark {

  @Test
  void auditSyntheticRepository() throws Exception {
    int objects = Integer.getInteger("snapdrill.benchmark.objects", 100_000);
    int shards = 10;
    SyntheticRepository.Layout layout = SyntheticRepository.generate(shards, Math.max(1, objects / shards));
    // local-s3 by default, in memory: its PERSISTENCE mode rewrites the bucket's whole metadata file on
    // each PUT (seeding slows to a crawl), S3Mock takes about 85 PUT/s. Both list over HTTP the same way
    // whatever their store; local-s3 answers 501 for lifecycle configuration, read as "no rules".
    boolean s3mock = "s3mock".equals(System.getProperty("snapdrill.benchmark.server"));
    try (LocalS3Server localS3 = s3mock ? null : LocalS3Server.inMemory("2g")) {
      java.net.URI endpoint = s3mock ? S3MockServer.shared().endpoint() : localS3.endpoint();
      System.out.println("server: " + (s3mock ? "S3Mock" : "local-s3 (in memory)") + " at " + endpoint);
      run(endpoint, layout);
    }
  }

  private static void run(java.net.URI endpoint, SyntheticRepository.Layout layout) throws Exception {
    S3Client s3 = S3MockServer.client(endpoint);
    BucketConfig primary = StorageFixtures.bucket(endpoint, StorageFixtures.uniqueBucket("bench-primary"), "repo");
    BucketConfig replica = StorageFixtures.bucket(endpoint, StorageFixtures.uniqueBucket("bench-replica"), "repo");
    for (String bucket : List.of(primary.bucket(), replica.bucket())) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(
          v -> v.status(software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED)));
    }

    // both buckets hold the whole repository, as they do once replication has caught up: the check
    // lists the replica, the audit lists the versions of both
    long uploadStart = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("snapdrill.benchmark.threads", 16));
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (BucketConfig bucket : List.of(primary, replica)) {
        layout.metadata().forEach((key, bytes) -> puts.add(pool.submit(() -> s3.putObject(
            b -> b.bucket(bucket.bucket()).key(bucket.keyPrefix() + key), RequestBody.fromBytes(bytes)))));
        for (String key : layout.dataBlobs().keySet()) {
          puts.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket.bucket()).key(bucket.keyPrefix() + key),
              RequestBody.fromBytes(new byte[] {7}))));
        }
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdown();
    }
    double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
    System.out.printf("seeded 2 buckets x %,d objects over HTTP in %.1f s (%,.0f PUT/s)%n", layout.objects(),
        uploadSeconds, 2 * layout.objects() / uploadSeconds);

    RequestCounter primaryRequests = new RequestCounter();
    RequestCounter replicaRequests = new RequestCounter();
    // one client serves both buckets (same endpoint): count by the bucket in the request's path
    ExecutionInterceptor byBucket = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        boolean toPrimary = context.httpRequest().encodedPath().startsWith("/" + primary.bucket());
        (toPrimary ? primaryRequests : replicaRequests).beforeTransmission(context, attributes);
      }
    };
    AwsClients clients = StorageFixtures.clients(byBucket);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new ReplicationActivitiesImpl(StorageFixtures.directory("bench", primary, replica), clients),
          new StorageAuditActivitiesImpl(StorageFixtures.directory("bench", primary, replica), clients));
      ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(30)).build();
      ReplicationActivities replication = env.newActivityStub(ReplicationActivities.class, options);
      StorageAuditActivities audit = env.newActivityStub(StorageAuditActivities.class, options);

      // the first round includes the JIT warming up on both sides of the connection
      for (int round = 1; round <= 2; round++) {
        primaryRequests.reset();
        replicaRequests.reset();
        long start = System.nanoTime();
        ReplicaCheck check = replication.checkReplica(new StorageCheckRequest("bench", layout.snapshotUuid(), 1));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(check.complete()).isTrue();
        assertThat(check.requiredBlobs()).isEqualTo(layout.objects());
        System.out.printf("round %d checkReplica: %,d replica objects compared in %.2f s = %,.0f objects/s%n", round,
            layout.objects(), seconds, layout.objects() / seconds);
        report("replica", layout.objects(), replicaRequests.snapshot(), true);
        report("primary", layout.objects(), primaryRequests.snapshot(), false);

        primaryRequests.reset();
        replicaRequests.reset();
        start = System.nanoTime();
        StorageAudit result = audit.auditStorage(new StorageCheckRequest("bench", layout.snapshotUuid(), 1));
        seconds = (System.nanoTime() - start) / 1e9;
        assertThat(result.markersHidingNeededBlobs()).isEmpty();
        System.out.printf("round %d auditStorage: 2 x %,d objects scanned for delete markers in %.2f s = %,.0f objects/s%n",
            round, layout.objects(), seconds, 2 * layout.objects() / seconds);
        report("replica", layout.objects(), replicaRequests.snapshot(), true);
        report("primary", layout.objects(), primaryRequests.snapshot(), true);
      }
    } finally {
      env.close();
    }
  }

  /**
   * Prints a bucket's requests against the target, ceil(objects / 1000) plus a small constant; where
   * the bucket is listed whole, fails when the listing costs more than that.
   */
  private static void report(String role, int objects, Map<String, Long> requests, boolean listedWhole) {
    long total = requests.values().stream().mapToLong(Long::longValue).sum();
    long pages = (objects + 999) / 1000;
    if (!listedWhole) {
      System.out.printf("  %s bucket: %d requests %s (root listing and metadata blobs only)%n", role, total, requests);
    } else {
      System.out.printf("  %s bucket: %d requests = ceil(%,d / 1000) + %d %s%n", role, total, objects, total - pages,
          requests);
      long listings = requests.getOrDefault("ListObjectVersions", 0L) + requests.getOrDefault("ListObjectsV2", 0L);
      assertThat(listings).as(role + " listing requests").isLessThanOrEqualTo(pages + 1);
    }
  }
}
