package io.snapdrill.workflows;

import io.snapdrill.model.FailureType;
import io.snapdrill.workflows.activities.FailoverTargetActivities;
import io.snapdrill.workflows.activities.JanitorActivities;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.snapdrill.workflows.activities.ReportActivities;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The activity stubs of every workflow, each with its timeouts and retry options. A stub belongs to
 * the workflow run that made it: call these from workflow code only (a field initializer or the
 * workflow method).
 */
final class ActivityStubs {

  /** Transient errors (throttling, a node restarting) are retried with backoff; typed failures never. */
  private static final RetryOptions TRANSIENT_RETRIES =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofMinutes(2))
          .setMaximumAttempts(10)
          .setDoNotRetry(FailureType.doNotRetry())
          .build();

  private ActivityStubs() {}

  static SourceClusterActivities sourceCluster() {
    return Workflow.newActivityStub(SourceClusterActivities.class,
        retryingTransientErrors(Duration.ofHours(6))
            // A crashed worker is noticed within the heartbeat timeout; the retry resumes polling
            // the snapshot named in the last heartbeat instead of taking a second one.
            .setHeartbeatTimeout(Duration.ofMinutes(2))
            .build());
  }

  static ReplicationActivities replication() {
    return Workflow.newActivityStub(ReplicationActivities.class,
        retryingTransientErrors(Duration.ofMinutes(30)).setHeartbeatTimeout(Duration.ofMinutes(2)).build());
  }

  static StorageAuditActivities storageAudit() {
    return Workflow.newActivityStub(StorageAuditActivities.class,
        retryingTransientErrors(Duration.ofMinutes(30)).setHeartbeatTimeout(Duration.ofMinutes(2)).build());
  }

  /** A launch can try many type/zone pairs, then waits for the instance and for the node to answer. */
  static RestoreHostActivities restoreHostLaunch() {
    return Workflow.newActivityStub(RestoreHostActivities.class,
        retryingTransientErrors(Duration.ofMinutes(45)).setHeartbeatTimeout(Duration.ofMinutes(2)).build());
  }

  /**
   * The launch as drills since {@code getVersion("cancel-safe-provisioning")} call it: a cancel waits until
   * the attempt has ended, so the teardown that follows cannot run before a RunInstances the attempt was
   * still making, find nothing, and leave that instance running.
   */
  static RestoreHostActivities restoreHostLaunchWaitingForCancellation() {
    return Workflow.newActivityStub(RestoreHostActivities.class,
        retryingTransientErrors(Duration.ofMinutes(45)).setHeartbeatTimeout(Duration.ofMinutes(2))
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .build());
  }

  /** How long a drill itself tries to tear a host down before it hands the host to a HostTeardownWorkflow. */
  static final Duration TEARDOWN_INLINE_BUDGET = Duration.ofMinutes(30);

  /**
   * Teardown inside the drill (and each attempt of the hand-off): transient errors retried within the
   * inline budget, a refused grant not at all; one attempt waits up to 10 minutes for "terminated",
   * heartbeating.
   */
  static RestoreHostActivities restoreHostTeardownInline() {
    return Workflow.newActivityStub(RestoreHostActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(12))
            .setScheduleToCloseTimeout(TEARDOWN_INLINE_BUDGET)
            .setHeartbeatTimeout(Duration.ofMinutes(2))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(5))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(2))
                    .setMaximumAttempts(0)
                    .setDoNotRetry(FailureType.doNotRetry())
                    .build())
            .build());
  }

  /**
   * Drills from before {@code getVersion("teardown-hand-off")}: teardown never gives up quietly, retried for a
   * week, backing off to every 10 minutes, while the drill waits.
   */
  static RestoreHostActivities restoreHostTeardown() {
    return Workflow.newActivityStub(RestoreHostActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(20))
            .setScheduleToCloseTimeout(Duration.ofDays(7))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(5))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(10))
                    .setMaximumAttempts(0)
                    .build())
            .build());
  }

  /**
   * Longer than one request to the restore host may take (its 120 s socket timeout): the activities
   * heartbeat between requests. A crashed worker is noticed within this.
   */
  private static final Duration RESTORE_HOST_HEARTBEAT = Duration.ofMinutes(3);

  /** RESTORE polls recovery every few seconds; a retry resumes polling the restore named in the last heartbeat. */
  static RestoreClusterActivities restoreCluster() {
    return Workflow.newActivityStub(RestoreClusterActivities.class,
        retryingTransientErrors(Duration.ofHours(12)).setHeartbeatTimeout(RESTORE_HOST_HEARTBEAT).build());
  }

  /**
   * VERIFY heartbeats before each request with the verdicts so far, and a retry goes on from the next
   * index; thousands of indices with samples and queries take hours.
   */
  static RestoreClusterActivities verifyRestore() {
    return Workflow.newActivityStub(RestoreClusterActivities.class,
        retryingTransientErrors(Duration.ofHours(6)).setHeartbeatTimeout(RESTORE_HOST_HEARTBEAT).build());
  }

  /**
   * A failover's short calls to the standing target (register the repository, list and close
   * conflicting indices, stop a canceled restore): each a few requests.
   */
  static FailoverTargetActivities failoverTarget() {
    return Workflow.newActivityStub(FailoverTargetActivities.class,
        retryingTransientErrors(Duration.ofMinutes(10)).setHeartbeatTimeout(RESTORE_HOST_HEARTBEAT).build());
  }

  /**
   * A failover's RESTORE, as the drill's; a cancel waits until the polling attempt has stopped, so the
   * indices deleted after it are not read by an attempt still running.
   */
  static FailoverTargetActivities failoverRestore() {
    return Workflow.newActivityStub(FailoverTargetActivities.class,
        retryingTransientErrors(Duration.ofHours(12)).setHeartbeatTimeout(RESTORE_HOST_HEARTBEAT)
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .build());
  }

  /** A failover's VERIFY, as the drill's. */
  static FailoverTargetActivities failoverVerify() {
    return Workflow.newActivityStub(FailoverTargetActivities.class,
        retryingTransientErrors(Duration.ofHours(6)).setHeartbeatTimeout(RESTORE_HOST_HEARTBEAT).build());
  }

  /** Drill and restore-a-thon reports. */
  static ReportActivities reports() {
    return Workflow.newActivityStub(ReportActivities.class,
        retryingTransientErrors(Duration.ofMinutes(5)).build());
  }

  static JanitorActivities janitor() {
    return Workflow.newActivityStub(JanitorActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(5))
                    .setMaximumInterval(Duration.ofMinutes(1))
                    // The next scheduled run starts over; a stuck run must not block it for long.
                    .setMaximumAttempts(5)
                    .setDoNotRetry(FailureType.doNotRetry())
                    .build())
            .build());
  }

  private static ActivityOptions.Builder retryingTransientErrors(Duration startToClose) {
    return ActivityOptions.newBuilder().setStartToCloseTimeout(startToClose).setRetryOptions(TRANSIENT_RETRIES);
  }
}
