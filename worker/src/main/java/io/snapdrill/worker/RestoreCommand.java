package io.snapdrill.worker;

import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillResult;
import io.snapdrill.worker.cli.CancelOnInterrupt;
import io.snapdrill.worker.cli.ConfigOption;
import io.snapdrill.worker.cli.DrillFollower;
import io.snapdrill.worker.cli.DurationConverter;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.DrillStarter;
import io.snapdrill.worker.temporal.SnapdrillWorker;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.workflows.FailoverRestoreWorkflow;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {
        "Failover restore: restore a snapshot of one configured cluster from its replica onto a configured standing"
            + " cluster (one with restoreTarget): describe the snapshot, confirm replication, register the replica"
            + " repository read-only on the target, refuse to overwrite open indices (unless --rename-pattern or"
            + " --close-existing), restore, verify, report. No restore host is launched.",
        "Ctrl-C on the embedded service cancels it: indices still being restored are deleted (which stops a"
            + " restore) and it says what was left on the target.",
        "Exit code 0 when the restore verified, 1 when it failed or was refused, 2 on bad input, 3 on errors."})
public class RestoreCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin TemporalOptions temporal;

  @Option(names = "--cluster", paramLabel = "SOURCE", required = true, description = "Configured cluster whose snapshot is restored.")
  String cluster;

  @Option(names = "--snapshot", paramLabel = "NAME|UUID", required = true, description = "The snapshot to restore.")
  String snapshot;

  @Option(names = "--to", paramLabel = "TARGET", required = true,
      description = "Configured cluster to restore onto; it must have a restoreTarget block.")
  String to;

  @Option(names = "--rename-pattern", paramLabel = "REGEX",
      description = "Restore under other names (Elasticsearch's rename_pattern), with --rename-replacement, e.g. '(.+)'.")
  String renamePattern;

  @Option(names = "--rename-replacement", paramLabel = "TEXT", description = "With --rename-pattern, e.g. 'restored-$1'.")
  String renameReplacement;

  @Option(names = "--close-existing",
      description = "Close open target indices of the same names first, so that the restore overwrites them.")
  boolean closeExisting;

  @Option(names = "--replication-deadline", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for the replica to hold the snapshot (e.g. 30m, 6h).")
  Duration replicationDeadline;

  @Option(names = "--no-wait", description = "Start the restore and return (needs --temporal-address; a worker must be running).")
  boolean noWait;

  @Option(names = "--with-worker", description = "Also run a worker in this process (implied with the embedded service).")
  boolean withWorker;

  @Override
  public Integer call() {
    SnapdrillConfig cfg = config.load();
    String source = config.cluster(cluster).name();
    String target = target(cfg, source);
    checkRename();
    if (noWait && temporal.embedded()) {
      throw new IllegalArgumentException("--no-wait needs --temporal-address: the embedded service ends with this command");
    }
    try (TemporalConnection connection = TemporalConnection.open(temporal)) {
      SnapdrillWorker.startHere(connection, cfg, withWorker);
      DrillStarter.FailoverStart start = new DrillStarter(cfg, connection.taskQueue())
          .failover(source, snapshot, target, renamePattern, renameReplacement, closeExisting, replicationDeadline, null);
      String id = start.workflowId();
      // guarded before the start: a Ctrl-C right after it must not end the embedded service under the restore
      CancelOnInterrupt guard = CancelOnInterrupt.install(connection, id)
          .saying("canceling failover restore %s: deleting the indices it is still restoring...", RestoreCommand::leftBehind);
      start.startOn(connection.client());
      System.out.println("failover restore " + id + ": snapshot " + snapshot + " of cluster " + source + " onto cluster " + target
          + (renamePattern != null ? ", renamed '" + renamePattern + "' -> '" + renameReplacement + "'" : "")
          + (closeExisting ? ", closing open indices of the same names" : ""));
      if (noWait) {
        guard.remove();
        return ExitCode.PASSED;
      }
      DrillResult result = new DrillFollower(connection.client(), System.out).follow(id);
      guard.remove();
      if (result == null) {
        String left = leftBehind(connection.client(), id);
        System.out.println("failover restore " + id + " was canceled" + (left != null ? ": " + left : ""));
        return ExitCode.FAILED;
      }
      System.out.println(DrillFollower.describe(result).replaceFirst("^drill ", "failover restore "));
      return result.outcome() == DrillOutcome.PASSED ? ExitCode.PASSED : ExitCode.FAILED;
    }
  }

  /** The target: configured, a restore target, and not the source itself. Bad input otherwise (exit 2). */
  private String target(SnapdrillConfig cfg, String source) {
    int at = -1;
    for (int i = 0; i < cfg.clusters().size(); i++) {
      if (cfg.clusters().get(i).name().equals(to)) {
        at = i;
      }
    }
    if (at < 0) {
      throw new IllegalArgumentException("--to: '" + to + "' is not in " + config.file() + " (configured: "
          + cfg.clusters().stream().map(ClusterConfig::name).toList() + ")");
    }
    if (to.equals(source)) {
      throw new IllegalArgumentException("--to: '" + to + "' is the source cluster itself; a failover restores onto another cluster");
    }
    if (cfg.clusters().get(at).restoreTarget() == null) {
      throw new IllegalArgumentException("--to: cluster '" + to + "' is not a restore target: add clusters[" + at
          + "].restoreTarget (e.g. {replicaRepository: s3}) to " + config.file() + " to allow restores onto it");
    }
    return to;
  }

  private void checkRename() {
    if (renamePattern == null && renameReplacement == null) {
      return;
    }
    if (renamePattern == null || renamePattern.isBlank()) {
      throw new IllegalArgumentException("--rename-replacement: only with --rename-pattern");
    }
    if (renameReplacement == null) {
      throw new IllegalArgumentException("--rename-pattern: needs --rename-replacement (e.g. --rename-pattern '(.+)'"
          + " --rename-replacement 'restored-$1')");
    }
    try {
      Pattern.compile(renamePattern).matcher("index").replaceAll(renameReplacement);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--rename-pattern: '" + renamePattern + "' is not a regular expression: "
          + e.getDescription());
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("--rename-replacement: '" + renameReplacement + "' does not fit --rename-pattern '"
          + renamePattern + "': " + e.getMessage());
    }
  }

  /** What a canceled failover says it left on the target (its progress query's last word), or null. */
  private static String leftBehind(WorkflowClient client, String id) {
    try {
      DrillProgress progress = client.newWorkflowStub(FailoverRestoreWorkflow.class, id).progress();
      return progress.lastDetail();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
