package io.snapdrill.activities.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.report.RestoreAThonReport.ClusterRow;
import io.snapdrill.activities.report.RestoreAThonReport.Coverage;
import io.snapdrill.activities.report.RestoreAThonReport.Failure;
import io.snapdrill.activities.report.RestoreAThonReport.HealApproval;
import io.snapdrill.activities.report.RestoreAThonReport.ManifestEntry;
import io.snapdrill.activities.report.RestoreAThonReport.Status;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HostCost;
import io.snapdrill.model.RunbookHints;
import io.snapdrill.model.Stage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the restore-a-thon report from the drills' summaries: reads each drill's JSON report from the
 * store (its digest goes into the manifest, its healing into the approvals), compares RPO and RTO with
 * the previous restore-a-thon, and words coverage and failures. A drill report that is missing or
 * cannot be read is a manifest entry saying so and a problem, never an exception: the report an
 * auditor gets must show what is missing rather than not exist.
 */
final class RestoreAThonEvidence {
  static final String NOT_DRILLED_HINT = "The restore-a-thon has no drill of this configured cluster: look for its"
      + " child drill (<restore-a-thon id>-<cluster>) in the restore-a-thon's workflow history, fix why it did not"
      + " run, then drill it: snapdrill drill --cluster <cluster>.";
  static final String SKIPPED_HINT = "The drill was canceled before a verdict: no evidence on this cluster's backup."
      + " Drill it again: snapdrill drill --cluster <cluster>.";

  private final ReportStore store;
  private final ObjectMapper json;

