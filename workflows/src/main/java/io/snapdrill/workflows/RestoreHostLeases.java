package io.snapdrill.workflows;

import io.snapdrill.model.FailureType;
import io.snapdrill.model.HostCost;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The restore hosts one drill asked for, each under a lease whose key names the host (tag
 * snapdrill:host-key) before it exists, and their teardown, which runs for every lease whatever
 * happened to the drill. Lives inside one workflow run.
 */
final class RestoreHostLeases {
  private static final Logger log = Workflow.getLogger(RestoreHostLeases.class);

  /** Drills from before it let a canceled launch run on beside their teardown. */
  static final String CANCEL_SAFE_PROVISIONING = "cancel-safe-provisioning";
  /**
   * EC2 lists an instance by its tags only some time after RunInstances answered: a launch that never
   * answered its lease is swept once more after this.
   */
  static final Duration SECOND_SWEEP_AFTER = Duration.ofMinutes(5);

  /** Drills from before it waited up to a week for a teardown, one host at a time. */
  static final String TEARDOWN_HAND_OFF = "teardown-hand-off";

  private final RestoreHostActivities launcherBeforeCancelSafety = ActivityStubs.restoreHostLaunch();
  private final RestoreHostActivities launcher = ActivityStubs.restoreHostLaunchWaitingForCancellation();
  private final RestoreHostActivities terminatorBeforeHandOff = ActivityStubs.restoreHostTeardown();
  private final RestoreHostActivities terminator = ActivityStubs.restoreHostTeardownInline();
  /** Whether this run hands hosts off; decided at its first teardown. */
  private Boolean handsOff;
  private final Saga teardowns = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
  private final List<Lease> leases = new ArrayList<>();
  private final String drillId;
  private final String cluster;

  RestoreHostLeases(String drillId, String cluster) {
    this.drillId = drillId;
    this.cluster = cluster;
  }

  /**
   * A new lease, its teardown registered BEFORE the launch: a launch that half-happened, or whose
   * answer was lost, is torn down as well (teardown finds the host by its key).
   */
  Lease take() {
    Lease lease = new Lease(Workflow.randomUUID().toString());
    leases.add(lease);
    teardowns.addCompensation(() -> tearDown(lease));
    return lease;
  }

  /** Launches the lease's host; the launch's failure comes out as the activity's. */
  RestoreHost launch(Lease lease, SnapshotInfo snapshot) {
    lease.requestedAt = DrillJournal.now();
    RestoreHostActivities stub = cancelSafe() ? launcher : launcherBeforeCancelSafety;
    try {
      lease.host = stub.provisionHost(new ProvisionRequest(lease.key, drillId, cluster, snapshot));
    } catch (RuntimeException e) {
      // A typed failure is the launch's own verdict (no capacity, bad configuration); anything else
      // (cancel, timeout, an error) leaves unknown whether an instance was started.
      lease.launchUnanswered = !(e instanceof ActivityFailure a && a.getCause() instanceof ApplicationFailure f
          && FailureType.fromName(f.getType()) != null && FailureType.fromName(f.getType()) != FailureType.STAGE_ERROR);
      throw e;
    }
    return lease.host;
  }

  /** Tears the lease's host down, once; a teardown that gave up is recorded on the lease, not thrown. */
  void tearDown(Lease lease) {
    if (lease.tornDown) {
      return;
    }
    RestoreHostActivities stub = handsOff() ? terminator : terminatorBeforeHandOff;
    try {
      stub.teardownHost(teardownRequest(lease));
      lease.tornDown = true;
      lease.tornDownAt = DrillJournal.now();
    } catch (ActivityFailure e) {
      lease.teardownError = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      log.error("teardown of restore host {} failed: {}", lease.key, lease.teardownError);
    }
  }

