package io.snapdrill.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.BlobProblem;
import io.snapdrill.model.BlobProblemKind;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealDecision;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.RemovedMarker;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoredVersion;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StoredEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A healed drill's report as an auditor reads it: what healing removed, the version it brought back and
 * whose approval allowed it; blobs it brought back are no longer called hidden; delete markers no
 * snapshot needs are counted, not listed one by one.
 */
class DrillReportHealTest {
  private static final String PRIMARY = "logs-snapshots";
  private static final String KEY = "prod/logs/indices/Xy/0/__first";
  private static final int NEEDLESS = 250;

  @TempDir Path tmp;

  @Test
  void theHealSectionNamesTheMarkerRemovedTheVersionBroughtBackAndTheApprover() throws Exception {
    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(healedDrill());
    String md = Files.readString(Path.of(written.markdown()));
    String html = Files.readString(Path.of(written.html()));

    for (String report : List.of(md, html)) {
      assertThat(report).contains("Healing", "s3://" + PRIMARY + "/" + KEY, "marker-3", "marker-2", "v-1",
          "snap-1, snap-2", "alice", "4242@ops-bastion", "Removed 2 delete marker(s) over 1 blob(s)");
    }
    assertThat(md).contains("| blob | delete markers removed | version brought back | needed by |",
        "| `s3://" + PRIMARY + "/" + KEY + "` | `marker-3`, `marker-2` | `v-1` | snap-1, snap-2 |");
    assertThat(html).contains("<th>version brought back</th>");
  }

  @Test
  void aBlobHealingBroughtBackIsNotCalledHiddenAnyMore() throws Exception {
    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(healedDrill());
    String md = Files.readString(Path.of(written.markdown()));
    String html = Files.readString(Path.of(written.html()));

    for (String report : List.of(md, html)) {
      assertThat(report).contains("all present after healing")
          .contains("s3://" + PRIMARY + "/" + KEY + " was hidden by a delete marker; healed")
          .doesNotContain(KEY + " is hidden by a delete marker");
    }
  }

  @Test
  void deleteMarkersNoSnapshotNeedsAreCountedNotListed() throws Exception {
    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(healedDrill());
    String md = Files.readString(Path.of(written.markdown()));
    String html = Files.readString(Path.of(written.html()));

    for (String report : List.of(md, html)) {
      assertThat(report).contains(NEEDLESS + " delete markers over blobs no snapshot needs")
          .doesNotContain("__leftover-0", "__leftover-249", "no snapshot needs it)");
    }
    assertThat(md).contains("delete marker on `prod/logs/indices/Zq/0/__needed` breaks snap-3");
    assertThat(html).contains("prod/logs/indices/Zq/0/__needed");
  }

  @Test
  void markersTheAuditCountedButDidNotCarryAreCountedToo() {
    BucketAudit bucket = new BucketAudit("primary", PRIMARY, "prod/logs", "Enabled", List.of(),
        List.of(new DeleteMarker(PRIMARY, "prod/logs/indices/stray/0/__leftover-0", "m0", "v0", List.of())), 4_999);

    assertThat(HealEvidence.needless(bucket)).startsWith("5000 delete markers over blobs no snapshot needs");
  }

  @Test
  void aDryRunSaysWhatHealingWouldDoAndThatNothingChanged() throws Exception {
    DrillResult healed = healedDrill();
    HealReport dryRun = new HealReport(true, healed.heal().removed(), List.of(unhealable()), List.of(), 0, List.of());
    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(withHeal(healed, dryRun));
    String md = Files.readString(Path.of(written.markdown()));
    String html = Files.readString(Path.of(written.html()));

    for (String report : List.of(md, html)) {
      assertThat(report).contains("Dry run (nothing changed): would remove the delete marker(s) over 1 blob(s)",
          "version it would bring back", "v-1", "Cannot be healed", "prod/logs/indices/Zz/0/__gone",
          "no earlier version to bring back").doesNotContain("Removed ", "approved by");
    }
  }

  @Test
  void aHealNobodyHadToApproveSaysSo() throws Exception {
    DrillResult healed = healedDrill();
    HealReport h = healed.heal();
    HealReport auto = new HealReport(false, h.removed(), h.unhealable(), h.removedMarkers(), h.removedMarkerCount(),
        h.restoredVersions());
    String md = DrillReportMarkdown.render(withHeal(healed, auto));

    assertThat(md).contains("without an operator's approval (heal policy auto)");
  }

