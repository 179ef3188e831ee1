package io.snapdrill.worker.trigger;

import io.snapdrill.activities.blob.RequestCounter;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.config.TriggerConfig;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Not a test (its name keeps it out of the default run): {@code mvn -B -pl worker -am verify
 * -Pbenchmark-sentinel -Dtest=SentinelAlertBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. How long the repository sentinel takes from a delete-marker event on a blob
 * three snapshots need to its alert, on the local stack (S3Mock, a repository Elasticsearch 8.19 wrote),
 * and how many S3 requests one judgment makes. Prints the figures; asserts only that every run alerted.
 */
class SentinelAlertBenchmark {
  private static final String PREFIX = "es/prod/";
  private static final int RUNS = 20;

  @TempDir Path tmp;

  @Test
  void eventToAlert() {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("sentinel-bench");
    server.createVersionedBucket(s3, bucket);
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, tmp.resolve("repo"));
    List<String> keys = RepositoryBuckets.upload(s3, repo, bucket, PREFIX);
    String needed = PREFIX + FixtureRepositories.indexMetadataNeededBy(repo, "snap-1");
    s3.deleteObject(b -> b.bucket(bucket).key(needed));
    ClusterConfig cluster = new ClusterConfig("logs-prod", Product.ELASTICSEARCH, "http://127.0.0.1:9", null, null,
        "backups", null, new StorageConfig(StorageFixtures.bucket(server.endpoint(), bucket, PREFIX), null, null, null),
        null, null);
    SnapdrillConfig config = new SnapdrillConfig(List.of(cluster), null, null, null, null,
        new TriggerConfig(null, null, null, tmp.resolve("dead-letters").toString(), null, 1, null), null);
    RequestCounter counter = new RequestCounter();
    TriggerHandler handler = Triggers.handler(config, null, "snapdrill", null, StorageFixtures.clients(counter), null);
    String event = """
        {"Records": [{"eventName": "LifecycleExpiration:DeleteMarkerCreated",
          "s3": {"bucket": {"name": "%s"}, "object": {"key": "%s"}}}]}
        """.formatted(bucket, URLEncoder.encode(needed, StandardCharsets.UTF_8));

    List<Long> micros = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      TriggerHandler.Outcome outcome = handler.handle("bench-" + run, event);
      micros.add((System.nanoTime() - start) / 1_000);
      if (outcome.alerts().size() != 1) {
        throw new AssertionError("run " + run + " did not alert: " + outcome);
      }
    }
    Collections.sort(micros);
    System.out.printf("repository sentinel, %d objects in the repository, %d runs (the first warms the JIT up)%n",
        keys.size(), RUNS);
    System.out.printf("  event to alert: median %.1f ms, fastest %.1f ms, slowest %.1f ms%n",
        micros.get(RUNS / 2) / 1000.0, micros.get(0) / 1000.0, micros.get(RUNS - 1) / 1000.0);
    System.out.printf("  S3 requests per judgment: %d ListObjectVersions, %d GetObject%n",
        counter.count("ListObjectVersions") / RUNS, counter.count("GetObject") / RUNS);
  }
}
