package io.snapdrill.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What on-call should look at and do for each typed failure. Reports show it next to the failure;
 * the drill's failure message can append it so the workflow history carries it too.
 */
public final class RunbookHints {
  private static final Map<FailureType, String> HINTS = hints();

  private static Map<FailureType, String> hints() {
    Map<FailureType, String> hints = new EnumMap<>(FailureType.class);
    hints.put(FailureType.SNAPSHOT_FAILED, "Look at GET _snapshot/<repository>/<snapshot> on the source cluster"
        + " (failures[].reason) and its log; check the repository's S3 credentials and s3:PutObject permission."
        + " Fix the cause, then take a new snapshot (snapdrill drill --cluster <name>).");
    hints.put(FailureType.SNAPSHOT_PARTIAL, "Some shards were not snapshotted: the failures[] of the snapshot name"
        + " the index and shard, usually unassigned or red at snapshot time. Make the index green and snapshot"
        + " again; a partial snapshot cannot restore those shards.");
    hints.put(FailureType.REPLICATION_NOT_CONFIGURED, "Look at the primary bucket's replication configuration"
        + " (aws s3api get-bucket-replication): no enabled rule covers the repository prefix. Add or enable a rule"
        + " for the prefix to the replica bucket (infra-terraform), versioning on in both buckets.");
    hints.put(FailureType.REPLICA_INCOMPLETE, "The replica lacks blobs the snapshot needs (keys in the report)."
        + " Look at their x-amz-replication-status in the primary bucket (FAILED or PENDING) and the bucket's"
        + " replication metrics; objects written before the rule existed need S3 Batch Replication. Then re-run"
        + " with snapdrill drill --snapshot <uuid>.");
    hints.put(FailureType.LIFECYCLE_RULE_COVERS_REPOSITORY, "The named lifecycle rule can expire or archive"
        + " repository blobs, which silently breaks every later snapshot. Narrow its filter away from the"
        + " repository prefix, or drop its expiration and Glacier/Deep Archive transitions.");
    hints.put(FailureType.DELETE_MARKER_HIDES_BLOB, "A delete marker is the latest version of a blob the snapshot"
        + " needs (aws s3api list-object-versions --prefix <key>). Find what made it (lifecycle expiry, a"
        + " cleanup job) and stop it; then remove the marker: snapdrill drill --heal ask, or delete the"
        + " marker's version id.");
    hints.put(FailureType.VERSIONING_DISABLED, "Versioning is off or suspended on the named bucket: overwritten or"
        + " deleted blobs cannot be recovered and replication needs it. Enable it (aws s3api"
        + " put-bucket-versioning --versioning-configuration Status=Enabled).");
    hints.put(FailureType.SPOT_CAPACITY_UNAVAILABLE, "No spot capacity for any configured instance type and"
        + " subnet. Add instance types or subnets in other availability zones to restoreHost, enable"
        + " onDemandFallback, or re-run later.");
    hints.put(FailureType.RESTORE_FAILED, "Look at the restore host's GET _cat/recovery?v and"
        + " _cluster/allocation/explain and its log: a snapshot from a newer version than the restore host,"
        + " missing or corrupt blobs, or too little disk or heap. Fix and re-run with --snapshot <uuid>.");
    hints.put(FailureType.VERIFICATION_FAILED, "The restored data differs from what the snapshot recorded: read the"
        + " per-index verdicts (document counts, mapping fingerprints, sample documents). If the verification"
        + " spec is too strict, adjust its tolerance; if data is really missing, the backup cannot be trusted:"
        + " escalate to the cluster's owners.");
    hints.put(FailureType.TARGET_INDICES_OPEN, "The target cluster has open indices with the names this restore"
        + " would write (listed in the message); a restore never overwrites an open index. Restore beside them with"
        + " --rename-pattern '(.+)' --rename-replacement 'restored-$1', or, if they are to be replaced, re-run with"
        + " --close-existing (it closes them first and the restore overwrites them).");
    hints.put(FailureType.TEARDOWN_INCOMPLETE, "A restore host may still be running and costing money: find the"
        + " instances tagged with this drill's workflow id in the DR region and terminate them; the janitor"
        + " schedule retries every hour.");
    hints.put(FailureType.CONFIGURATION_INVALID, "The worker's snapdrill.yaml lacks what this step needs (the"
        + " message names the field). Fix the file on every worker, restart them, and re-run the drill.");
    hints.put(FailureType.STAGE_ERROR, "The stage gave up after its retries (timeouts, unreachable endpoint,"
        + " throttling, credentials): no verdict on the backup. Look at the failed activity's last failure and"
        + " heartbeat details in the Temporal UI, fix reachability or credentials, and re-run.");
    hints.put(FailureType.RESTORE_HOST_LOST, "The restore host vanished (spot interruption) more often than"
        + " drill.maxHostReplacements allows. Enable onDemandFallback or add instance types, then re-run.");
    return Collections.unmodifiableMap(hints);
  }

  private RunbookHints() {}

  /** The hint for a failure type, or null for none (a drill that has not failed). */
  public static String forType(FailureType type) {
    return HINTS.get(type);
  }
}
