package io.snapdrill.worker.trigger;

import io.snapdrill.workflows.DrillWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one queue message into drill starts. Never throws for bad input: malformed events and
 * events of unknown repositories are dead-lettered. The answer says whether the message may be
 * deleted: only when every drill it asked for was acknowledged by Temporal (or already existed) and
 * every dead letter was kept.
 */
public final class TriggerHandler {
  private static final Logger log = LoggerFactory.getLogger(TriggerHandler.class);

  private final RepositoryRouter router;
  private final SnapshotDrillStarter starter;
  private final DeadLetters deadLetters;
  private final RepositorySentinel sentinel;
  private final Consumer<RepositoryAlert> onAlert;

  public TriggerHandler(RepositoryRouter router, SnapshotDrillStarter starter, DeadLetters deadLetters) {
    this(router, starter, deadLetters, null, watch -> { });
  }

  /**
   * @param sentinel judges removed repository keys; null: removals are logged and acknowledged unjudged
   * @param onAlert told of each removal that breaks a snapshot (metrics, the alert webhook)
   */
  public TriggerHandler(RepositoryRouter router, SnapshotDrillStarter starter, DeadLetters deadLetters,
      RepositorySentinel sentinel, Consumer<RepositoryAlert> onAlert) {
    this.router = router;
    this.starter = starter;
    this.deadLetters = deadLetters;
    this.sentinel = sentinel;
    this.onAlert = onAlert;
  }

  /** What became of one message. */
  public record Outcome(boolean acknowledged, List<String> drillsStarted, List<String> drillsAlreadyStarted,
      List<String> ignored, List<String> deadLettered, String retryReason, List<String> skipped, List<String> alerts) {

    public Outcome {
      skipped = List.copyOf(skipped);
      alerts = List.copyOf(alerts);
      drillsStarted = List.copyOf(drillsStarted);
      drillsAlreadyStarted = List.copyOf(drillsAlreadyStarted);
      ignored = List.copyOf(ignored);
      deadLettered = List.copyOf(deadLettered);
    }
  }

  public Outcome handle(String messageId, String body) {
    List<String> started = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<String> dead = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> alerts = new ArrayList<>();
    ParsedMessage parsed;
    try {
      parsed = S3EventParser.parse(body);
    } catch (MalformedEventException e) {
      return deadLetter(messageId, body, "malformed event: " + e.getMessage(), started, already, ignored, dead, skipped, alerts);
    }
    if (parsed.testEvent()) {
      log.info("message {}: s3:TestEvent (the bucket notification reaches this queue); nothing to drill", messageId);
      ignored.add("s3:TestEvent");
    }
    for (String other : parsed.otherEvents()) {
      log.info("message {}: ignoring event {} (only object-created events start drills)", messageId, other);
      ignored.add(other);
    }
    List<String> unknown = new ArrayList<>();
    for (ObjectCreated event : parsed.objectsCreated()) {
      RepositoryRouter.Decision decision = router.route(event);
      if (decision instanceof RepositoryRouter.Drill drill) {
        String id = DrillWorkflow.idFor(drill.route().cluster(), drill.route().snapshotUuid());
        try {
          SnapshotDrillStarter.Started answer = starter.start(drill.route());
          String drillId = answer.workflowId() != null ? answer.workflowId() : id;
          switch (answer.kind()) {
            case NEW -> {
              log.info("message {}: started drill {} for s3://{}/{}", messageId, drillId, event.bucket(), event.key());
              started.add(drillId);
            }
            case ALREADY_STARTED -> {
              log.info("message {}: drill {} already covers this snapshot; duplicate event for s3://{}/{}", messageId,
                  drillId, event.bucket(), event.key());
              already.add(drillId);
            }
            case SKIPPED -> {
              log.info("message {}: no drill for s3://{}/{}: {}", messageId, event.bucket(), event.key(), answer.why());
              skipped.add(answer.why());
            }
          }
        } catch (RuntimeException e) {
          // Temporal did not acknowledge: keep the message so SQS redelivers it.
          log.warn("message {}: could not start drill {}: {}; the message stays on the queue", messageId, id, e.toString());
          return new Outcome(false, started, already, ignored, dead, "could not start drill " + id + ": " + e.getMessage(),
              skipped, alerts);
        }
      } else if (decision instanceof RepositoryRouter.Ignore ignore) {
        log.debug("message {}: {}", messageId, ignore.why());
        ignored.add(ignore.why());
      } else if (decision instanceof RepositoryRouter.UnknownRepository u) {
        unknown.add(u.why());
      }
    }
    for (ObjectRemoved removed : parsed.objectsRemoved()) {
      RepositoryRouter.Decision decision = router.routeRemoval(removed);
      if (decision instanceof RepositoryRouter.UnknownRepository u) {
        // removals elsewhere in a bucket that also holds a repository are none of ours
        log.debug("message {}: {}", messageId, u.why());
        ignored.add(removed.eventName() + " outside every repository: s3://" + removed.bucket() + "/" + removed.key());
        continue;
      }
      RepositoryRouter.Watch watch = (RepositoryRouter.Watch) decision;
      if (sentinel == null) {
        ignored.add(removed.eventName() + " s3://" + removed.bucket() + "/" + removed.key() + " (no sentinel here)");
        continue;
      }
      RepositorySentinel.Judgment judgment;
      try {
        judgment = sentinel.judge(watch);
      } catch (RuntimeException e) {
        // an alert must not be lost: keep the message so it is judged again
        log.warn("message {}: could not judge {} of s3://{}/{}: {}; the message stays on the queue", messageId,
            removed.eventName(), removed.bucket(), removed.key(), e.toString());
        return new Outcome(false, started, already, ignored, dead, "could not read the repository of cluster "
            + watch.cluster() + " to judge s3://" + removed.bucket() + "/" + removed.key() + ": " + e.getMessage(),
            skipped, alerts);
      }
      if (judgment.harmful()) {
        RepositoryAlert alert = RepositoryAlert.of(removed, watch, judgment);
        log.error("message {}: {}", messageId, alert.text());
        alerts.add(alert.text());
        onAlert.accept(alert);
      } else {
        log.info("message {}: {} on s3://{}/{}: no snapshot in the repository needs it", messageId, removed.eventName(),
            removed.bucket(), removed.key());
        ignored.add(removed.eventName() + " s3://" + removed.bucket() + "/" + removed.key() + ": no snapshot needs it");
      }
    }
    if (!unknown.isEmpty()) {
      return deadLetter(messageId, body, "unknown repository: " + String.join("; ", unknown), started, already, ignored,
          dead, skipped, alerts);
    }
    return new Outcome(true, started, already, ignored, dead, null, skipped, alerts);
  }

  private Outcome deadLetter(String messageId, String body, String reason, List<String> started, List<String> already,
      List<String> ignored, List<String> dead, List<String> skipped, List<String> alerts) {
    try {
      String where = deadLetters.keep(messageId, body, reason);
      log.warn("message {}: {}; dead-lettered to {}", messageId, reason, where);
      dead.add(reason);
      return new Outcome(true, started, already, ignored, dead, null, skipped, alerts);
    } catch (RuntimeException e) {
      log.error("message {}: {}; and the dead letter could not be kept ({}); the message stays on the queue",
          messageId, reason, e.toString());
      return new Outcome(false, started, already, ignored, dead, "dead letter not kept: " + e.getMessage(), skipped, alerts);
    }
  }
}
