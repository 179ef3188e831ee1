package io.snapdrill.worker.temporal;

import io.snapdrill.activities.config.DrillDefaults;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.model.FailoverRequest;
import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.model.RestoreAThonRequest;
import io.snapdrill.workflows.DrillSearchAttributes;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.workflows.FailoverRestoreWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The one place a drill's start is built: workflow id, task queue, id-reuse policy, search attributes
 * and the {@link DrillRequest}, from the configuration plus what this start overrides. {@code drill},
 * {@code local}, the snapshot-event trigger and the daily schedules all start drills through it, so
 * every drill gets its settings merged the same way, here, once.
 */
public final class DrillStarter {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** A drill ready to start: Temporal's options and the workflow's input. */
  public record DrillStart(WorkflowOptions options, DrillRequest request) {

    public String workflowId() {
      return options.getWorkflowId();
    }

    /**
     * Starts the drill; returns false when Temporal kept the one with this id that already runs or,
     * as the id-reuse policy says, already ran.
     */
    public boolean startOn(WorkflowClient client) {
      DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class, options);
      try {
        WorkflowClient.start(drill::run, request);
        return true;
      } catch (WorkflowExecutionAlreadyStarted e) {
        return false;
      }
    }
  }

  /** A failover restore ready to start: Temporal's options and the workflow's input. */
  public record FailoverStart(WorkflowOptions options, FailoverRequest request) {

    public String workflowId() {
      return options.getWorkflowId();
    }

    /** Starts the failover restore; false when one with this id runs already. */
    public boolean startOn(WorkflowClient client) {
      FailoverRestoreWorkflow failover = client.newWorkflowStub(FailoverRestoreWorkflow.class, options);
      try {
        WorkflowClient.start(failover::run, request);
        return true;
      } catch (WorkflowExecutionAlreadyStarted e) {
        return false;
      }
    }
  }

  private final SnapdrillConfig config;
  private final String taskQueue;
  private final Clock clock;

  public DrillStarter(SnapdrillConfig config, String taskQueue) {
    this(config, taskQueue, Clock.systemUTC());
  }

  public DrillStarter(SnapdrillConfig config, String taskQueue, Clock clock) {
    this.config = config;
    this.taskQueue = taskQueue;
    this.clock = clock;
  }

  /**
   * What the drill of {@code cluster} runs with: each setting from the overrides, else from the
   * configuration's {@code drill:} section, else the built-in default. The only merge of defaults; the
   * workflow receives every field set.
   */
  public DrillRequest request(String cluster, DrillOverrides overrides) {
    DrillDefaults file = config.drill();
    HealPolicy heal = overrides.heal() != null ? overrides.heal() : file.heal() != null ? file.heal() : HealPolicy.NEVER;
    DrillSettings asked = new DrillSettings(overrides.replicationDeadline(), null, null,
        overrides.healDecisionDeadline(), null);
    return new DrillRequest(cluster, overrides.snapshot(), heal,
        asked.orElse(file.settings()).orElse(DrillSettings.DEFAULTS));
  }

  /**
   * A drill someone asked for ({@code drill}, {@code local}). The id is derived from cluster and
   * snapshot when there is one, so one snapshot gives one drill; a failed drill of it may be run again
   * once the cause is fixed. Without a snapshot the id carries the time.
   */
  public DrillStart onDemand(String cluster, DrillOverrides overrides) {
    String id = overrides.workflowId() != null ? overrides.workflowId()
        : overrides.snapshot() != null ? DrillWorkflow.idFor(cluster, overrides.snapshot())
        : timestampedId("drill-" + cluster);
    return new DrillStart(options(cluster, id, overrides.snapshot())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .build(), request(cluster, overrides));
  }

  /**
   * The drill of a snapshot an S3 event announced, {@code drill-<cluster>-<uuid>}. REJECT_DUPLICATE: an
   * event delivered twice, replayed from a dead-letter queue or re-sent by S3 never starts a second
   * drill of the same snapshot, even after the first one closed; an operator re-runs a failed one with
   * {@code snapdrill drill --snapshot}.
   */
  public DrillStart forSnapshotEvent(String cluster, String snapshotUuid) {
    return new DrillStart(options(cluster, DrillWorkflow.idFor(cluster, snapshotUuid), snapshotUuid)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build(), request(cluster, new DrillOverrides(snapshotUuid, null, null, null, null)));
  }

  /** The daily schedule's drill; Temporal appends each run's scheduled time to the id. */
  public DrillStart daily(String cluster) {
    return new DrillStart(options(cluster, "drill-" + cluster + "-daily", null).build(), request(cluster, DrillOverrides.NONE));
  }

  /** A restore-a-thon's input: the drill of each cluster, with the configuration's settings. */
  public RestoreAThonRequest restoreAThon(List<String> clusters, int maxConcurrentDrills) {
    return new RestoreAThonRequest(clusters.stream().map(c -> request(c, DrillOverrides.NONE)).toList(),
        maxConcurrentDrills, config.restoreAThon().maxConcurrentChecks(), null);
  }

  /**
   * A failover restore ({@code snapdrill restore}), {@code failover-<source>-to-<target>-<time>}: a failover is
   * an operator's act, not one per snapshot, so the same snapshot may be restored again (under a rename, or
   * after a refusal). Its replication wait comes from the file's {@code drill:} section, as a drill's does.
   */
  public FailoverStart failover(String source, String snapshot, String target, String renamePattern,
      String renameReplacement, boolean closeExisting, java.time.Duration replicationDeadline, String workflowId) {
    String id = workflowId != null ? workflowId : timestampedId(FailoverRestoreWorkflow.idPrefix(source, target));
    DrillSettings settings = new DrillSettings(replicationDeadline, null, null, null, null)
        .orElse(config.drill().settings()).orElse(DrillSettings.DEFAULTS);
    return new FailoverStart(options(source, id, snapshot)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .build(),
        new FailoverRequest(source, snapshot, target, renamePattern, renameReplacement, closeExisting, settings));
  }

  /** {@code prefix-yyyyMMdd-HHmmss} in UTC: the id of a run that has nothing else to name it by. */
  public String timestampedId(String prefix) {
    return prefix + "-" + STAMP.format(clock.instant());
  }

  /**
   * A snapshot named at start is a search attribute from the start: {@code status} shows it while
   * SNAPSHOT waits for it, and for a drill that fails before SNAPSHOT could describe it (which then
   * replaces it with the snapshot's name).
   */
  private WorkflowOptions.Builder options(String cluster, String workflowId, String snapshot) {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder().set(DrillSearchAttributes.CLUSTER, cluster);
    if (snapshot != null) {
      attributes.set(DrillSearchAttributes.SNAPSHOT, snapshot);
    }
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(taskQueue)
        .setTypedSearchAttributes(attributes.build());
  }
}
