package io.snapdrill.activities.storage;

import io.snapdrill.activities.blob.ImmutableBlobCache;
import io.snapdrill.activities.blob.RequestCounter;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.testing.TestActivityEnvironment;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * CONFIRM_REPLICATION's replica check and then AUDIT_STORAGE of one drill on one worker, over a
 * primary and a replica bucket on a local server, with what the scale limits are about counted: S3
 * requests per bucket and operation, result and heartbeat payload sizes, the heap's peak. Shared by
 * {@code StorageScaleLimitsTest} (asserts counts and sizes) and {@code ReplicaAuditBenchmark} (prints).
 */
final class ScaleRun implements AutoCloseable {
  private final BucketConfig primary;
  private final RequestCounter primaryRequests = new RequestCounter();
  private final RequestCounter replicaRequests = new RequestCounter();
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final ReplicationActivities replication;
  private final StorageAuditActivities audit;
  private final AtomicLong largestHeartbeat = new AtomicLong();

  /**
   * @param metadata the worker's cache of immutable metadata for this run
   */
  ScaleRun(BucketConfig primary, BucketConfig replica, ImmutableBlobCache metadata) {
    this.primary = primary;
    ExecutionInterceptor byBucket = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        boolean toPrimary = context.httpRequest().encodedPath().startsWith("/" + primary.bucket());
        (toPrimary ? primaryRequests : replicaRequests).beforeTransmission(context, attributes);
      }
    };
    var clients = StorageFixtures.clients(byBucket);
    var directory = StorageFixtures.directory("scale", primary, replica);
    env.registerActivitiesImplementations(new ReplicationActivitiesImpl(directory, clients, EvidenceStore.temporary(), metadata),
        new StorageAuditActivitiesImpl(directory, clients, io.snapdrill.activities.blob.S3BlobStore.MAX_PAGE, metadata));
    ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofHours(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build();
    replication = env.newActivityStub(ReplicationActivities.class, options);
    audit = env.newActivityStub(StorageAuditActivities.class, options);
  }

  /** What one activity cost. */
  record Figures(String activity, Object result, double seconds, Map<String, Long> primaryRequests,
      Map<String, Long> replicaRequests, long peakHeapBytes, long resultBytes, long largestHeartbeatBytes) {

    long primary(String operation) {
      return primaryRequests.getOrDefault(operation, 0L);
    }

    long replica(String operation) {
      return replicaRequests.getOrDefault(operation, 0L);
    }
  }

  Figures checkReplica(String snapshotUuid) {
    // a string while reading the primary, then ReplicaProgress after each page of the replica
    env.setActivityHeartbeatListener(Object.class, details -> largestHeartbeat.accumulateAndGet(bytes(details), Math::max));
    return run("checkReplica", () -> replication.checkReplica(new StorageCheckRequest("scale", snapshotUuid, 1)));
  }

  Figures auditStorage(String snapshotUuid) {
    env.setActivityHeartbeatListener(AuditProgress.class,
        details -> largestHeartbeat.accumulateAndGet(bytes(details), Math::max));
    return run("auditStorage", () -> audit.auditStorage(new StorageCheckRequest("scale", snapshotUuid, 1)));
  }

  private Figures run(String activity, java.util.function.Supplier<Object> call) {
    primaryRequests.reset();
    replicaRequests.reset();
    largestHeartbeat.set(0);
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    Object result = call.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return new Figures(activity, result, seconds, primaryRequests.snapshot(), replicaRequests.snapshot(), peak,
        bytes(result), largestHeartbeat.get());
  }

  ReplicaCheck replicaCheck(Figures figures) {
    return (ReplicaCheck) figures.result();
  }

  StorageAudit storageAudit(Figures figures) {
    return (StorageAudit) figures.result();
  }

  /** The size of the payload Temporal would carry for the value (its default JSON converter). */
  static long bytes(Object value) {
    return GlobalDataConverter.get().toPayload(value).map(p -> (long) p.getSerializedSize()).orElse(0L);
  }

  String primaryBucket() {
    return primary.bucket();
  }

  @Override
  public void close() {
    env.close();
  }
}
