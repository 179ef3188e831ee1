package io.snapdrill.worker;

import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.worker.cli.ConfigOption;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.schedule.ScheduleManager;
import io.snapdrill.worker.schedule.SnapdrillSchedules;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "schedules", mixinStandardHelpOptions = true,
    description = "Temporal Schedules of the restore-a-thon, the janitor and daily drills.",
    subcommands = {
        SchedulesCommand.Apply.class,
        SchedulesCommand.ListSchedules.class,
        SchedulesCommand.Pause.class,
        SchedulesCommand.Unpause.class,
        SchedulesCommand.TriggerNow.class})
public class SchedulesCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static ScheduleManager manager(TemporalConnection connection) {
    return new ScheduleManager(ScheduleClient.newInstance(connection.service(),
        ScheduleClientOptions.newBuilder().setNamespace(connection.namespace()).build()));
  }

  static void needsCluster(TemporalOptions temporal) {
    if (temporal.embedded()) {
      throw new IllegalArgumentException("--temporal-address: required; schedules live in a Temporal cluster"
          + " (the embedded service ends with this command and does not implement schedules)");
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Create or update (idempotently) the restore-a-thon, janitor and daily-drill schedules from the config."
          + " Paused schedules stay paused.")
  static class Apply implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Mixin TemporalOptions temporal;

    @Override
    public Integer call() {
      SnapdrillConfig cfg = config.load();
      needsCluster(temporal);
      try (TemporalConnection connection = TemporalConnection.open(temporal)) {
        List<ScheduleManager.Change> changes = manager(connection).apply(SnapdrillSchedules.from(cfg, connection.taskQueue()));
        for (ScheduleManager.Change c : changes) {
          System.out.printf("%-7s %-40s %s%n", c.applied().name().toLowerCase(), c.id(), c.when());
        }
        return ExitCode.PASSED;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List Snapdrill's schedules.")
  static class ListSchedules implements Callable<Integer> {
    @Mixin TemporalOptions temporal;

    @Override
    public Integer call() {
      needsCluster(temporal);
      try (TemporalConnection connection = TemporalConnection.open(temporal)) {
        List<ScheduleManager.Row> rows = manager(connection).list();
        System.out.printf("%-40s %-22s %-7s %-22s %s%n", "SCHEDULE", "WORKFLOW", "PAUSED", "NEXT RUN", "NOTE");
        for (ScheduleManager.Row r : rows) {
          System.out.printf("%-40s %-22s %-7s %-22s %s%n", r.id(), r.workflowType(), r.paused() ? "yes" : "no",
              r.nextRun() == null ? "-" : r.nextRun(), r.note() == null ? "" : r.note());
        }
        return ExitCode.PASSED;
      }
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a schedule (it stays paused across `apply`).")
  static class Pause implements Callable<Integer> {
    @Mixin TemporalOptions temporal;
    @Parameters(paramLabel = "SCHEDULE-ID") String id;
    @Option(names = "--note", paramLabel = "TEXT", defaultValue = "paused with snapdrill schedules pause") String note;

    @Override
    public Integer call() {
      needsCluster(temporal);
      try (TemporalConnection connection = TemporalConnection.open(temporal)) {
        manager(connection).pause(id, note);
        System.out.println("paused " + id);
        return ExitCode.PASSED;
      }
    }
  }

  @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Resume a paused schedule.")
  static class Unpause implements Callable<Integer> {
    @Mixin TemporalOptions temporal;
    @Parameters(paramLabel = "SCHEDULE-ID") String id;

    @Override
    public Integer call() {
      needsCluster(temporal);
      try (TemporalConnection connection = TemporalConnection.open(temporal)) {
        manager(connection).unpause(id, "resumed with snapdrill schedules unpause");
        System.out.println("resumed " + id);
        return ExitCode.PASSED;
      }
    }
  }

  @Command(name = "trigger-now", mixinStandardHelpOptions = true,
      description = "Run a schedule's action now (skipped while its previous run is still open).")
  static class TriggerNow implements Callable<Integer> {
    @Mixin TemporalOptions temporal;
    @Parameters(paramLabel = "SCHEDULE-ID") String id;

    @Override
    public Integer call() {
      needsCluster(temporal);
      try (TemporalConnection connection = TemporalConnection.open(temporal)) {
        manager(connection).triggerNow(id);
        System.out.println("triggered " + id);
        return ExitCode.PASSED;
      }
    }
  }
}
