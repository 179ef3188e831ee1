package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything a drill found: what the report shows and what a failed workflow carries as the details
 * of its failure.
 *
 * @param failureType why the drill failed, or null while it runs or when it passed
 * @param rpoSeconds the restored snapshot's age when the drill started: the data a disaster at drill
 *     start would have lost (0 when the drill took its own snapshot)
 * @param snapshotIntervalSeconds time from the previous restorable (SUCCESS) snapshot in the repository
 *     to the restored one: the data a disaster just before the restored snapshot would have lost; null
 *     when unknown (no earlier snapshot, or a history written before it was recorded)
 * @param rtoSeconds the first PROVISION_HOST's start to VERIFY passed: the time to a verified cluster
 *     in the disaster-recovery region, or null when the drill never verified
 * @param rtoProvisionSeconds the RTO's first part: first PROVISION_HOST start to first RESTORE start
 *     (the three parts add up to the RTO; each is null when the RTO is)
 * @param rtoRestoreSeconds the RTO's second part: first RESTORE start to VERIFY start (time lost on a
 *     replaced restore host counts here)
 * @param rtoVerifySeconds the RTO's last part: VERIFY start to verified
 * @param hostCostUsd estimated cost of the drill's restore hosts: each host's hourly price (the spot
 *     price EC2 quoted at launch, or the configured on-demand price) times the time from asking for it
 *     to its confirmed termination, so an upper bound; null when no host had a known price (local hosts)
 */
public record DrillResult(
    String drillId,
    String cluster,
    DrillOutcome outcome,
    FailureType failureType,
    String failureMessage,
    SnapshotInfo snapshot,
    List<StageRecord> stages,
    Instant startedAt,
    Instant endedAt,
    Long rpoSeconds,
    Long snapshotIntervalSeconds,
    Long rtoSeconds,
    Long rtoProvisionSeconds,
    Long rtoRestoreSeconds,
    Long rtoVerifySeconds,
    ReplicationRuleCheck replicationRule,
    ReplicaCheck replicaCheck,
    StorageAudit storageAudit,
    HealReport heal,
    List<RestoreHost> hosts,
    Double hostCostUsd,
    RestoreResult restore,
    VerificationReport verification,
    List<String> warnings,
    ReportLocation report) {

  /** Characters of the failure message a result keeps (its start and its end, which says what to do). */
  public static final int MESSAGE_CHARS = 4_000;
  /** Characters a result keeps of each stage's detail and each warning. */
  public static final int TEXT_CHARS = 1_000;
  /** Warnings a result lists; a last line counts the rest. */
  public static final int WARNINGS_LISTED = 20;

  /**
   * A drill that failed before it could produce a result of its own (it could not start, or died
   * without one): only who, what and why are known.
   */
  public static DrillResult failedEarly(String drillId, String cluster, FailureType type, String message) {
    return new DrillResult(drillId, cluster, DrillOutcome.FAILED, type, message, null, List.of(), null, null,
        null, null, null, null, null, null, null, null, null, null, List.of(), null, null, null, List.of(), null).bounded();
  }

  /**
   * This result as a payload (the workflow's result or the details of its failure, and the report's input),
   * under 64 KB whatever failed: the failure message, each stage's detail and each warning cut in the
   * middle with how much was left out, at most {@link #WARNINGS_LISTED} warnings and a line counting the
   * rest, and the snapshot's, the restore's and VERIFY's lists bounded as their own payloads are (a result
   * whose activities ran before those bounds). Bounding a bounded result changes nothing.
   */
  public DrillResult bounded() {
    List<StageRecord> shownStages = stages == null ? null : stages.stream().map(s -> s.detail() == null
        || s.detail().length() <= TEXT_CHARS ? s
        : new StageRecord(s.stage(), s.status(), s.startedAt(), s.endedAt(), capped(s.detail(), TEXT_CHARS), s.failureType())).toList();
    List<String> shownWarnings = warnings;
    if (warnings != null) {
      // one line more than listed is as short as the line that would count it
      shownWarnings = warnings.stream().limit(warnings.size() <= WARNINGS_LISTED + 1 ? warnings.size() : WARNINGS_LISTED)
          .map(w -> capped(w, TEXT_CHARS)).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
      if (warnings.size() > WARNINGS_LISTED + 1) {
        shownWarnings.add("and " + (warnings.size() - WARNINGS_LISTED) + " more warnings");
      }
      shownWarnings = List.copyOf(shownWarnings);
    }
    SnapshotInfo shownSnapshot = snapshot == null || snapshot.indices().size() <= SnapshotInfo.LISTED ? snapshot
        : snapshot.bounded(snapshot.indexEvidence());
    RestoreResult shownRestore = restore == null || restore.indices().size() <= RestoreResult.LISTED ? restore : restore.bounded();
    VerificationReport shownVerification = verification == null || verification.indices().size() <= VerificationReport.LISTED
        ? verification : verification.bounded(verification.verdictEvidence());
    return new DrillResult(drillId, cluster, outcome, failureType, capped(failureMessage, MESSAGE_CHARS), shownSnapshot,
        shownStages, startedAt, endedAt, rpoSeconds, snapshotIntervalSeconds, rtoSeconds, rtoProvisionSeconds,
        rtoRestoreSeconds, rtoVerifySeconds, replicationRule, replicaCheck, storageAudit, heal, hosts, hostCostUsd,
        shownRestore, shownVerification, shownWarnings, report);
  }

  /**
   * {@code text} in at most {@code max} characters: its start and its end, with how many characters
   * between them were left out (never half of a character outside the BMP).
   */
  public static String capped(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    String marker = " […" + (text.length() - max) + " characters left out…] ";
    int keep = Math.max(2, max - marker.length() - 10); // the count in the marker may grow by a few digits below
    int head = keep * 3 / 4;
    int tail = keep - head;
    if (Character.isHighSurrogate(text.charAt(head - 1))) {
      head--;
    }
    int tailStart = text.length() - tail;
    if (Character.isLowSurrogate(text.charAt(tailStart))) {
      tailStart++;
    }
    return text.substring(0, head) + " […" + (tailStart - head) + " characters left out…] " + text.substring(tailStart);
  }

  public DrillResult withReport(ReportLocation location) {
    return with(stages, location);
  }

  public DrillResult withStages(List<StageRecord> shown) {
    return with(shown, report);
  }

  private DrillResult with(List<StageRecord> shown, ReportLocation location) {
    return new DrillResult(drillId, cluster, outcome, failureType, failureMessage, snapshot, shown,
        startedAt, endedAt, rpoSeconds, snapshotIntervalSeconds, rtoSeconds, rtoProvisionSeconds, rtoRestoreSeconds,
        rtoVerifySeconds, replicationRule, replicaCheck, storageAudit, heal,
        hosts, hostCostUsd, restore, verification, warnings, location);
  }
}
