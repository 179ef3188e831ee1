package io.snapdrill.workflows;

import io.snapdrill.model.FailureType;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

public class HostTeardownWorkflowImpl implements HostTeardownWorkflow {
  private static final Logger log = Workflow.getLogger(HostTeardownWorkflowImpl.class);

  /** How long the hand-off keeps trying before it alerts and gives up. */
  static final Duration GIVE_UP_AFTER = Duration.ofDays(7);
  /** Between attempts: each attempt retries transient errors itself for its inline budget. */
  static final Duration PAUSE = Duration.ofMinutes(30);

  private final RestoreHostActivities terminator = ActivityStubs.restoreHostTeardownInline();

  @Override
  public TeardownReport run(TeardownRequest request) {
    long giveUpAt = Workflow.currentTimeMillis() + GIVE_UP_AFTER.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        TeardownReport report = terminator.teardownHost(request);
        log.info("host key {} of drill {}: torn down at hand-off attempt {}", request.hostKey(), request.drillId(), attempt);
        return report;
      } catch (ActivityFailure e) {
        String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        if (Workflow.currentTimeMillis() + PAUSE.toMillis() > giveUpAt) {
          Workflow.getMetricsScope().counter("snapdrill_teardown_abandoned").inc(1);
          log.error("host key {} of drill {}: teardown gave up after {} attempts over {}: {}", request.hostKey(),
              request.drillId(), attempt, GIVE_UP_AFTER, why);
          throw FailureType.TEARDOWN_INCOMPLETE.failure(OnCallTexts.handOffGaveUp(request, attempt, why));
        }
        log.warn("host key {} of drill {}: teardown attempt {} failed, next in {}: {}", request.hostKey(),
            request.drillId(), attempt, PAUSE, why);
        Workflow.sleep(PAUSE);
      }
    }
  }
}
