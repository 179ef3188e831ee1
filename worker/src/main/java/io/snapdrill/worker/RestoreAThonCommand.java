package io.snapdrill.worker;

import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.worker.cli.CancelOnInterrupt;
import io.snapdrill.worker.cli.ConfigOption;
import io.snapdrill.worker.cli.DrillFollower;
import io.snapdrill.worker.cli.EmbeddedTemporalRisk;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.DrillStarter;
import io.snapdrill.worker.temporal.SnapdrillWorker;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.workflows.RestoreAThonWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "restore-a-thon", mixinStandardHelpOptions = true,
    description = {
        "Drill every configured cluster (or those named) with bounded concurrency and write one combined"
            + " report: the evidence an auditor asks for.",
        "Exit code 0 when every drill passed, 1 when any failed."})
public class RestoreAThonCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin TemporalOptions temporal;
  @Mixin EmbeddedTemporalRisk embeddedRisk;

  @Option(names = "--cluster", paramLabel = "NAME", description = "Only these clusters (repeatable). Default: all.")
  List<String> clusters;

  @Option(names = "--max-concurrent", paramLabel = "N", description = "Drills (restore hosts) at once (default: restoreAThon.maxConcurrentDrills).")
  Integer maxConcurrent;

  @Override
  public Integer call() {
    SnapdrillConfig cfg = config.load();
    List<String> names = clusters == null || clusters.isEmpty()
        ? cfg.clusters().stream().map(ClusterConfig::name).toList()
        : clusters.stream().map(n -> config.cluster(n).name()).toList();
    int limit = maxConcurrent != null ? maxConcurrent : cfg.restoreAThon().maxConcurrentDrills();
    if (limit < 1) {
      throw new IllegalArgumentException("--max-concurrent: must be 1 or more");
    }
    embeddedRisk.check(cfg, temporal);
    try (TemporalConnection connection = TemporalConnection.open(temporal)) {
      SnapdrillWorker.startHere(connection, cfg, false);
      DrillStarter starter = new DrillStarter(cfg, connection.taskQueue());
      String id = starter.timestampedId("restore-a-thon");
      RestoreAThonWorkflow restoreAThon = connection.client().newWorkflowStub(RestoreAThonWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(connection.taskQueue()).build());
      // Canceling the restore-a-thon cancels its drills, which tear their hosts down. Guarded before it
      // starts: a Ctrl-C right after the start must not end the process (and the service) under it.
      CancelOnInterrupt guard = CancelOnInterrupt.install(connection, id);
      WorkflowClient.start(restoreAThon::run, starter.restoreAThon(names, limit));
      System.out.println(id + ": drilling " + names + ", " + limit + " at a time");
      RestoreAThonResult result;
      try {
        result = WorkflowStub.fromTyped(restoreAThon).getResult(RestoreAThonResult.class);
      } catch (WorkflowFailedException e) {
        if (!(e.getCause() instanceof CanceledFailure)) {
          throw e;
        }
        System.out.println(id + " was canceled; its drills tore their restore hosts down");
        return ExitCode.FAILED;
      } finally {
        guard.remove();
      }
      // Each drill's line was printed by nobody: a fleet's thousands of lines belong in the report.
      System.out.println(result.passed() + " of " + result.clusters() + " clusters passed"
          + (result.report() != null ? "; report: " + result.report().markdown() : ""));
      return result.failed() == 0 ? ExitCode.PASSED : ExitCode.FAILED;
    }
  }
}
