package io.snapdrill.worker;

import io.snapdrill.worker.temporal.TemporalConnection;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while a drill runs on the embedded service: cancel the drill and wait for its teardown
 * before the process (and with it the service) goes, so no restore host is left running. On a real
 * Temporal cluster the drill is durable and goes on; Ctrl-C only stops following it.
 */
final class CancelOnInterrupt {
  private final Thread hook;

  private CancelOnInterrupt(Thread hook) {
    this.hook = hook;
  }

  static CancelOnInterrupt install(TemporalConnection connection, String workflowId) {
    Thread hook = new Thread(() -> {
      if (!connection.isEmbedded()) {
        System.err.println("\nstopped following; drill " + workflowId + " goes on in Temporal (snapdrill status)");
        return;
      }
      System.err.println("\ninterrupted: canceling drill " + workflowId + " and tearing down its restore host...");
      WorkflowStub stub = connection.client().newUntypedWorkflowStub(workflowId);
      try {
        stub.cancel();
        stub.getResult(5, TimeUnit.MINUTES, Object.class);
      } catch (Exception expected) {
        // canceled drills end with a CanceledFailure; teardown ran before it
      }
    }, "snapdrill-cancel-on-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return new CancelOnInterrupt(hook);
  }

  void remove() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // already running
    }
  }
}