  RestoreAThonEvidence(ReportStore store) {
    this.store = store;
    this.json = ReportActivitiesImpl.jsonMapper().copy()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * @param problems evidence problems found before (summary batches); the report lists them first
   * @param previous the previous restore-a-thon's report, or null
   */
  RestoreAThonReport build(String id, Instant startedAt, Instant endedAt, List<String> configuredClusters,
      List<DrillSummary> drills, List<String> problems, PreviousRestoreAThon previous) {
    List<String> allProblems = new ArrayList<>(problems);
    Map<String, ClusterRow> previousRows = new HashMap<>();
    if (previous != null && previous.report() != null) {
      previous.report().clusters().forEach(r -> previousRows.putIfAbsent(r.cluster(), r));
    }
    if (previous != null && previous.problem() != null) {
      allProblems.add(previous.problem());
    }
    Set<String> configured = new LinkedHashSet<>(configuredClusters == null ? List.of() : configuredClusters);
    // the last drill of each cluster decides its coverage (a cluster drilled again in the same restore-a-thon)
    Map<String, DrillSummary> byCluster = new LinkedHashMap<>();
    drills.forEach(d -> byCluster.put(d.cluster(), d));

    List<ManifestEntry> manifest = new ArrayList<>();
    List<HealApproval> heals = new ArrayList<>();
    Map<String, ManifestEntry> manifestByDrill = new HashMap<>();
    ReportProgress progress = ReportProgress.current();
    for (DrillSummary d : drills) {
      DrillReportRead read = readDrillReport(d);
      progress.drillReportsRead(manifest.size() + 1, drills.size());
      manifest.add(read.entry());
      manifestByDrill.put(d.drillId(), read.entry());
      if (!read.entry().ok()) {
        allProblems.add("drill report of " + d.cluster() + " (" + d.drillId() + "): " + read.entry().state());
      }
      if (read.heal() != null) {
        heals.add(read.heal());
      }
    }

    List<ClusterRow> rows = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    int notDrilled = 0;
    for (String cluster : configured) {
      DrillSummary d = byCluster.get(cluster);
      if (d == null) {
        notDrilled++;
        rows.add(new ClusterRow(cluster, true, Status.NOT_DRILLED, null, null, null, null, null, null, null, null, null,
            null));
        failures.add(new Failure(cluster, null, null, "configured but not drilled",
            NOT_DRILLED_HINT.replace("<cluster>", cluster)));
        continue;
      }
      Status status = status(d);
      switch (status) {
        case PASSED -> passed++;
        case FAILED -> failed++;
        default -> skipped++;
      }
      rows.add(row(d, true, status, previousRows.get(cluster), manifestByDrill.get(d.drillId())));
      failure(d, status, failures);
    }
    for (DrillSummary d : drills) {
      if (!configured.contains(d.cluster())) {
        Status status = status(d);
        rows.add(row(d, false, status, previousRows.get(d.cluster()), manifestByDrill.get(d.drillId())));
        failure(d, status, failures);
      }
    }
    Coverage coverage = new Coverage(configured.size(), passed, failed, skipped, notDrilled);
    Double cost = HostCost.sumUsd(drills.stream().map(DrillSummary::hostCostUsd).toList());
    String sentence = AuditorSentence.of(coverage, startedAt, endedAt, rows, manifest);
    return new RestoreAThonReport(RestoreAThonReport.FORMAT_VERSION, id, startedAt, endedAt, sentence, coverage, cost,
        rows, failures, heals, manifest, previous == null ? null : previous.entry(), allProblems);
  }

  private static void failure(DrillSummary d, Status status, List<Failure> failures) {
    if (status == Status.FAILED) {
      failures.add(new Failure(d.cluster(), d.drillId(), d.failureType() == null ? null : d.failureType().name(),
          FailureType.withoutHint(d.failureMessage()), whatToDo(d.failureType())));
    } else if (status == Status.SKIPPED) {
      failures.add(new Failure(d.cluster(), d.drillId(), null, "drill " + (d.outcome() == null ? "without outcome"
          : d.outcome().name().toLowerCase(java.util.Locale.ROOT)), SKIPPED_HINT.replace("<cluster>", d.cluster())));
    }
  }

  private static Status status(DrillSummary d) {
    if (d.outcome() == DrillOutcome.PASSED) {
      return Status.PASSED;
    }
    return d.outcome() == DrillOutcome.FAILED ? Status.FAILED : Status.SKIPPED;
  }

  private static String whatToDo(FailureType type) {
    String hint = RunbookHints.forType(type);
    return hint != null ? hint : "Read the drill's report (its failed stage and message), fix the cause and drill"
        + " the cluster again.";
  }

  private static ClusterRow row(DrillSummary d, boolean configured, Status status, ClusterRow previous,
      ManifestEntry report) {
    return new ClusterRow(d.cluster(), configured, status, d.drillId(), d.snapshot(), d.rpoSeconds(),
        change(d.rpoSeconds(), previous == null ? null : previous.rpoSeconds()), d.snapshotIntervalSeconds(),
        d.rtoSeconds(), change(d.rtoSeconds(), previous == null ? null : previous.rtoSeconds()), d.hostCostUsd(),
        d.failureType() == null ? null : d.failureType().name(), report == null ? null : report.uri());
  }

  private static Long change(Long now, Long before) {
    return now == null || before == null ? null : now - before;
  }

  private record DrillReportRead(ManifestEntry entry, HealApproval heal) {}

  private DrillReportRead readDrillReport(DrillSummary d) {
    String uri = d.report() == null ? null : d.report().json();
    ReportStore.Read read = store.read(uri);
    if (!read.found()) {
      return new DrillReportRead(new ManifestEntry(d.drillId(), d.cluster(), uri, null, 0, read.problem()), null);
    }
    String sha256 = Sha256.hex(read.bytes());
    JsonNode tree;
    try {
      tree = json.readTree(read.bytes());
    } catch (IOException e) {
      return new DrillReportRead(new ManifestEntry(d.drillId(), d.cluster(), uri, sha256, read.bytes().length,
          "unreadable: not a JSON drill report (" + e.getMessage() + ")"), null);
    }
    String reportedId = tree.path("drillId").asText(null);
    if (!d.drillId().equals(reportedId)) {
      return new DrillReportRead(new ManifestEntry(d.drillId(), d.cluster(), uri, sha256, read.bytes().length,
          "another drill's report: it names " + reportedId), null);
    }
    ManifestEntry entry = new ManifestEntry(d.drillId(), d.cluster(), uri, sha256, read.bytes().length,
        ManifestEntry.OK);
    return new DrillReportRead(entry, heal(d, tree));
  }

  /** The drill's healing, when it removed markers (a dry run removed none and needs no approval). */
  private HealApproval heal(DrillSummary d, JsonNode tree) {
    JsonNode node = tree.get("heal");
    if (node == null || node.isNull()) {
      return null;
    }
    HealReport heal;
    try {
      heal = json.treeToValue(node, HealReport.class);
    } catch (IOException e) {
      return null;
    }
    if (heal.dryRun() || heal.removed() == null || heal.removed().isEmpty()) {
      return null;
    }
    Instant healedAt = null;
    for (JsonNode stage : tree.path("stages")) {
      if (Stage.AUDIT_STORAGE.name().equals(stage.path("stage").asText()) && stage.hasNonNull("endedAt")) {
        healedAt = Instant.parse(stage.get("endedAt").asText());
      }
    }
    return new HealApproval(d.cluster(), d.drillId(), heal.approvedBy(), heal.approverIdentity(), healedAt,
        heal.markersRemoved(),
        heal.removedMarkers().stream().map(m -> m.bucket() + "/" + m.key() + " " + m.versionId()).toList(),
        heal.restoredVersions().stream().map(v -> v.bucket() + "/" + v.key() + " " + v.versionId()).toList());
  }
}
