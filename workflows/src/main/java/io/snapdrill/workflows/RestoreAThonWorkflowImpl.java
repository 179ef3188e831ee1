package io.snapdrill.workflows;

import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HostCost;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonProgress;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.model.RestoreAThonResult;
import io.snapdrill.model.RestoreAThonTally;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.workflows.activities.ReportActivities;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The restore-a-thon. Since {@link #CHANGE_ID} (the fleet version, see docs/design.md "Other workflows"):
 * drills start ABANDONed, at most {@code maxConcurrentChecks} in their cheap stages at once, and ask this
 * workflow for one of {@code maxConcurrentDrills} restore host slots before PROVISION_HOST; each reports its
 * {@link DrillSummary} by signal as it ends, whichever run of this workflow is current then. A run
 * continues as new after {@link #DRILLS_PER_RUN} starts or {@link #EVENTS_PER_RUN} events, its summaries
 * stored in batches, carrying a {@link RestoreAThonTally}. Before it, every drill was a child gathered
 * whole into the result ({@link #legacy()}), which a real server terminates at 40-100 clusters.
 */
public class RestoreAThonWorkflowImpl implements RestoreAThonWorkflow {
  private static final Logger log = Workflow.getLogger(RestoreAThonWorkflowImpl.class);

  static final String CHANGE_ID = "fleet-restore-a-thon";
  /** Drills started by one run: about 20 events each in its history. */
  static final int DRILLS_PER_RUN = 250;
  /** Summaries stored per batch: a few hundred bytes each, so a batch is far below 2 MB. */
  static final int SUMMARY_BATCH = 250;
  /** Continue as new past this many events: below the server's warning at 10,240. */
  static final int EVENTS_PER_RUN = 8_000;
  /** How often drills started by an earlier run are pinged to learn whether they died without reporting. */
  static final Duration PING_EVERY = Duration.ofHours(1);
  /** How long a canceled restore-a-thon waits for its canceled drills to tear down and report. */
  static final Duration CANCEL_GRACE = Duration.ofHours(2);

  private static final String CHECKING = "CHECKING";
  private static final String WAITING = "WAITING";
  private static final String HOLDING = "HOLDING";
  private static final String RELEASED = "RELEASED";

  private final ReportActivities reports = ActivityStubs.reports();

  private final RestoreAThonRequest request;
  private final int run;
  private final Instant startedAt;
  private final List<String> configured;
  private final Set<String> finished = new LinkedHashSet<>();
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final Deque<String> waiters = new ArrayDeque<>();
  private final List<StoredEvidence> batches = new ArrayList<>();
  private final List<DrillSummary> buffer = new ArrayList<>();
  private int passed;
  private int failed;
  private Double hostCostUsd;
  private String id;
  private boolean legacy;
  private int nextDrill;
  private int startedThisRun;
  /** Child starts and grant or ping signals not answered yet: a run continues as new only without any. */
  private int inFlight;
  private Promise<Void> pingTimer;

  /** One drill this workflow (this run or an earlier one) started and has no summary of. */
  private static final class Running {
    final String cluster;
    final boolean startedThisRun;
    String state;

    Running(String cluster, boolean startedThisRun, String state) {
      this.cluster = cluster;
      this.startedThisRun = startedThisRun;
      this.state = state;
    }
  }

  /** State comes from the input here, not in run(): signals of a continued run may be handled before run(). */
  @WorkflowInit
  public RestoreAThonWorkflowImpl(RestoreAThonRequest request) {
    this.request = request;
    RestoreAThonTally tally = request.tally();
    if (tally == null) {
      run = 1;
      startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      configured = request.drills().stream().map(DrillRequest::cluster).toList();
      return;
    }
    run = tally.run();
    startedAt = tally.startedAt();
    configured = tally.configuredClusters();
    passed = tally.passed();
    failed = tally.failed();
    hostCostUsd = tally.hostCostUsd();
    finished.addAll(tally.finished());
    tally.running().forEach(r -> running.put(r.drillId(), new Running(r.cluster(), false, r.state())));
    waiters.addAll(tally.slotWaiters());
    batches.addAll(tally.summaryBatches());
    buffer.addAll(tally.unstored());
  }

  @Override
  public RestoreAThonResult run(RestoreAThonRequest ignored) {
    id = Workflow.getInfo().getWorkflowId();
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) < 1) {
      legacy = true;
      return legacy();
    }
    return fleet();
  }

  private RestoreAThonResult fleet() {
    Workflow.upsertTypedSearchAttributes(DrillSearchAttributes.RESTORE_A_THON.valueSet(id),
        DrillSearchAttributes.OUTCOME.valueSet(DrillOutcome.RUNNING.name()));
    pingTimer = Workflow.newTimer(PING_EVERY);
    try {
      while (!allDone()) {
        Workflow.await(() -> canGrant() || canStart() || allDone() || pingTimer.isCompleted() || continueDue()
            || CancellationScope.current().isCancelRequested());
        if (CancellationScope.current().isCancelRequested()) {
          throw new CanceledFailure("restore-a-thon canceled");
        }
        grantSlots();
        startDrills();
        if (pingTimer.isCompleted()) {
          pingOpenDrills();
          pingTimer = Workflow.newTimer(PING_EVERY);
        }
        if (buffer.size() >= SUMMARY_BATCH) {
          storeBuffer();
        }
        if (continueDue() && !allDone()) {
          continueAsNew();
        }
      }
    } catch (CanceledFailure canceled) {
      Workflow.newDetachedCancellationScope(() -> cancelDrills()).run();
      RestoreAThonResult[] result = new RestoreAThonResult[1];
      Workflow.newDetachedCancellationScope(() -> result[0] = finish(DrillOutcome.CANCELED)).run();
      throw canceled;
    }
    return finish(passed == configured.size() ? DrillOutcome.PASSED : DrillOutcome.FAILED);
  }

  private boolean allDone() {
    return nextDrill >= request.drills().size() && running.isEmpty();
  }

  private boolean canStart() {
    return nextDrill < request.drills().size() && startedThisRun < DRILLS_PER_RUN
        && count(CHECKING) < request.effectiveChecks();
  }

  private boolean canGrant() {
    return !waiters.isEmpty() && count(HOLDING) < Math.max(1, request.maxConcurrentDrills());
  }

  private boolean continueDue() {
    return (startedThisRun >= DRILLS_PER_RUN && nextDrill < request.drills().size())
        || Workflow.getInfo().getHistoryLength() > EVENTS_PER_RUN || Workflow.getInfo().isContinueAsNewSuggested();
  }

  private int count(String state) {
    int n = 0;
    for (Running r : running.values()) {
      if (r.state.equals(state)) {
        n++;
      }
    }
    return n;
  }

  private void startDrills() {
    while (canStart()) {
      DrillRequest drill = request.drills().get(nextDrill++);
      startedThisRun++;
      String drillId = id + "-" + drill.cluster();
      if (finished.contains(drillId) || running.containsKey(drillId)) {
        continue; // a cluster named twice: one drill
      }
      running.put(drillId, new Running(drill.cluster(), true, CHECKING));
      DrillWorkflow child = Workflow.newChildWorkflowStub(DrillWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(drillId)
          // The drill outlives this run when it continues as new; cancellation is sent explicitly.
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
          .setTypedSearchAttributes(SearchAttributes.newBuilder()
              .set(DrillSearchAttributes.CLUSTER, drill.cluster())
              .set(DrillSearchAttributes.RESTORE_A_THON, id)
              .build())
          .build());
      inFlight++;
      Promise<DrillResult> result = Async.function(child::run, drill);
      Workflow.getWorkflowExecution(child).handle((execution, failure) -> {
        inFlight--;
        return null;
      });
      // The drill's own signal normally comes first; this covers a drill that could not start or was terminated.
      result.handle((r, failure) -> {
        reported(DrillSummary.of(r != null ? r : failedDrill(id, drill, failure)));
        return null;
      });
    }
  }

  private void grantSlots() {
    while (canGrant()) {
      String drillId = waiters.poll();
      Running drill = running.get(drillId);
      if (drill == null) {
        continue;
      }
      drill.state = HOLDING;
      signalDrill(drillId, "hostSlotGranted");
    }
  }

  /**
   * Drills that check or hold a host, pinged: those of earlier runs have no promise here, and a terminated
   * child's end did not reach its parent on the embedded test service (ABANDONed child, terminated). One
   * waiting for a slot is found out when granted. At most maxConcurrentChecks + maxConcurrentDrills.
   */
  private void pingOpenDrills() {
    running.entrySet().stream()
        .filter(e -> !e.getValue().state.equals(WAITING))
        .map(Map.Entry::getKey)
        .toList()
        .forEach(drillId -> signalDrill(drillId, "restoreAThonPing"));
  }

  /** A signal to a drill; refused means the drill is closed, and if it never reported it died. */
  private void signalDrill(String drillId, String signal) {
    inFlight++;
    Async.procedure(() -> Workflow.newUntypedExternalWorkflowStub(drillId).signal(signal)).handle((v, failure) -> {
      inFlight--;
      Running drill = running.get(drillId);
      if (failure != null && drill != null) {
        log.warn("drill {} did not take {}: {}", drillId, signal, failure.toString());
        reported(DrillSummary.of(DrillResult.failedEarly(drillId, drill.cluster, FailureType.STAGE_ERROR,
            OnCallTexts.drillEndedUnreported(drillId))));
      }
      return null;
    });
  }

  /**
   * This run's drills are canceled by the SDK with the workflow's root scope (they were started in it);
   * drills of earlier runs, which this run did not start, get an explicit cancel request.
   */
  private void cancelDrills() {
    List<Promise<Void>> cancels = new ArrayList<>();
    for (Map.Entry<String, Running> drill : List.copyOf(running.entrySet())) {
      if (drill.getValue().startedThisRun) {
        continue;
      }
      String drillId = drill.getKey();
      cancels.add(Async.procedure(() -> Workflow.newUntypedExternalWorkflowStub(drillId).cancel())
          .exceptionally(failure -> null));
    }
    Promise.allOf(cancels).get();
    // The canceled drills tear their hosts down and report CANCELED; one that does not is reported as such.
    Workflow.await(CANCEL_GRACE, running::isEmpty);
    waiters.clear();
    nextDrill = request.drills().size();
  }

  private void continueAsNew() {
    Workflow.await(() -> inFlight == 0 || CancellationScope.current().isCancelRequested());
    storeBuffer();
    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("restore-a-thon canceled");
    }
    List<RestoreAThonTally.RunningDrill> open = running.entrySet().stream()
        .map(e -> new RestoreAThonTally.RunningDrill(e.getKey(), e.getValue().cluster, e.getValue().state))
        .toList();
    RestoreAThonTally tally = new RestoreAThonTally(run + 1, startedAt, configured, passed, failed, hostCostUsd,
        List.copyOf(finished), open, List.copyOf(waiters), List.copyOf(batches), List.copyOf(buffer));
    Workflow.continueAsNew(request.continued(
        List.copyOf(request.drills().subList(nextDrill, request.drills().size())), tally));
  }

  private void storeBuffer() {
    if (buffer.isEmpty()) {
      return;
    }
    List<DrillSummary> batch = List.copyOf(buffer);
    try {
      batches.add(reports.storeDrillSummaries(id, batches.size() + 1, batch));
      // drills may have reported while the batch was being stored: those stay for the next one
      buffer.subList(0, batch.size()).clear();
    } catch (ActivityFailure e) {
      // Kept, and tried again with the next batch: the report is written from what was stored.
      log.error("restore-a-thon {}: {} drill summaries could not be stored", id, buffer.size(), e);
    }
  }

  private RestoreAThonResult finish(DrillOutcome outcome) {
    storeBuffer();
    Workflow.upsertTypedSearchAttributes(DrillSearchAttributes.OUTCOME.valueSet(outcome.name()));
    RestoreAThonResult result = new RestoreAThonResult(id, configured.size(), passed, configured.size() - passed,
        hostCostUsd, null, List.copyOf(batches));
    return withReport(result);
  }

  private RestoreAThonResult withReport(RestoreAThonResult result) {
    try {
      ReportLocation location = reports.writeRestoreAThonReport(new RestoreAThonReportRequest(id, startedAt,
          Instant.ofEpochMilli(Workflow.currentTimeMillis()), configured, result.summaryBatches()));
      return result.withReport(location);
    } catch (ActivityFailure e) {
      log.error("restore-a-thon report could not be written", e);
      return result;
    }
  }

  /** A drill's summary, once per drill: it frees whatever the drill held. */
  private void reported(DrillSummary summary) {
    if (!finished.add(summary.drillId())) {
      return;
    }
    running.remove(summary.drillId());
    waiters.remove(summary.drillId());
    if (summary.outcome() == DrillOutcome.PASSED) {
      passed++;
    } else {
      failed++;
    }
    if (summary.hostCostUsd() != null) {
      hostCostUsd = HostCost.sumUsd(java.util.Arrays.asList(hostCostUsd, summary.hostCostUsd()));
    }
    buffer.add(summary);
  }

  @Override
  public void hostSlotRequested(String drillId) {
    Running drill = running.get(drillId);
    if (legacy || drill == null || !drill.state.equals(CHECKING)) {
      return;
    }
    drill.state = WAITING;
    waiters.add(drillId);
  }

  @Override
  public void hostSlotReleased(String drillId) {
    Running drill = running.get(drillId);
    if (drill == null) {
      return;
    }
    waiters.remove(drillId);
    drill.state = RELEASED;
  }

  @Override
  public void drillFinished(DrillSummary summary) {
    if (!legacy && summary != null && summary.drillId() != null) {
      reported(summary);
    }
  }

  @Override
  public RestoreAThonProgress progress() {
    List<String> holding = running.entrySet().stream()
        .filter(e -> e.getValue().state.equals(HOLDING)).map(Map.Entry::getKey).toList();
    return new RestoreAThonProgress(id, run, configured.size(), Math.max(0, request.drills().size() - nextDrill),
        count(CHECKING), count(WAITING), holding, passed, failed, hostCostUsd, batches.size());
  }

  // Before CHANGE_ID: every drill a child held for its whole run, every result gathered.

  private int legacyRunning;

  private RestoreAThonResult legacy() {
    int limit = Math.max(1, request.maxConcurrentDrills());
    DrillResult[] results = new DrillResult[request.drills().size()];
    List<Promise<Void>> done = new ArrayList<>();
    for (int i = 0; i < request.drills().size(); i++) {
      DrillRequest drill = request.drills().get(i);
      Workflow.await(() -> legacyRunning < limit);
      legacyRunning++;
      DrillWorkflow child = Workflow.newChildWorkflowStub(DrillWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(id + "-" + drill.cluster())
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
          .build());
      int slot = i;
      done.add(Async.function(child::run, drill).handle((result, failure) -> {
        legacyRunning--;
        results[slot] = result != null ? result : failedDrill(id, drill, failure);
        return null;
      }));
    }
    Promise.allOf(done).get();
    for (DrillResult r : results) {
      reported(DrillSummary.of(r));
    }
    // Histories from before stored nothing: their report activity comes right after the drills.
    if (Workflow.getVersion("restore-a-thon-summary-batches", Workflow.DEFAULT_VERSION, 1) >= 1) {
      storeBuffer();
    }
    return withReport(new RestoreAThonResult(id, configured.size(), passed, configured.size() - passed,
        hostCostUsd, null, List.copyOf(batches)));
  }

  /** A failed drill carries its result in the failure's details; a drill that died early may not. */
  private static DrillResult failedDrill(String id, DrillRequest drill, RuntimeException failure) {
    Throwable cause = failure instanceof ChildWorkflowFailure ? failure.getCause() : failure;
    if (cause instanceof ApplicationFailure af && af.getDetails().getSize() > 0) {
      DrillResult carried = af.getDetails().get(DrillResult.class);
      if (carried != null) {
        return carried;
      }
    }
    String drillId = id + "-" + drill.cluster();
    String message = cause instanceof ApplicationFailure af ? FailureType.withoutHint(af.getOriginalMessage())
        : cause instanceof WorkflowExecutionAlreadyStarted ? OnCallTexts.drillAlreadyRunning(drillId)
        : cause instanceof CanceledFailure ? "drill canceled"
        : cause != null ? cause.getMessage() : String.valueOf(failure);
    FailureType type = cause instanceof ApplicationFailure af ? FailureType.fromName(af.getType()) : null;
    return DrillResult.failedEarly(drillId, drill.cluster(),
        type != null ? type : FailureType.STAGE_ERROR, message);
  }
}
