package io.snapdrill.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.snapdrill.model.BlobProblem;
import io.snapdrill.model.BlobProblemKind;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReplicationRuleCheck;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SampleDocument;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.snapdrill.workflows.activities.ReportActivities;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Activity mocks answering like a healthy repository, and the records they return. */
public final class DrillFixtures {
  public static final String CLUSTER = "logs-prod";
  public static final Instant SNAPSHOT_START = Instant.parse("2026-11-20T06:00:00Z");
  /** The repository's previous SUCCESS snapshot: a day before, as a daily schedule takes them. */
  public static final Instant PREVIOUS_SNAPSHOT_START = SNAPSHOT_START.minus(Duration.ofDays(1));

  public final SourceClusterActivities sourceCluster = mockActivities(SourceClusterActivities.class);
  public final ReplicationActivities replication = mockActivities(ReplicationActivities.class);
  public final StorageAuditActivities storage = mockActivities(StorageAuditActivities.class);
  public final RestoreHostActivities restoreHost = mockActivities(RestoreHostActivities.class);
  public final RestoreClusterActivities restoreCluster = mockActivities(RestoreClusterActivities.class);
  public final ReportActivities reports = mockActivities(ReportActivities.class);
  private final List<DrillSummary> storedSummaries = new CopyOnWriteArrayList<>();

  public DrillFixtures() {
    when(sourceCluster.takeSnapshot(any())).thenReturn(snapshot());
    when(sourceCluster.describeSnapshot(any())).thenReturn(snapshot());
    when(replication.checkReplicationRule(any()))
        .thenReturn(new ReplicationRuleCheck("logs-snapshots", "logs-snapshots-dr", "repo-to-dr", false, true));
    when(replication.checkReplica(any())).thenReturn(completeReplica());
    when(storage.auditStorage(any())).thenReturn(cleanAudit());
    when(storage.healDeleteMarkers(any()))
        .thenAnswer(inv -> {
          HealRequest r = inv.getArgument(0);
          return r == null ? null : new HealReport(r.dryRun(), r.markers(), List.of(), List.of(), 0, List.of());
        });
    // Answers tolerate a null argument: re-stubbing a mock in a test calls the previous answer with null.
    when(restoreHost.provisionHost(any())).thenAnswer(inv -> {
      ProvisionRequest r = inv.getArgument(0);
      return host(r == null ? null : r.hostKey());
    });
    when(restoreHost.teardownHost(any())).thenAnswer(inv -> {
      TeardownRequest r = inv.getArgument(0);
      return new TeardownReport(r == null ? null : r.hostKey(), List.of("i-0abc"), false);
    });
    when(restoreCluster.restoreSnapshot(any())).thenReturn(new RestoreResult(List.of("logs-2026.11"), 2, 1_048_576));
    when(restoreCluster.verifyRestore(any())).thenReturn(passingVerification());
    when(reports.writeDrillReport(any())).thenReturn(new ReportLocation("r.json", "r.md", "r.html"));
    when(reports.writeRestoreAThonReport(any())).thenReturn(new ReportLocation("a.json", "a.md", "a.html"));
    when(reports.storeDrillSummaries(any(), anyInt(), any())).thenAnswer(inv -> {
      List<DrillSummary> batch = inv.getArgument(2);
      if (batch == null) {
        return null;
      }
      storedSummaries.addAll(batch);
      return new StoredEvidence("summaries-" + inv.getArgument(1) + ".json", "0".repeat(64), batch.size());
    });
  }

  /** Every summary the restore-a-thon stored, in the order stored. */
  public List<DrillSummary> storedSummaries() {
    return List.copyOf(storedSummaries);
  }

  public Object[] all() {
    return new Object[] {sourceCluster, replication, storage, restoreHost, restoreCluster, reports};
  }

  static <T> T mockActivities(Class<T> type) {
    // Temporal reads the activity interface's annotations; the mock class must not carry Mockito's.
    return mock(type, withSettings().withoutAnnotations());
  }

  public static SnapshotResult snapshot() {
    return new SnapshotResult(
        new SnapshotInfo("s3-backups", "snapdrill-2026.11.20", "Ab3dUuid", "SUCCESS", SNAPSHOT_START,
            SNAPSHOT_START.plusSeconds(42), List.of("logs-2026.11"), "elasticsearch", "8.19.3"),
        List.of(new IndexExpectation("logs-2026.11", 1000, "sha256:mapping",
            List.of(new SampleDocument("doc-1", "sha256:source")))),
        true, PREVIOUS_SNAPSHOT_START);
  }