  /**
   * Tears down every lease still up, the latest first; then, after a delay, sweeps again the keys whose
   * launch never answered (canceled or lost): an instance it launched may only now be listed by its tags.
   */
  void tearDownAll() {
    if (handsOff()) {
      List<Promise<Void>> parallel = new ArrayList<>();
      for (int i = leases.size() - 1; i >= 0; i--) {
        parallel.add(Async.procedure(this::tearDown, leases.get(i)));
      }
      Promise.allOf(parallel).get();
    } else {
      teardowns.compensate();
    }
    sweepUnanswered();
    if (handsOff()) {
      leftRunning().forEach(this::handOff);
    }
  }

  private void sweepUnanswered() {
    List<Lease> unanswered = leases.stream().filter(l -> l.launchUnanswered && l.tornDown).toList();
    if (unanswered.isEmpty() || !cancelSafe()) {
      return;
    }
    Workflow.sleep(SECOND_SWEEP_AFTER);
    for (Lease lease : unanswered) {
      lease.tornDown = false;
      tearDown(lease);
    }
  }

  /**
   * Gives a host the drill could not tear down to a HostTeardownWorkflow that outlives the drill, and waits
   * only until that workflow has started.
   */
  private void handOff(Lease lease) {
    String workflowId = HostTeardownWorkflow.workflowId(lease.key);
    HostTeardownWorkflow takeover = Workflow.newChildWorkflowStub(HostTeardownWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .build());
    Async.function(takeover::run, teardownRequest(lease));
    try {
      Workflow.getWorkflowExecution(takeover).get();
      lease.handedOffTo = workflowId;
    } catch (TemporalFailure e) {
      lease.teardownError += "; could not hand it to workflow " + workflowId + ": " + e.getMessage();
      log.error("restore host {}: hand-off to {} failed: {}", lease.key, workflowId, e.getMessage());
    }
  }

  private TeardownRequest teardownRequest(Lease lease) {
    return new TeardownRequest(lease.key, drillId, cluster, lease.host != null ? lease.host.hostId() : null);
  }

  /** Decided at the first teardown of the run, and the same for all its later teardowns. */
  private boolean handsOff() {
    if (handsOff == null) {
      handsOff = Workflow.getVersion(TEARDOWN_HAND_OFF, Workflow.DEFAULT_VERSION, 1) >= 1;
    }
    return handsOff;
  }

  private static boolean cancelSafe() {
    return Workflow.getVersion(CANCEL_SAFE_PROVISIONING, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  boolean isEmpty() {
    return leases.isEmpty();
  }

  List<Lease> all() {
    return List.copyOf(leases);
  }

  /** Leases whose teardown gave up: their hosts may still run. */
  List<Lease> leftRunning() {
    return leases.stream().filter(l -> !l.tornDown).toList();
  }

  /** The hosts that answered their launch. */
  List<RestoreHost> hosts() {
    return leases.stream().filter(l -> l.host != null).map(l -> l.host).toList();
  }

  /**
   * Workflow time from asking for each host to its confirmed termination (or now, while it may still
   * run), priced at the host's hourly rate: deterministic, and never less than what EC2 bills.
   */
  Double costUsd() {
    Instant now = DrillJournal.now();
    List<Double> costs = new ArrayList<>();
    for (Lease lease : leases) {
      if (lease.host != null && lease.host.pricePerHourUsd() != null) {
        Instant until = lease.tornDownAt != null ? lease.tornDownAt : now;
        costs.add(HostCost.estimateUsd(lease.host.pricePerHourUsd(), Duration.between(lease.requestedAt, until)));
      }
    }
    return HostCost.sumUsd(costs);
  }

  /** One launched (or attempted) restore host and whether its teardown finished. */
  static final class Lease {
    final String key;
    private RestoreHost host;
    private Instant requestedAt;
    private Instant tornDownAt;
    private boolean tornDown;
    private boolean launchUnanswered;
    private String teardownError;
    private String handedOffTo;

    private Lease(String key) {
      this.key = key;
    }

    /** The host, or null while none answered the launch. */
    RestoreHost host() {
      return host;
    }

    /** The HostTeardownWorkflow that took the host over, or null. */
    String handedOffTo() {
      return handedOffTo;
    }

    /** Why the teardown gave up, or null. */
    String teardownError() {
      return teardownError;
    }
  }
}
