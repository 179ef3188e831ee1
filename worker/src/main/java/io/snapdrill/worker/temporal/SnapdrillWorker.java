package io.snapdrill.worker.temporal;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.cluster.FailoverTargetActivitiesImpl;
import io.snapdrill.activities.cluster.RestoreClusterActivitiesImpl;
import io.snapdrill.activities.cluster.SourceClusterActivitiesImpl;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.host.RestoreHostLease;
import io.snapdrill.activities.host.TemporalWorkflowStatusLookup;
import io.snapdrill.activities.host.ec2.Ec2HostLease;
import io.snapdrill.activities.host.ec2.Ec2JanitorActivities;
import io.snapdrill.activities.host.ec2.Ec2RestoreHostActivities;
import io.snapdrill.activities.host.local.LocalRestoreHostActivities;
import io.snapdrill.activities.node.DistributionInstaller;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.report.DrillTiming;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.activities.report.ReportActivitiesImpl;
import io.snapdrill.activities.report.UploadingReportActivities;
import io.snapdrill.activities.storage.ReplicationActivitiesImpl;
import io.snapdrill.activities.storage.StorageAuditActivitiesImpl;
import io.snapdrill.worker.metrics.DrillMetrics;
import io.snapdrill.worker.metrics.MeteredReportActivities;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.snapdrill.workflows.FailoverRestoreWorkflowImpl;
import io.snapdrill.workflows.HostTeardownWorkflowImpl;
import io.snapdrill.workflows.JanitorWorkflowImpl;
import io.snapdrill.workflows.RestoreAThonWorkflowImpl;
import io.snapdrill.workflows.activities.JanitorActivities;
import io.snapdrill.workflows.activities.ReportActivities;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Registers Snapdrill's workflows and the activities a configuration needs on the task queue: the one
 * way every command (worker, drill, local mode, ...) sets up a worker.
 */
public final class SnapdrillWorker {

  /**
   * Whether other workers may carry this worker's drills on. Local mode's process is its drill's only
   * worker: the local restore nodes it starts must die with it, even on kill -9, as no other worker
   * could tear them down.
   */
  public enum Role { SHARED, ONLY_WORKER }

  /**
   * How long a heartbeat may wait before it is sent: the SDK sends at most one per 0.8 heartbeat timeouts,
   * capped at 60 s, and an activity learns of a cancel (Ctrl-C, `snapdrill cancel`) only from a sent one.
   * 10 s keeps a canceled restore's teardown prompt and `status` fresh, at one small call per 10 s per activity.
   */
  static final Duration HEARTBEAT_THROTTLE = Duration.ofSeconds(10);

  private SnapdrillWorker() {}

  public static Worker register(TemporalConnection temporal, SnapdrillConfig config) {
    return register(temporal, activities(temporal, config, null, Role.SHARED));
  }

  /** With {@code metrics}, the report activity also records each drill's metrics. */
  public static Worker register(TemporalConnection temporal, SnapdrillConfig config, DrillMetrics metrics) {
    return register(temporal, activities(temporal, config, metrics, Role.SHARED));
  }

  public static Worker register(TemporalConnection temporal, DrillActivities activities) {
    Worker worker = temporal.factory().newWorker(temporal.taskQueue(),
        WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(HEARTBEAT_THROTTLE).build());
    worker.registerWorkflowImplementationTypes(
        DrillWorkflowImpl.class, RestoreAThonWorkflowImpl.class, JanitorWorkflowImpl.class, HostTeardownWorkflowImpl.class,
        FailoverRestoreWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
    return worker;
  }

  /** The embedded service exists only in this process, so its worker must run here too. */
  public static void startHere(TemporalConnection temporal, SnapdrillConfig config, boolean evenIfRemote) {
    if (temporal.isEmbedded() || evenIfRemote) {
      register(temporal, config);
      temporal.factory().start();
    }
  }

  public static DrillActivities activities(TemporalConnection temporal, SnapdrillConfig config, DrillMetrics metrics,
      Role role) {
    ClusterDirectory clusters = new ClusterDirectory(config);
    AwsClients aws = AwsClients.create();
    temporal.closeWithWorkers(aws);
    RestoreHostActivities restoreHost;
    JanitorActivities janitor = null;
    RestoreHostLease lease = RestoreHostLease.NONE;
    if (config.restoreHost().provider() == RestoreHostProvider.LOCAL) {
      String workDirectory = config.restoreHost().local().workDirectory();
      LocalNodeLauncher launcher = workDirectory == null
          ? LocalNodeLauncher.defaults()
          : new LocalNodeLauncher(DistributionInstaller.defaults(), Path.of(workDirectory));
      LocalRestoreHostActivities local = new LocalRestoreHostActivities(clusters, aws, launcher);
      restoreHost = role == Role.ONLY_WORKER ? local.nodesDieWithThisJvm() : local;
    } else {
      restoreHost = new Ec2RestoreHostActivities(clusters, aws);
      lease = new Ec2HostLease(clusters, aws);
      janitor = new Ec2JanitorActivities(clusters, aws,
          new TemporalWorkflowStatusLookup(temporal.service(), temporal.namespace()));
    }
    ReportActivities reports = new ReportActivitiesImpl(config.reports(),
        (workflowId, runId) -> DrillTiming.from(temporal.client().fetchHistory(workflowId, runId).getEvents()));
    if (config.reports().s3Bucket() != null && !config.reports().s3Bucket().isBlank()) {
      reports = UploadingReportActivities.to(reports, aws, config.reports());
    }
    // evidence too large for a payload, beside the reports (the bucket, where one is configured)
    EvidenceStore evidence = EvidenceStore.forReports(config.reports(), aws);
    return new DrillActivities(
        new SourceClusterActivitiesImpl(clusters, evidence),
        new RestoreClusterActivitiesImpl(clusters, RestoreClusterActivitiesImpl.HOST_LOST_AFTER, lease, evidence),
        new ReplicationActivitiesImpl(clusters, aws, evidence),
        new StorageAuditActivitiesImpl(clusters, aws, evidence),
        restoreHost,
        metrics == null ? reports : new MeteredReportActivities(reports, metrics),
        janitor,
        new FailoverTargetActivitiesImpl(clusters, evidence));
  }
}
