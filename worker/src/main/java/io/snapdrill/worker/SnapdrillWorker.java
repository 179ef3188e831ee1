package io.snapdrill.worker;

import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.report.ReportActivitiesImpl;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.snapdrill.workflows.RestoreAThonWorkflowImpl;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;

/** Registers Snapdrill's workflows and the activities this configuration needs on a task queue. */
public final class SnapdrillWorker {
  private SnapdrillWorker() {}

  public static Worker register(TemporalConnection temporal, SnapdrillConfig config) {
    Worker worker = temporal.factory().newWorker(temporal.taskQueue());
    worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class, RestoreAThonWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities(config).toArray());
    return worker;
  }

  static List<Object> activities(SnapdrillConfig config) {
    ClusterDirectory clusters = new ClusterDirectory(config);
    List<Object> activities = new ArrayList<>();
    activities.add(new ReportActivitiesImpl(config.reports()));
    return activities;
  }
}
