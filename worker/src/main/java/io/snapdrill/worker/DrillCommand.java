package io.snapdrill.worker;

import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "drill", mixinStandardHelpOptions = true,
    description = {
        "Run one restore drill of one cluster: snapshot, confirm replication, audit storage, launch a"
            + " restore host, restore, verify, tear down, report.",
        "Exit code 0 when the drill passed, 1 when it failed (the report says why), 2 on bad input, 3 on errors."})
public class DrillCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin TemporalOptions temporal;

  @Option(names = "--cluster", paramLabel = "NAME",
      description = "Configured cluster to drill (may be omitted when the config has exactly one).")
  String cluster;

  @Option(names = "--snapshot", paramLabel = "NAME|UUID",
      description = "Drill this existing snapshot instead of taking a new one.")
  String snapshot;

  @Option(names = "--heal", paramLabel = "POLICY", converter = HealPolicyConverter.class,
      description = "Delete markers hiding needed blobs: never (default from config, else never), auto, ask.")
  HealPolicy heal;

  @Option(names = "--replication-deadline", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for the replica to become complete (e.g. 30m, 6h).")
  Duration replicationDeadline;

  @Option(names = "--heal-deadline", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "With --heal ask: how long to wait for an operator's decision.")
  Duration healDeadline;

  @Option(names = "--workflow-id", paramLabel = "ID", description = "Workflow id (default: derived from cluster and snapshot or time).")
  String workflowId;

  @Option(names = "--no-wait", description = "Start the drill and return (needs --temporal-address; a worker must be running).")
  boolean noWait;

  @Option(names = "--with-worker", description = "Also run a worker in this process (implied with the embedded service).")
  boolean withWorker;

  @Override
  public Integer call() {
    SnapdrillConfig cfg = config.load();
    String clusterName = cluster != null ? config.cluster(cluster).name() : onlyCluster(cfg);
    if (noWait && temporal.embedded()) {
      throw new IllegalArgumentException("--no-wait needs --temporal-address: the embedded service ends with this command");
    }
    DrillSettings defaults = cfg.drill().settings();
    DrillRequest request = new DrillRequest(clusterName, snapshot,
        heal != null ? heal : cfg.drill().heal(),
        new DrillSettings(
            replicationDeadline != null ? replicationDeadline : defaults.replicationDeadline(),
            defaults.replicationFirstBackoff(), defaults.replicationMaxBackoff(),
            healDeadline != null ? healDeadline : defaults.healDecisionDeadline(),
            defaults.maxHostReplacements()));
    String id = workflowId != null ? workflowId : defaultWorkflowId(clusterName, snapshot);

    try (TemporalConnection connection = TemporalConnection.open(temporal)) {
      SnapdrillWorker.startHere(connection, cfg, withWorker);
      String started = start(connection, id, request);
      System.out.println("drill " + started + " of cluster " + clusterName
          + (snapshot != null ? ", snapshot " + snapshot : "") + " (heal " + request.healPolicy() + ")");
      if (noWait) {
        return ExitCode.PASSED;
      }
      CancelOnInterrupt guard = CancelOnInterrupt.install(connection, started);
      DrillResult result = new DrillFollower(connection.client(), System.out).follow(started);
      guard.remove();
      if (result == null) {
        System.out.println("drill " + started + " was canceled; its restore host was torn down");
        return ExitCode.FAILED;
      }
      System.out.println(DrillFollower.describe(result));
      return result.outcome() == DrillOutcome.PASSED ? ExitCode.PASSED : ExitCode.FAILED;
    }
  }

  private String start(TemporalConnection connection, String id, DrillRequest request) {
    DrillWorkflow drill = connection.client().newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(connection.taskQueue())
            // One snapshot gives one drill; a failed drill may be run again once the cause is fixed.
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
            .setTypedSearchAttributes(SearchAttributes.newBuilder()
                .set(DrillSearchAttributes.CLUSTER, request.cluster()).build())
            .build());
    try {
      WorkflowClient.start(drill::run, request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      System.out.println("drill " + id + " is already running or already passed; following it");
    }
    return id;
  }

  static String onlyCluster(SnapdrillConfig cfg) {
    if (cfg.clusters().size() != 1) {
      throw new IllegalArgumentException("--cluster: required, the config has " + cfg.clusters().size()
          + " clusters: " + cfg.clusters().stream().map(c -> c.name()).toList());
    }
    return cfg.clusters().get(0).name();
  }

  static String defaultWorkflowId(String cluster, String snapshot) {
    if (snapshot != null) {
      return DrillWorkflow.idFor(cluster, snapshot);
    }
    return "drill-" + cluster + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }
}
