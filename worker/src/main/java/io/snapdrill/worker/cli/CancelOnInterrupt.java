package io.snapdrill.worker.cli;

import io.snapdrill.worker.temporal.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while a drill runs on the embedded service: cancel the drill and wait for its teardown
 * before the process (and with it the service) goes, so no restore host is left running; then run the
 * command's own cleanup. On a real Temporal cluster the drill is durable and goes on; Ctrl-C only
 * stops following it. One shutdown hook does both in that order: hooks run concurrently, so a second
 * hook could stop the service under the teardown.
 */
public final class CancelOnInterrupt {
  private final Runnable cleanup;
  private final Thread hook;
  private volatile WorkflowClient client;
  private volatile boolean serviceInThisProcess;
  private volatile String workflowId;
  private volatile String canceling = "canceling drill %s and tearing down its restore host...";
  private volatile java.util.function.BiFunction<WorkflowClient, String, String> afterCancel = (c, id) -> null;

  private CancelOnInterrupt(Runnable cleanup) {
    this.cleanup = cleanup;
    this.hook = new Thread(this::interrupted, "snapdrill-cancel-on-interrupt");
  }

  /** Cancels this drill on Ctrl-C when the Temporal service is the embedded one. */
  public static CancelOnInterrupt install(TemporalConnection connection, String workflowId) {
    CancelOnInterrupt guard = install(() -> { });
    guard.follow(connection.client(), workflowId, connection.isEmbedded());
    return guard;
  }

  /** Before anything starts: on Ctrl-C, cancels the drill {@link #follow followed} then, if any, and runs {@code cleanup}. */
  public static CancelOnInterrupt install(Runnable cleanup) {
    CancelOnInterrupt guard = new CancelOnInterrupt(cleanup);
    Runtime.getRuntime().addShutdownHook(guard.hook);
    return guard;
  }

  /** @param serviceInThisProcess the Temporal service ends with this process, so the drill must end first */
  public void follow(WorkflowClient client, String workflowId, boolean serviceInThisProcess) {
    this.client = client;
    this.serviceInThisProcess = serviceInThisProcess;
    this.workflowId = workflowId;
  }

  /**
   * For workflows other than the drill: {@code canceling} is printed with the workflow id on Ctrl-C, and
   * what {@code afterCancel} says (e.g. what a canceled failover left behind) once the cancel completed.
   */
  public CancelOnInterrupt saying(String canceling, java.util.function.BiFunction<WorkflowClient, String, String> afterCancel) {
    this.canceling = canceling;
    this.afterCancel = afterCancel;
    return this;
  }

  /** The drill ended: nothing to cancel any more. */
  public void drillEnded() {
    workflowId = null;
  }

  public void remove() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already
    }
  }

  private void interrupted() {
    String id = workflowId;
    if (id != null && !serviceInThisProcess) {
      System.err.println("\nstopped following; drill " + id + " goes on in Temporal (snapdrill status)");
    } else if (id != null) {
      System.err.println("\ninterrupted: " + String.format(canceling, id));
      WorkflowStub stub = client.newUntypedWorkflowStub(id);
      try {
        stub.cancel();
        stub.getResult(5, TimeUnit.MINUTES, Object.class);
      } catch (Exception expected) {
        // canceled drills end with a CanceledFailure; teardown ran before it
      }
      try {
        String note = afterCancel.apply(client, id);
        if (note != null) {
          System.err.println(note);
        }
      } catch (RuntimeException e) {
        System.err.println("could not ask " + id + " what it left behind: " + e.getMessage());
      }
    }
    cleanup.run();
  }
}