  @Test
  void aHealRecordedBeforeTheRestoredVersionsExistedShowsTheVersionTheAuditFoundUnderTheMarker() throws Exception {
    DrillResult healed = healedDrill();
    HealReport h = healed.heal();
    HealReport old = new HealReport(false, h.removed(), List.of(), h.approvedBy(), h.approverIdentity(),
        h.removedMarkers(), h.removedMarkerCount(), null);
    String md = DrillReportMarkdown.render(withHeal(healed, old));

    assertThat(md).contains("| `marker-3`, `marker-2` | `v-1` (under the marker when audited) |");
  }

  @Test
  void aReplicaCheckThatListsOnlySomeProblemsShowsThemAndLinksTheStoredEvidence() throws Exception {
    List<BlobProblem> all = IntStream.range(0, 20_000)
        .mapToObj(i -> new BlobProblem("logs-snapshots-dr", "prod/logs/indices/Xy/0/__missing-" + i, BlobProblemKind.MISSING, 10, -1))
        .toList();
    Path evidenceFile = tmp.resolve("drill-1/evidence/replica-check-9-problems.json");
    StoredEvidence evidence = new StoredEvidence(evidenceFile.toString(), "5f".repeat(32), 20_000);
    ReplicaCheck bounded = new ReplicaCheck("logs-snapshots-dr", 20_120, 1_048_576, all, null).bounded(evidence);
    DrillResult r = healedDrill();
    DrillResult drill = new DrillResult(r.drillId(), r.cluster(), DrillOutcome.FAILED, FailureType.REPLICA_INCOMPLETE, null,
        r.snapshot(), r.stages(), r.startedAt(), r.endedAt(), r.rpoSeconds(), null, null, null, null, null, null, bounded,
        null, null, r.hosts(), null, null, null, List.of(), null);

    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(drill);
    String md = Files.readString(Path.of(written.markdown()));
    String html = Files.readString(Path.of(written.html()));

    for (String report : List.of(md, html)) {
      assertThat(report).contains("20000 problem(s); the first " + ReplicaCheck.LISTED + " are listed")
          .contains("__missing-19 is missing").doesNotContain("__missing-20 ")
          .contains("all 20000 in ").contains("5f".repeat(32));
    }
    assertThat(md).contains("all 20000 in " + evidenceFile + " (SHA-256 " + "5f".repeat(32) + ")");
    assertThat(html).contains("<a href=\"" + evidenceFile.toUri() + "\">");
  }

  /**
   * A lifecycle expiry hid 7,000 needed blobs: the audit lists 20, healing names 100 and both count the rest;
   * each report shows those examples and links the stored lists like the other bounded payloads.
   */
  @Test
  void anAuditAndAHealThatListOnlySomeMarkersShowThemAndLinkTheStoredEvidence() throws Exception {
    List<DeleteMarker> hiding = IntStream.range(0, 7_000)
        .mapToObj(i -> new DeleteMarker(PRIMARY, "prod/logs/indices/Xy/0/__expired-" + i, "m-" + i, "v-" + i, List.of("snap-1")))
        .toList();
    StoredEvidence auditEvidence = new StoredEvidence(tmp.resolve("drill-1/evidence/storage-audit-5-primary-needed-markers.json")
        .toString(), "a1".repeat(32), 7_000);
    StoredEvidence healEvidence = new StoredEvidence(tmp.resolve("drill-1/evidence/heal-6-removed.json").toString(),
        "b2".repeat(32), 7_000);
    BucketAudit bucket = new BucketAudit("primary", PRIMARY, "prod/logs", "Enabled", List.of(), hiding, 0).bounded(auditEvidence);
    HealReport heal = new HealReport(false, hiding, List.of(), List.of(), 7_000, List.of()).bounded(healEvidence, null);
    DrillResult r = healedDrill();
    DrillResult drill = new DrillResult(r.drillId(), r.cluster(), DrillOutcome.FAILED, FailureType.DELETE_MARKER_HIDES_BLOB,
        null, r.snapshot(), r.stages(), r.startedAt(), r.endedAt(), r.rpoSeconds(), null, null, null, null, null, null, null,
        new StorageAudit(List.of(bucket)), heal, r.hosts(), null, null, null, List.of(), null);

    ReportLocation written = new ReportActivitiesImpl(tmp).writeDrillReport(drill);
    String md = Files.readString(Path.of(written.markdown()));
    String html = Files.readString(Path.of(written.html()));

    for (String report : List.of(md, html)) {
      String code = report == md ? "`" : "</code>";
      assertThat(report).contains("prod/logs/indices/Xy/0/__expired-19" + code + " breaks snap-1")
          .doesNotContain("__expired-20" + code + " breaks")
          .contains("__expired-99" + code).doesNotContain("__expired-100" + code)
          .contains("and 6980 more delete marker(s) over blobs snapshots need (7000 in all)")
          .contains("all 7000 in ").contains("a1".repeat(32))
          .contains("Removed 7000 delete marker(s) over 7000 blob(s)")
          .contains("and 6900 more blobs (all 7000 in ").contains("b2".repeat(32));
    }
    assertThat(md).contains("all 7000 in " + auditEvidence.uri() + " (SHA-256 " + "a1".repeat(32) + ")");
    assertThat(html).contains("<a href=\"" + Path.of(auditEvidence.uri()).toUri() + "\">",
        "<a href=\"" + Path.of(healEvidence.uri()).toUri() + "\">");
  }

