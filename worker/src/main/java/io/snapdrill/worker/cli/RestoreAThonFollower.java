package io.snapdrill.worker.cli;

import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StageStatus;
import io.snapdrill.workflows.DrillWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a running restore-a-thon on the terminal: a line per stage change of each cluster's drill
 * (read with the drills' {@code progress} query), the approve-heal command when a drill waits for one,
 * and the result at the end. A drill is asked only while it runs: one whose stages have all ended is
 * not queried again (a query of a closed workflow replays its history).
 */
public final class RestoreAThonFollower {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final WorkflowClient client;
  private final PrintStream out;
  private final Map<String, String> printed = new HashMap<>();
  private final Set<String> ended = new HashSet<>();
  private String commandOptions = "";

  public RestoreAThonFollower(WorkflowClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  /** Options the printed commands need to reach this restore-a-thon's Temporal (e.g. its address). */
  public RestoreAThonFollower withCommandOptions(String options) {
    this.commandOptions = options == null || options.isBlank() ? "" : " " + options.trim();
    return this;
  }

  /**
   * The drill of {@code cluster} in restore-a-thon {@code restoreAThonId}: the child workflow id
   * {@code RestoreAThonWorkflowImpl} gives it.
   */
  public static String drillId(String restoreAThonId, String cluster) {
    return restoreAThonId + "-" + cluster;
  }

  /** Prints progress until the restore-a-thon ends; returns its result. Null when it was canceled. */
  public RestoreAThonResult follow(String restoreAThonId, List<String> clusters) {
    WorkflowStub stub = client.newUntypedWorkflowStub(restoreAThonId);
    while (true) {
      try {
        return stub.getResult(2, TimeUnit.SECONDS, RestoreAThonResult.class);
      } catch (TimeoutException stillRunning) {
        clusters.forEach(cluster -> printProgress(cluster, drillId(restoreAThonId, cluster)));
      } catch (WorkflowFailedException e) {
        if (e.getCause() instanceof CanceledFailure) {
          return null;
        }
        throw e;
      }
    }
  }

  private void printProgress(String cluster, String drillId) {
    if (ended.contains(cluster)) {
      return;
    }
    DrillProgress progress;
    try {
      progress = client.newWorkflowStub(DrillWorkflow.class, drillId).progress();
    } catch (RuntimeException notYet) {
      return; // not started yet (waiting for a restore host slot), or its first workflow task has not run
    }
    for (StageRecord stage : progress.stages()) {
      if (stage.status() != StageStatus.PENDING) {
        line(cluster + " " + stage.stage(), String.format("%-16s %-20s %s%s", cluster, stage.stage(), stage.status(),
            stage.detail() != null ? "  " + stage.detail() : ""));
      }
    }
    if (progress.awaitingHealDecision()) {
      line(cluster + " heal", String.format("%-16s %-20s waiting for an operator: snapdrill approve-heal %s"
          + " --operator NAME%s   (or deny-heal)", cluster, "heal", drillId, commandOptions));
    }
    if (!progress.stages().isEmpty() && progress.stages().stream()
        .allMatch(s -> s.status() != StageStatus.PENDING && s.status() != StageStatus.RUNNING)) {
      ended.add(cluster);
    }
  }

  /** Prints the line when its text changed. */
  private void line(String key, String text) {
    if (!Objects.equals(printed.put(key, text), text)) {
      out.printf("%s  %s%n", LocalTime.now(ZoneOffset.UTC).format(CLOCK), text);
      out.flush();
    }
  }
}
