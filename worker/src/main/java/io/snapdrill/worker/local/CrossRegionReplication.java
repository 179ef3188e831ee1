package io.snapdrill.worker.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Stands in for S3 cross-region replication, which no local S3 server performs. It acts on the primary
 * bucket's replication configuration as S3 would: every enabled rule copies new object versions under
 * its prefix to its destination bucket, one object at a time, in no particular order, each after its
 * own lag. Delete markers are not copied (delete-marker replication off, as for lifecycle-made
 * markers). A scenario may hold an object back for good, as a failed replication does.
 */
final class CrossRegionReplication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CrossRegionReplication.class);

  /** How long an object waits before it is copied: uniformly between the two. */
  record Lag(Duration min, Duration max) {
    static final Lag QUICK = new Lag(Duration.ofMillis(100), Duration.ofMillis(1500));
  }

  private record Pending(String sourceKey, String versionId, String destinationBucket, long dueNanos) {}

  private final S3Client s3;
  private final String primaryBucket;
  private final Random random;
  private final Map<String, String> copied = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final List<String> heldBack = Collections.synchronizedList(new ArrayList<>());
  private volatile Lag lag = Lag.QUICK;
  private volatile String lagPrefix = "";
  private volatile Predicate<String> neverCopy = key -> false;
  private final Thread worker;
  private volatile boolean running = true;
  private volatile RuntimeException lastError;

  CrossRegionReplication(S3Client s3, String primaryBucket, long seed) {
    this.s3 = s3;
    this.primaryBucket = primaryBucket;
    this.random = new Random(seed);
    this.worker = new Thread(this::run, "cross-region-replication");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** Objects written from now on under {@code keyPrefix} wait this long; others keep the quick lag. */
  void lag(Lag lag, String keyPrefix) {
    this.lagPrefix = keyPrefix;
    this.lag = lag;
  }

  /** The first key matching this is never copied (a replication that failed for good). */
  void neverCopyFirst(Predicate<String> key) {
    this.neverCopy = new Predicate<>() {
      private String chosen;

      @Override
      public synchronized boolean test(String candidate) {
        if (chosen == null && key.test(candidate)) {
          chosen = candidate;
          heldBack.add(candidate);
          log.info("replication will never copy {}", candidate);
        }
        return candidate.equals(chosen);
      }
    };
  }

  List<String> heldBack() {
    return List.copyOf(heldBack);
  }

  /** Waits until every object of the primary that replication will copy is in the replica. */
  void awaitCaughtUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (scanOnce() == 0 && pending.isEmpty()) {
        return;
      }
      LocalStack.pause(Duration.ofMillis(200));
    }
    throw new IllegalStateException("replication did not catch up within " + timeout
        + (lastError != null ? " (last error: " + lastError.getMessage() + ")" : ""));
  }

  private void run() {
    while (running) {
      try {
        scanOnce();
        copyDue();
        lastError = null;
      } catch (RuntimeException e) {
        if (running) {
          lastError = e;
          log.debug("replication pass failed; retrying", e);
        }
      }
      LocalStack.pause(Duration.ofMillis(250));
    }
  }

  /** Queues new object versions; returns how many it found. */
  private synchronized int scanOnce() {
    List<ReplicationRule> rules;
    try {
      rules = s3.getBucketReplication(b -> b.bucket(primaryBucket)).replicationConfiguration().rules();
    } catch (S3Exception noConfiguration) {
      return 0;
    }
    int found = 0;
    for (ReplicationRule rule : rules) {
      if (rule.status() != ReplicationRuleStatus.ENABLED || rule.destination() == null) {
        continue;
      }
      String destination = rule.destination().bucket().replaceFirst("^arn:aws:s3:::", "");
      String prefix = rule.filter() != null && rule.filter().prefix() != null ? rule.filter().prefix() : "";
      Map<String, ObjectVersion> latest = new HashMap<>();
      for (ObjectVersion version : s3.listObjectVersionsPaginator(b -> b.bucket(primaryBucket).prefix(prefix)).versions()) {
        if (Boolean.TRUE.equals(version.isLatest())) {
          latest.put(version.key(), version);
        }
      }
      for (ObjectVersion version : latest.values()) {
        String key = version.key();
        if (version.versionId().equals(copied.get(key)) || pending.containsKey(key) || neverCopy.test(key)) {
          continue;
        }
        pending.put(key, new Pending(key, version.versionId(), destination, System.nanoTime() + lagNanos(key)));
        found++;
      }
    }
    return found;
  }

  private long lagNanos(String key) {
    Lag applies = key.startsWith(lagPrefix) ? lag : Lag.QUICK;
    long min = applies.min().toNanos();
    long spread = applies.max().toNanos() - min;
    return min + (spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
  }

  private void copyDue() {
    List<Pending> due = new ArrayList<>();
    long now = System.nanoTime();
    pending.values().forEach(p -> {
      if (p.dueNanos() <= now) {
        due.add(p);
      }
    });
    Collections.shuffle(due, random);
    for (Pending p : due) {
      byte[] content = s3.getObjectAsBytes(b -> b.bucket(primaryBucket).key(p.sourceKey()).versionId(p.versionId()))
          .asByteArray();
      s3.putObject(b -> b.bucket(p.destinationBucket()).key(p.sourceKey()), RequestBody.fromBytes(content));
      copied.put(p.sourceKey(), p.versionId());
      pending.remove(p.sourceKey());
    }
  }

  @Override
  public void close() {
    running = false;
    worker.interrupt();
    try {
      worker.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