  /** An ASK drill alice approved: two markers stacked on one blob removed, version v-1 current again. */
  static DrillResult healedDrill() {
    DrillResult base = DrillReportHtmlTest.failedDrill();
    DeleteMarker marker = new DeleteMarker(PRIMARY, KEY, "marker-3", "v-1", List.of("snap-1", "snap-2"));
    HealReport heal = new HealReport(false, List.of(marker), List.of(),
            List.of(new RemovedMarker(PRIMARY, KEY, "marker-3"), new RemovedMarker(PRIMARY, KEY, "marker-2")), 2,
            List.of(new RestoredVersion(PRIMARY, KEY, "v-1")))
        .approvedBy(new HealDecision(true, "alice", "INC-42", "4242@ops-bastion"));
    ReplicaCheck replica = new ReplicaCheck("logs-snapshots-dr", 120, 1_048_576,
        List.of(new BlobProblem(PRIMARY, KEY, BlobProblemKind.HIDDEN_BY_DELETE_MARKER, 4096, -1)), null);
    List<DeleteMarker> markers = new ArrayList<>();
    markers.add(new DeleteMarker(PRIMARY, "prod/logs/indices/Zq/0/__needed", "m-n", "v-n", List.of("snap-3")));
    IntStream.range(0, NEEDLESS).forEach(i ->
        markers.add(new DeleteMarker(PRIMARY, "prod/logs/indices/stray/0/__leftover-" + i, "m" + i, "v" + i, List.of())));
    StorageAudit audit = new StorageAudit(List.of(
        new BucketAudit("primary", PRIMARY, "prod/logs", "Enabled", List.of(), markers),
        new BucketAudit("replica", "logs-snapshots-dr", "prod/logs", "Enabled", List.of(), List.of())));
    return new DrillResult(base.drillId(), base.cluster(), DrillOutcome.PASSED, null, null, base.snapshot(),
        base.stages(), base.startedAt(), base.endedAt(), 3600L, null, null, null, null, null, null, replica, audit,
        heal, base.hosts(), null, base.restore(), base.verification(), List.of(), null);
  }

  private static DeleteMarker unhealable() {
    return new DeleteMarker(PRIMARY, "prod/logs/indices/Zz/0/__gone", "m-g", null, List.of("snap-1"));
  }

  private static DrillResult withHeal(DrillResult r, HealReport heal) {
    return new DrillResult(r.drillId(), r.cluster(), r.outcome(), heal.dryRun() ? FailureType.DELETE_MARKER_HIDES_BLOB
        : null, null, r.snapshot(), r.stages(), r.startedAt(), r.endedAt(), r.rpoSeconds(), null, null, null, null,
        null, null, r.replicaCheck(), r.storageAudit(), heal, r.hosts(), null, r.restore(), r.verification(),
        List.of(), null);
  }
}
