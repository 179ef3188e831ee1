package io.snapdrill.worker.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What local mode breaks before the drill, and so how the drill is expected to end. */
public enum LocalScenario {
  HAPPY("nothing is broken: the drill passes"),
  REWIND("a 7-day expiry rule over the whole replica bucket left a delete marker on a blob of the first"
      + " snapshot: fails at AUDIT_STORAGE (LIFECYCLE_RULE_COVERS_REPOSITORY) before any restore host starts"),
  REWIND_AFTER_FIX("the rule now covers only auto-purge/, but its delete marker is still there: fails with"
      + " DELETE_MARKER_HIDES_BLOB; passes with --heal auto, or --heal ask and approve-heal"),
  REPLICA_LAG("replication runs 10-25 s behind: CONFIRM_REPLICATION waits, then passes"),
  MISSING_BLOB("one shard data blob of the new snapshot never reaches the replica: fails with REPLICA_INCOMPLETE"),
  BAD_DATA("a document is lost between snapshot and restore check: fails with VERIFICATION_FAILED");

  private final String description;

  LocalScenario(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /**
   * The description when the scenario breaks one cluster among several in the same buckets: the rewind
   * rule then covers that cluster's repository prefix, not the whole bucket, or it would break them all.
   */
  public String descriptionForOneOfSeveral() {
    return this == REWIND
        ? description.replace("over the whole replica bucket", "over the cluster's repository prefix in the replica bucket")
        : description;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static LocalScenario of(String id) {
    for (LocalScenario scenario : values()) {
      if (scenario.id().equalsIgnoreCase(id.trim())) {
        return scenario;
      }
    }
    throw new IllegalArgumentException("--scenario: '" + id + "' is not one of "
        + Arrays.stream(values()).map(LocalScenario::id).collect(Collectors.joining(", ")));
  }
}
