package io.snapdrill.workflows.activities;

import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReplicationRuleCheck;
import io.snapdrill.model.StorageCheckRequest;
import io.temporal.activity.ActivityInterface;

/** CONFIRM_REPLICATION: is the repository replicated, and is the replica complete for a snapshot. */
@ActivityInterface
public interface ReplicationActivities {

  /** Fails with REPLICATION_NOT_CONFIGURED, naming the bucket and what is missing. */
  ReplicationRuleCheck checkReplicationRule(StorageCheckRequest request);

  /**
   * Compares the replica with every blob the snapshot needs (by listing, not one HEAD per blob) and
   * returns the problems; the workflow decides whether to wait. Heartbeats the blobs compared.
   */
  ReplicaCheck checkReplica(StorageCheckRequest request);
}
