package io.snapdrill.worker;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.cluster.RestoreClusterActivitiesImpl;
import io.snapdrill.activities.cluster.SourceClusterActivitiesImpl;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.host.ec2.Ec2JanitorActivities;
import io.snapdrill.activities.host.ec2.Ec2RestoreHostActivities;
import io.snapdrill.activities.host.local.LocalRestoreHostActivities;
import io.snapdrill.activities.node.DistributionInstaller;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.host.TemporalWorkflowStatusLookup;
import io.snapdrill.activities.report.DrillTiming;
import io.snapdrill.activities.report.ReportActivitiesImpl;
import io.snapdrill.activities.storage.ReplicationActivitiesImpl;
import io.snapdrill.activities.storage.StorageAuditActivitiesImpl;
import io.snapdrill.activities.report.UploadingReportActivities;
import io.snapdrill.workflows.activities.ReportActivities;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.snapdrill.workflows.JanitorWorkflowImpl;
import io.snapdrill.workflows.RestoreAThonWorkflowImpl;
import io.snapdrill.worker.metrics.DrillMetrics;
import io.snapdrill.worker.metrics.MeteredReportActivities;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Registers Snapdrill's workflows and the activities this configuration needs on a task queue. */
public final class SnapdrillWorker {
  private SnapdrillWorker() {}

  public static Worker register(TemporalConnection temporal, SnapdrillConfig config) {
    return register(temporal, config, null);
  }

  /** With {@code metrics}, the report activity also records each drill's metrics. */
  public static Worker register(TemporalConnection temporal, SnapdrillConfig config, DrillMetrics metrics) {
    Worker worker = temporal.factory().newWorker(temporal.taskQueue());
    worker.registerWorkflowImplementationTypes(
        DrillWorkflowImpl.class, RestoreAThonWorkflowImpl.class, JanitorWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities(temporal, config, metrics).toArray());
    return worker;
  }

  /** The embedded service exists only in this process, so its worker must run here too. */
  public static void startHere(TemporalConnection temporal, SnapdrillConfig config, boolean evenIfRemote) {
    if (temporal.isEmbedded() || evenIfRemote) {
      register(temporal, config);
      temporal.factory().start();
    }
  }

  static List<Object> activities(TemporalConnection temporal, SnapdrillConfig config) {
    return activities(temporal, config, null);
  }

  static List<Object> activities(TemporalConnection temporal, SnapdrillConfig config, DrillMetrics metrics) {
    ClusterDirectory clusters = new ClusterDirectory(config);
    AwsClients aws = AwsClients.create();
    temporal.closeWithWorkers(aws);
    List<Object> activities = new ArrayList<>();
    activities.add(new SourceClusterActivitiesImpl(clusters));
    activities.add(new RestoreClusterActivitiesImpl(clusters));
    activities.add(new ReplicationActivitiesImpl(clusters, aws));
    activities.add(new StorageAuditActivitiesImpl(clusters, aws));
    if (config.restoreHost().provider() == RestoreHostProvider.LOCAL) {
      String workDirectory = config.restoreHost().local().workDirectory();
      LocalNodeLauncher launcher = workDirectory == null
          ? LocalNodeLauncher.defaults()
          : new LocalNodeLauncher(DistributionInstaller.defaults(), Path.of(workDirectory));
      activities.add(new LocalRestoreHostActivities(clusters, aws, launcher));
    }
    ReportActivities reports = new ReportActivitiesImpl(config.reports(),
        (workflowId, runId) -> DrillTiming.from(temporal.client().fetchHistory(workflowId, runId).getEvents()));
    if (config.reports().s3Bucket() != null && !config.reports().s3Bucket().isBlank()) {
      reports = UploadingReportActivities.to(reports, aws, config.reports());
    }
    activities.add(metrics == null ? reports : new MeteredReportActivities(reports, metrics));
    if (config.restoreHost().provider() == RestoreHostProvider.EC2) {
      activities.add(new Ec2RestoreHostActivities(clusters, aws));
      activities.add(new Ec2JanitorActivities(clusters, aws,
          new TemporalWorkflowStatusLookup(temporal.service(), temporal.namespace())));
    }
    return activities;
  }
}
