package io.snapdrill.workflows;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.snapdrill.model.RestoreAThonProgress;
import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.RestoreResult;
import io.temporal.activity.Activity;
import io.temporal.api.testservice.v1.UnlockTimeSkippingRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.TestServiceStubs;
import io.temporal.serviceclient.TestServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** The first restore of a restore-a-thon runs until the test has terminated its drill; the others pass at once. */
final class TerminatedRestore {
  private final AtomicReference<String> restoring = new AtomicReference<>();
  private final AtomicBoolean terminated = new AtomicBoolean();

  TerminatedRestore(DrillFixtures fx) {
    when(fx.restoreCluster.restoreSnapshot(any())).thenAnswer(inv -> {
      RestoreRequest r = inv.getArgument(0);
      if (r != null && restoring.compareAndSet(null, r.drillId())) {
        // Until the operator has terminated its drill; then this attempt's answer finds no workflow to go to.
        for (int i = 0; i < 600 && !terminated.get(); i++) {
          Activity.getExecutionContext().heartbeat(i);
          Thread.sleep(100);
        }
      }
      return new RestoreResult(List.of("logs"), 1, 1);
    });
  }

  /**
   * The embedded service locks time skipping for each scheduled activity and unlocks it when the activity
   * ends, but not when its workflow is terminated (temporalio/sdk-java#1138): the terminated drill's restore
   * would hold virtual time still for good, and the restore-a-thon's hourly ping would never come. One
   * unlock gives that lock back; a real server has no such lock.
   */
  private static void releaseTheTerminatedActivitysTimeLock(TestWorkflowEnvironment env) {
    TestServiceStubs testService = TestServiceStubs.newServiceStubs(
        TestServiceStubsOptions.newBuilder(env.getWorkflowServiceStubs().getOptions())
            .validateAndBuildWithDefaults());
    testService.blockingStub().unlockTimeSkipping(
        UnlockTimeSkippingRequest.getDefaultInstance());
  }

  /** Once one drill restores on the only slot and the two others wait for it, terminates that drill. */
  String terminateTheHolder(WorkflowClient client, RestoreAThonWorkflow restoreAThon, TestWorkflowEnvironment env) {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      RestoreAThonProgress p = restoreAThon.progress();
      return restoring.get() != null && p.holdingHost().equals(List.of(restoring.get())) && p.waitingForHost() == 2;
    });
    client.newUntypedWorkflowStub(restoring.get()).terminate("operator: restore stuck");
    terminated.set(true);
    releaseTheTerminatedActivitysTimeLock(env);
    return restoring.get();
  }
}
