package io.snapdrill.worker;

import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.worker.cli.CancelOnInterrupt;
import io.snapdrill.worker.cli.ConfigOption;
import io.snapdrill.worker.cli.DrillFollower;
import io.snapdrill.worker.cli.DurationConverter;
import io.snapdrill.worker.cli.EmbeddedTemporalRisk;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.cli.HealPolicyConverter;
import io.snapdrill.worker.history.DrillHistory;
import io.snapdrill.worker.history.DrillHistory.DrillRow;
import io.snapdrill.worker.temporal.DrillOverrides;
import io.snapdrill.worker.temporal.DrillStarter;
import io.snapdrill.worker.temporal.SnapdrillWorker;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
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
  @Mixin EmbeddedTemporalRisk embeddedRisk;

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

  @Option(names = "--again",
      description = "With --snapshot: drill it again though a drill of it exists (by default that drill is followed).")
  boolean again;

  @Option(names = "--no-wait", description = "Start the drill and return (needs --temporal-address; a worker must be running).")
  boolean noWait;

  @Option(names = "--with-worker", description = "Also run a worker in this process (implied with the embedded service).")
  boolean withWorker;

  @Override
  public Integer call() {
    SnapdrillConfig cfg = config.load();
    String clusterName = cluster != null ? config.cluster(cluster).name() : onlyCluster(cfg);
    embeddedRisk.check(cfg, temporal);
    if (again && snapshot == null) {
      throw new IllegalArgumentException("--again: only with --snapshot (a drill without one always takes a new snapshot)");
    }
    if (noWait && temporal.embedded()) {
      throw new IllegalArgumentException("--no-wait needs --temporal-address: the embedded service ends with this command");
    }
    try (TemporalConnection connection = TemporalConnection.open(temporal)) {
      SnapdrillWorker.startHere(connection, cfg, withWorker);
      DrillStarter starter = new DrillStarter(cfg, connection.taskQueue());
      Optional<DrillRow> earlier = snapshot == null || workflowId != null ? Optional.empty()
          : earlierDrillOf(connection, clusterName, snapshot);
      String id;
      CancelOnInterrupt guard;
      if (earlier.isPresent() && !again) {
        id = earlier.get().workflowId();
        guard = CancelOnInterrupt.install(connection, id);
        System.out.println("snapshot " + snapshot + " of cluster " + clusterName + " is drilled by " + id + " ("
            + earlier.get().status().toLowerCase(Locale.ROOT) + "); following it (--again for a new drill)");
      } else {
        String newId = earlier.isPresent() ? starter.timestampedId("drill-" + clusterName + "-" + snapshot) : workflowId;
        DrillStarter.DrillStart start = starter.onDemand(clusterName,
            new DrillOverrides(snapshot, heal, replicationDeadline, healDeadline, newId));
        id = start.workflowId();
        // guarded before the start: a Ctrl-C right after it must not end the embedded service under the drill
        guard = CancelOnInterrupt.install(connection, id);
        if (!start.startOn(connection.client())) {
          System.out.println("drill " + id + " is already running or already passed; following it");
        }
      }
      System.out.println("drill " + id + " of cluster " + clusterName
          + (snapshot != null ? ", snapshot " + snapshot : ""));
      if (noWait) {
        guard.remove();
        return ExitCode.PASSED;
      }
      DrillResult result = new DrillFollower(connection.client(), System.out).follow(id);
      guard.remove();
      if (result == null) {
        System.out.println("drill " + id + " was canceled; its restore host was torn down");
        return ExitCode.FAILED;
      }
      System.out.println(DrillFollower.describe(result));
      return result.outcome() == DrillOutcome.PASSED ? ExitCode.PASSED : ExitCode.FAILED;
    }
  }

  /** A drill of this snapshot (by name or UUID) from the last 30 days, whoever started it. */
  private static Optional<DrillRow> earlierDrillOf(TemporalConnection connection, String cluster, String snapshot) {
    return new DrillHistory(connection.client()).list(cluster, Instant.now().minus(Duration.ofDays(30))).stream()
        .filter(d -> snapshot.equals(d.snapshot()) || snapshot.equals(d.snapshotUuid()))
        .findFirst();
  }

  static String onlyCluster(SnapdrillConfig cfg) {
    if (cfg.clusters().size() != 1) {
      throw new IllegalArgumentException("--cluster: required, the config has " + cfg.clusters().size()
          + " clusters: " + cfg.clusters().stream().map(c -> c.name()).toList());
    }
    return cfg.clusters().get(0).name();
  }
}
