package io.snapdrill.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.HumanDuration;
import io.snapdrill.model.RunbookHints;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StageStatus;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.worker.history.ActivityRetry;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a running drill on the terminal: a line per stage change, the stage's detail, and the
 * progress the running activity heartbeats (bytes restored, blobs compared), and a line per attempt of
 * a retrying activity (why the last one failed, when the next runs). Ends with the result.
 */
public final class DrillFollower {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final WorkflowClient client;
  private final PrintStream out;
  private final Map<Object, String> printed = new HashMap<>();
  private String commandOptions = "";

  public DrillFollower(WorkflowClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  /** Options the printed commands need to reach this drill's Temporal (e.g. its address). */
  public DrillFollower withCommandOptions(String options) {
    this.commandOptions = options == null || options.isBlank() ? "" : " " + options.trim();
    return this;
  }

  /** Prints progress until the drill ends; returns its result, passed or failed. Null when canceled. */
  public DrillResult follow(String workflowId) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class, workflowId);
    while (true) {
      try {
        return result(stub.getResult(1, TimeUnit.SECONDS, DrillResult.class));
      } catch (TimeoutException stillRunning) {
        printProgress(drill, stub);
      } catch (WorkflowFailedException e) {
        return failedResult(e);
      }
    }
  }

  private DrillResult result(DrillResult result) {
    printStages(result);
    return result;
  }

  /** The drill result a failed drill carries in its failure; null when it was canceled or died early. */
  public static DrillResult failedResult(WorkflowFailedException e) {
    if (e.getCause() instanceof ApplicationFailure af && af.getDetails().getSize() > 0) {
      return af.getDetails().get(DrillResult.class);
    }
    return null;
  }

  private void printProgress(DrillWorkflow drill, WorkflowStub stub) {
    DrillProgress progress;
    try {
      progress = drill.progress();
    } catch (RuntimeException notYet) {
      return; // the first workflow task has not run yet
    }
    int percent = percentDone(progress);
    for (StageRecord stage : progress.stages()) {
      if (stage.status() == StageStatus.PENDING) {
        continue;
      }
      line(stage.stage(), stage.status() + (stage.detail() != null ? "  " + stage.detail() : ""),
          String.format("%3d%%  ", percent));
    }
    if (progress.awaitingHealDecision()) {
      line("heal", "waiting for an operator: snapdrill approve-heal " + progress.drillId()
          + " --operator NAME" + commandOptions + "   (or deny-heal)");
    }
    try {
      List<PendingActivityInfo> pending = stub.describe().getRawDescription().getPendingActivitiesList();
      for (PendingActivityInfo activity : pending) {
        if (activity.hasHeartbeatDetails() && activity.getHeartbeatDetails().getPayloadsCount() > 0) {
          Payload last = activity.getHeartbeatDetails().getPayloads(activity.getHeartbeatDetails().getPayloadsCount() - 1);
          // decoded by the client's codecs (compressed, encrypted), then shown as the JSON it is
          line(activity.getActivityType().getName(),
              client.getOptions().getDataConverter().fromPayload(last, JsonNode.class, JsonNode.class).toString());
        }
      }
      ActivityRetry retry = ActivityRetry.first(pending, client.getOptions().getDataConverter());
      if (retry != null) {
        // once per attempt: the countdown to the next one is not a change worth a line
        line(retry.activity() + " retry", retry.summary(), "", retry.whenNext(Instant.now()));
      }
    } catch (RuntimeException ignored) {
      // progress details are a nicety; the drill goes on
    }
  }

  /** Share of the drill's stages that have ended (passed, failed or skipped). */
  static int percentDone(DrillProgress progress) {
    if (progress.stages().isEmpty()) {
      return 0;
    }
    long ended = progress.stages().stream()
        .filter(s -> s.status() != StageStatus.PENDING && s.status() != StageStatus.RUNNING).count();
    return (int) (100 * ended / progress.stages().size());
  }

  private void printStages(DrillResult result) {
    if (result.stages() != null) {
      result.stages().forEach(s -> line(s.stage(), s.status() + (s.detail() != null ? "  " + s.detail() : "")));
    }
  }

  private void line(Object key, String text) {
    line(key, text, "");
  }

  private void line(Object key, String text, String prefix) {
    line(key, text, prefix, "");
  }

  /**
   * Prints the line when its text changed; {@code prefix} (the drill's percentage) and {@code suffix}
   * (a countdown) do not count as a change.
   */
  private void line(Object key, String text, String prefix, String suffix) {
    if (!Objects.equals(printed.put(key, text), text)) {
      out.printf("%s  %-20s %s%s%s%n", LocalTime.now(ZoneOffset.UTC).format(CLOCK), key, prefix, text, suffix);
      out.flush();
    }
  }

  public static String describe(DrillResult r) {
    StringBuilder s = new StringBuilder();
    s.append("drill ").append(r.drillId()).append(": ").append(r.outcome());
    if (r.failureType() != null) {
      s.append(" (").append(r.failureType()).append(")\n  ").append(r.failureMessage());
      String hint = RunbookHints.forType(r.failureType());
      if (hint != null) {
        s.append("\n  what to do: ").append(hint);
      }
    }
    if (r.rpoSeconds() != null) {
      s.append("\n  RPO ").append(HumanDuration.ofSeconds(r.rpoSeconds()));
    }
    if (r.rtoSeconds() != null) {
      s.append(", RTO ").append(HumanDuration.ofSeconds(r.rtoSeconds()));
    }
    if (r.hostCostUsd() != null) {
      s.append("\n  restore host cost (estimate): ").append(String.format(Locale.ROOT, "$%.3f", r.hostCostUsd()));
    }
    if (r.report() != null) {
      s.append("\n  report: ").append(r.report().markdown());
      if (r.report().json() != null) {
        s.append("\n          ").append(r.report().json());
      }
    }
    return s.toString();
  }
}
