package io.snapdrill.workflows;

import static io.snapdrill.workflows.DrillFixtures.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillProgress;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.HealDecision;
import io.snapdrill.model.HealPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Heal decisions that reach the drill in the same workflow task as something else: a second decision,
 * or the deadline's timer. Polling is stopped while they arrive, so the server hands them over together.
 */
class HealDecisionRaceTest {

  // No sticky execution (no workflow cache): every task goes to the one task queue whose polls are counted.
  @RegisterExtension
  static final DrillTestEnvironment temporal = DrillTestEnvironment.extension(DrillWorkflowImpl.class)
      .withWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());

  private DrillFixtures fx;
  private WorkflowClient client;
  private Worker worker;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.client = client;
    this.worker = worker;
    fx = new DrillFixtures();
    worker.registerActivitiesImplementations(fx.all());
    env.start();
    when(fx.storage.auditStorage(any())).thenReturn(DrillFixtures.auditWithMarker(), DrillFixtures.cleanAudit());
  }

  @Test
  void ofTwoDecisionsInOneWorkflowTaskOnlyTheFirstIsAccepted() throws Exception {
    DrillWorkflow drill = startAsking("drill-ask-twice", null);

    stopPolling("drill-ask-twice");
    CompletableFuture<Object> alice = decideHealAsync("drill-ask-twice", new HealDecision(true, "alice", "INC-42"));
    Thread.sleep(500);
    CompletableFuture<Object> bob = decideHealAsync("drill-ask-twice", new HealDecision(false, "bob", "change freeze"));
    Thread.sleep(500);
    worker.resumePolling();

    assertThat(alice.get(30, TimeUnit.SECONDS)).asString().contains("approved", "alice");
    assertThat(bob.get(30, TimeUnit.SECONDS)).isInstanceOf(WorkflowUpdateException.class)
        .extracting(refused -> ((Throwable) refused).getCause().getMessage()).asString()
        .contains("already decided", "alice approved");
    DrillResult result = WorkflowStub.fromTyped(drill).getResult(DrillResult.class);
    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.heal().approvedBy()).isEqualTo("alice");
  }

  @Test
  void aDecisionAcceptedInTheTaskInWhichTheDeadlineFiresIsTheOneTheDrillFollows() throws Exception {
    // No client waits for a result, so the test service does not skip time: the deadline passes in real time.
    Duration deadline = Duration.ofSeconds(20);
    DrillWorkflow drill = startAsking("drill-ask-late", new DrillSettings(null, null, null, deadline, null));
    long asked = System.nanoTime();

    // The deadline's timer fires while no worker polls; the decision joins the task that delivers it.
    stopPolling("drill-ask-late");
    Thread.sleep(Math.max(0, deadline.plusSeconds(2).toMillis() - (System.nanoTime() - asked) / 1_000_000));
    CompletableFuture<Object> alice = decideHealAsync("drill-ask-late", new HealDecision(true, "alice", "INC-42"));
    Thread.sleep(500);
    worker.resumePolling();

    // The SDK validates the decision before the drill's wait sees its timer, so the decision is accepted.
    assertThat(alice.get(30, TimeUnit.SECONDS)).asString().contains("approved", "alice");
    DrillResult result = WorkflowStub.fromTyped(drill).getResult(DrillResult.class);
    assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
    assertThat(result.heal().approvedBy()).isEqualTo("alice");
    verify(fx.storage).healDeleteMarkers(argThat(r -> !r.dryRun()));
  }

  private DrillWorkflow startAsking(String id, DrillSettings settings) {
    DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(drill::run, new DrillRequest(CLUSTER, null, HealPolicy.ASK, settings));
    await().atMost(Duration.ofSeconds(30)).until(() -> drill.progress().awaitingHealDecision());
    return drill;
  }

  /**
   * Suspends the worker's polling. A poll already waiting at the server still takes one task, so queries
   * are sent until one stays unanswered: from then on no task reaches the worker until it resumes.
   */
  private void stopPolling(String drillId) throws Exception {
    worker.suspendPolling();
    DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class, drillId);
    for (int i = 0; i < 20; i++) {
      CompletableFuture<DrillProgress> query = CompletableFuture.supplyAsync(drill::progress);
      try {
        query.get(5, TimeUnit.SECONDS);
      } catch (TimeoutException held) {
        return;
      }
    }
    throw new AssertionError("the worker still answers queries after suspendPolling");
  }

  /** The operator's answer, or the WorkflowUpdateException that refused the decision. */
  private CompletableFuture<Object> decideHealAsync(String drillId, HealDecision decision) {
    DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class, drillId);
    return CompletableFuture.supplyAsync(() -> {
      try {
        return drill.decideHeal(decision);
      } catch (WorkflowUpdateException refused) {
        return refused;
      }
    });
  }
}
