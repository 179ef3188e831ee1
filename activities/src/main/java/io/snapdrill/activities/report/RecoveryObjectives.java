package io.snapdrill.activities.report;

import io.snapdrill.model.DrillResult;
import io.snapdrill.model.HumanDuration;
import io.snapdrill.model.Stage;
import io.snapdrill.model.StageRecord;
import io.snapdrill.model.StageStatus;
import io.snapdrill.workflows.FailoverRestoreWorkflow;
import java.util.List;

/**
 * RPO and RTO as every report format words them, with the definitions the footnotes give: one text, so
 * the Markdown and HTML reports (and an auditor comparing them) never disagree.
 */
final class RecoveryObjectives {
  private RecoveryObjectives() {}

  static final String RPO_LABEL = "RPO (restored snapshot's age at drill start)";
  static final String INTERVAL_LABEL = "RPO between snapshots (previous restorable snapshot to this one)";
  static final String RTO_LABEL = "RTO (restore host launch to verified cluster)";

  static final String RPO_DEFINITION = "RPO: how much data a disaster would lose. The age of the restored snapshot when"
      + " the drill started (0 s when the drill took its own snapshot), and, where known, the time from the"
      + " repository's previous SUCCESS snapshot to the restored one: what a disaster just before this snapshot"
      + " would have lost.";
  static final String RTO_DEFINITION = "RTO: how long recovery takes. From the start of PROVISION_HOST (launching the"
      + " restore host in the disaster-recovery region) to VERIFY passed, in three parts that add up to it: provision"
      + " (to the first restore's start), restore (to VERIFY's start; time lost on a replaced spot host counts here)"
      + " and verify. Not measured when the drill did not verify.";

  static final String FAILOVER_RTO_LABEL = "RTO (replica registered on the target to verified cluster)";
  static final String FAILOVER_RTO_DEFINITION = "RTO: how long this failover took. From the start of"
      + " REGISTER_REPOSITORY (the failover's first change to the standing target cluster; there is no restore host to"
      + " launch) to VERIFY passed, in three parts that add up to it: preparation (registering the replica repository"
      + " and checking the target's indices, to the restore's start), restore (to VERIFY's start) and verify. Not"
      + " measured when it did not verify.";

  /** What the report is of: a drill, or a failover restore ({@code snapdrill restore}), which writes the same report. */
  static String title(DrillResult r) {
    return FailoverRestoreWorkflow.isFailover(r.drillId()) ? "Failover restore" : "Restore drill";
  }

  static String rtoLabel(DrillResult r) {
    return FailoverRestoreWorkflow.isFailover(r.drillId()) ? FAILOVER_RTO_LABEL : RTO_LABEL;
  }

  static String rtoDefinition(DrillResult r) {
    return FailoverRestoreWorkflow.isFailover(r.drillId()) ? FAILOVER_RTO_DEFINITION : RTO_DEFINITION;
  }

  static String rpo(DrillResult r) {
    return HumanDuration.ofSeconds(r.rpoSeconds());
  }

  static String interval(DrillResult r) {
    return r.snapshotIntervalSeconds() == null ? "unknown" : HumanDuration.ofSeconds(r.snapshotIntervalSeconds());
  }

  /** The RTO and its parts, e.g. {@code 4 min 12 s (provision 3 min 02 s, restore 58 s, verify 12 s)}. */
  static String rto(DrillResult r) {
    if (r.rtoSeconds() == null) {
      return "n/a (the drill did not verify)";
    }
    if (r.rtoProvisionSeconds() == null) {
      return HumanDuration.ofSeconds(r.rtoSeconds());
    }
    String first = FailoverRestoreWorkflow.isFailover(r.drillId()) ? "preparation " : "provision ";
    return HumanDuration.ofSeconds(r.rtoSeconds()) + " (" + first + HumanDuration.ofSeconds(r.rtoProvisionSeconds())
        + ", restore " + HumanDuration.ofSeconds(r.rtoRestoreSeconds()) + ", verify "
        + HumanDuration.ofSeconds(r.rtoVerifySeconds()) + ")";
  }

  /**
   * The result as the report shows it: the report is written while REPORT runs, and a reader holding
   * it knows it was written, so REPORT is shown as passed, ending when the result was built.
   */
  static DrillResult asWritten(DrillResult r) {
    List<StageRecord> stages = r.stages().stream()
        .map(s -> s.stage() == Stage.REPORT && s.status() == StageStatus.RUNNING
            ? new StageRecord(s.stage(), StageStatus.PASSED, s.startedAt(), r.endedAt(), "this report", null)
            : s)
        .toList();
    return r.withStages(stages);
  }
}
