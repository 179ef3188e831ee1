package io.snapdrill.worker;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.worker.cli.ConfigOption;
import io.snapdrill.worker.cli.DrillFollower;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.SnapdrillWorker;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.worker.trigger.TriggerHandler;
import io.snapdrill.worker.trigger.Triggers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "trigger", mixinStandardHelpOptions = true,
    description = {
        "Handle one S3 event (S3 notification, SNS-wrapped, or EventBridge JSON) like the trigger consumer"
            + " does: an object-created snap-<uuid>.dat starts the drill of that snapshot (drill-<cluster>-<uuid>);"
            + " an object-removed or lifecycle-expiration event on a repository key is judged at once (does a"
            + " snapshot still need it?); a malformed event or one of no configured repository is dead-lettered.",
        "Exit code 0 when the drill was started, already existed or the event needs none; 1 when the"
            + " drill ran here and failed; 2 when the event was dead-lettered; 3 on errors; 4 when a removed"
            + " key breaks a snapshot (the repository alert)."})
public class TriggerCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin TemporalOptions temporal;

  @Option(names = "--event-file", required = true, paramLabel = "FILE", description = "The event JSON (an SQS message body).")
  Path eventFile;

  @Override
  public Integer call() throws IOException {
    SnapdrillConfig cfg = config.load();
    String body;
    try {
      body = Files.readString(eventFile);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--event-file: " + eventFile + " does not exist");
    }
    try (TemporalConnection connection = TemporalConnection.open(temporal); AwsClients aws = AwsClients.create()) {
      SnapdrillWorker.startHere(connection, cfg, false);
      TriggerHandler.Outcome outcome = Triggers.handler(cfg, connection.client(), connection.taskQueue(), null, aws, null)
          .handle(eventFile.getFileName().toString(), body);
      outcome.alerts().forEach(System.err::println);
      outcome.drillsStarted().forEach(id -> System.out.println("started drill " + id));
      outcome.drillsAlreadyStarted().forEach(id -> System.out.println("drill " + id + " already exists; not started again"));
      outcome.ignored().forEach(why -> System.out.println("ignored: " + why));
      outcome.deadLettered().forEach(why -> System.err.println("dead-lettered to " + cfg.triggers().deadLetterDirectory()
          + ": " + why));
      if (!outcome.acknowledged()) {
        System.err.println("snapdrill: " + outcome.retryReason());
        return ExitCode.ERROR;
      }
      if (!outcome.alerts().isEmpty()) {
        return ExitCode.REPOSITORY_ALERT;
      }
      if (!outcome.deadLettered().isEmpty()) {
        return ExitCode.BAD_INPUT;
      }
      if (connection.isEmbedded()) {
        // The embedded service ends with this command: run the drills here to their end.
        int exit = ExitCode.PASSED;
        for (String id : outcome.drillsStarted()) {
          DrillResult result = new DrillFollower(connection.client(), System.out).follow(id);
          System.out.println(result == null ? "drill " + id + " was canceled" : DrillFollower.describe(result));
          if (result == null || result.outcome() != DrillOutcome.PASSED) {
            exit = ExitCode.FAILED;
          }
        }
        return exit;
      }
      return ExitCode.PASSED;
    }
  }
}
