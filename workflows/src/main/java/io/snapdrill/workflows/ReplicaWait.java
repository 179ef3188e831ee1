package io.snapdrill.workflows;

import io.snapdrill.model.DrillSettings;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * CONFIRM_REPLICATION's wait, shared by the drill and the failover: the replica is checked again after
 * a durable, doubling pause (a workflow timer, not an activity retry) until it is complete, only delete
 * markers remain (replication never removes one, so waiting cannot help), or the deadline passed.
 */
final class ReplicaWait {
  /**
   * How the wait ended.
   *
   * @param last the last check, recorded in the facts as each one arrives
   * @param checks how many checks it took
   * @param deadlinePassed true when the replica was still incomplete at the deadline
   */
  record Ended(ReplicaCheck last, int checks, boolean deadlinePassed) {}

  private ReplicaWait() {}

  static Ended await(ReplicationActivities replication, String cluster, String snapshotUuid, DrillSettings settings,
      DrillFacts facts, DrillJournal journal) {
    ReplicaBackoff backoff = new ReplicaBackoff(settings, DrillJournal.now());
    for (int check = 1; ; check++) {
      ReplicaCheck replica = replication.checkReplica(new StorageCheckRequest(cluster, snapshotUuid, check));
      facts.replicaCheck = replica;
      if (replica.complete() || replica.onlyDeleteMarkersRemain()) {
        return new Ended(replica, check, false);
      }
      Duration pause = backoff.next(DrillJournal.now());
      if (pause == null) {
        return new Ended(replica, check, true);
      }
      journal.detail(OnCallTexts.replicaNextCheck(replica, check, pause));
      Workflow.sleep(pause);
    }
  }
}