  public static ReplicaCheck completeReplica() {
    return new ReplicaCheck("logs-snapshots-dr", 120, 1_048_576, List.of(), null);
  }

  public static ReplicaCheck incompleteReplica(String key) {
    return new ReplicaCheck("logs-snapshots-dr", 120, 1_048_576,
        List.of(new BlobProblem("logs-snapshots-dr", key, BlobProblemKind.MISSING, 4096, 0)), null);
  }

  /** The replica holds every blob, but the primary's delete marker hides one the snapshot needs. */
  public static ReplicaCheck replicaHiddenByMarker() {
    DeleteMarker marker = markerOnFirstSnapshotBlob();
    return new ReplicaCheck("logs-snapshots-dr", 120, 1_048_576,
        List.of(new BlobProblem(marker.bucket(), marker.key(), BlobProblemKind.HIDDEN_BY_DELETE_MARKER, 4096, -1)), null);
  }

  public static StorageAudit cleanAudit() {
    return new StorageAudit(List.of(
        new BucketAudit("primary", "logs-snapshots", "prod/logs", "Enabled", List.of(), List.of()),
        new BucketAudit("replica", "logs-snapshots-dr", "prod/logs", "Enabled", List.of(), List.of())));
  }

  public static DeleteMarker markerOnFirstSnapshotBlob() {
    return new DeleteMarker("logs-snapshots", "prod/logs/indices/Xy/0/__first", "marker-1", "v-1",
        List.of("snap-1", "snap-2", "snapdrill-2026.11.20"));
  }

  public static StorageAudit auditWithMarker() {
    return new StorageAudit(List.of(
        new BucketAudit("primary", "logs-snapshots", "prod/logs", "Enabled", List.of(),
            List.of(markerOnFirstSnapshotBlob())),
        new BucketAudit("replica", "logs-snapshots-dr", "prod/logs", "Enabled", List.of(), List.of())));
  }

  public static StorageAudit auditWithHazard() {
    return new StorageAudit(List.of(
        new BucketAudit("primary", "logs-snapshots", "prod/logs", "Enabled",
            List.of(new LifecycleFinding("logs-snapshots", "expire-7d", LifecycleVerdict.HAZARD,
                "its empty filter matches every key and it expires current versions after 7 days",
                "scope the rule to another prefix such as auto-purge/")),
            List.of(markerOnFirstSnapshotBlob())),
        new BucketAudit("replica", "logs-snapshots-dr", "prod/logs", "Enabled", List.of(), List.of())));
  }

  public static StorageAudit auditUnversioned() {
    return new StorageAudit(List.of(
        new BucketAudit("primary", "logs-snapshots", "prod/logs", "Enabled", List.of(), List.of()),
        new BucketAudit("replica", "logs-snapshots-dr", "prod/logs", "Suspended", List.of(), List.of())));
  }

  public static RestoreHost host(String key) {
    return new RestoreHost(key, "ec2", "i-0abc", "http://10.0.3.7:9200", "r6i.large", "us-west-2a", true, 0.04,
        Instant.parse("2026-11-20T07:00:00Z"));
  }

  public static VerificationReport passingVerification() {
    return new VerificationReport(List.of(new IndexVerdict("logs-2026.11", true, 1000, 1000, List.of())), "green", List.of());
  }

  public static VerificationReport failingVerification() {
    return new VerificationReport(
        List.of(new IndexVerdict("logs-2026.11", false, 1000, 999, List.of("999 documents, expected 1000"))),
        "green", List.of());
  }

  /** An activity answer that heartbeats until the drill cancels it (a minute at most), holding the drill in its stage. */
  /** Teardown fails (EC2 unreachable) until the returned flag is set, then terminates i-0abc. */
  public AtomicBoolean teardownFailsUntilEc2IsBack() {
    AtomicBoolean ec2Back = new AtomicBoolean();
    when(restoreHost.teardownHost(any())).thenAnswer(inv -> {
      TeardownRequest r = inv.getArgument(0);
      if (!ec2Back.get()) {
        throw new IllegalStateException("EC2 API unavailable");
      }
      return new TeardownReport(r.hostKey(), List.of("i-0abc"), false);
    });
    return ec2Back;
  }

  public static Object heartbeatUntilCanceled() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      Activity.getExecutionContext().heartbeat(i);
      Thread.sleep(100);
    }
    throw new IllegalStateException("activity mock was never canceled");
  }
}
