package io.snapdrill.activities.report;

import static io.snapdrill.activities.report.RestoreAThonFixtures.END;
import static io.snapdrill.activities.report.RestoreAThonFixtures.START;
import static io.snapdrill.activities.report.RestoreAThonFixtures.drill;
import static io.snapdrill.activities.report.RestoreAThonFixtures.passed;
import static io.snapdrill.activities.report.RestoreAThonFixtures.reported;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.activities.report.RestoreAThonReport.Status;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore-a-thon report from drill reports in a real report directory. */
class RestoreAThonReportTest {
  @TempDir Path tmp;

  private Path reportsDir() {
    return tmp.resolve("reports");
  }

  private ReportActivitiesImpl drillReports() {
    return new ReportActivitiesImpl(reportsDir());
  }

  private RestoreAThonReports reports() {
    return new RestoreAThonReports(ReportStore.local(reportsDir()));
  }

  @Test
  void coversEveryConfiguredClusterWithItsFailuresCostHealingManifestAndOneSentence() throws Exception {
    ReportActivitiesImpl drills = drillReports();
    DrillResult healedBase = DrillReportHealTest.healedDrill();
    DrillResult healed = drill("search", DrillOutcome.PASSED, null, null, 1800L, 300L, 0.5, healedBase.heal());
    List<DrillSummary> summaries = List.of(
        reported(drills, passed("billing", 3600, 600, 1.25)),
        reported(drills, healed),
        reported(drills, drill("logs-prod", DrillOutcome.FAILED, FailureType.VERIFICATION_FAILED,
            "index logs-2027.01: 3 of 4 documents are missing", 7200L, null, 0.25, null)));

    RestoreAThonReport report = reports().build("restore-a-thon-q1", START, END,
        List.of("billing", "search", "logs-prod", "payments"), summaries, List.of());

    assertThat(report.coverage()).isEqualTo(new RestoreAThonReport.Coverage(4, 2, 1, 0, 1));
    assertThat(report.summary()).isEqualTo("2 of 4 configured clusters were restored and verified in the"
        + " disaster-recovery region between 2027-01-04 06:00 UTC and 2027-01-04 18:22 UTC;"
        + " 1 failed (logs-prod: VERIFICATION_FAILED); 1 was not drilled (payments).");
    assertThat(report.clusters()).extracting(RestoreAThonReport.ClusterRow::cluster, RestoreAThonReport.ClusterRow::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("billing", Status.PASSED),
            org.assertj.core.groups.Tuple.tuple("search", Status.PASSED),
            org.assertj.core.groups.Tuple.tuple("logs-prod", Status.FAILED),
            org.assertj.core.groups.Tuple.tuple("payments", Status.NOT_DRILLED));
    assertThat(report.hostCostUsd()).isEqualTo(2.0);
    assertThat(report.failures()).hasSize(2);
    assertThat(report.failures().get(0).message()).isEqualTo("index logs-2027.01: 3 of 4 documents are missing");
    assertThat(report.failures().get(0).whatToDo()).contains("per-index verdicts");
    assertThat(report.failures().get(1).cluster()).isEqualTo("payments");
    assertThat(report.failures().get(1).whatToDo()).contains("snapdrill drill --cluster payments");

    assertThat(report.healApprovals()).singleElement().satisfies(a -> {
      assertThat(a.cluster()).isEqualTo("search");
      assertThat(a.approvedBy()).isEqualTo("alice");
      assertThat(a.approverIdentity()).isEqualTo("4242@ops-bastion");
      assertThat(a.markersRemoved()).isEqualTo(2);
      assertThat(a.removedMarkers()).hasSize(2).allMatch(m -> m.endsWith(" marker-3") || m.endsWith(" marker-2"));
      assertThat(a.restoredVersions()).singleElement().asString().endsWith(" v-1");
      assertThat(a.healedAt()).isNotNull();
    });

    assertThat(report.manifest()).hasSize(3).allMatch(RestoreAThonReport.ManifestEntry::ok);
    for (RestoreAThonReport.ManifestEntry e : report.manifest()) {
      byte[] bytes = Files.readAllBytes(Path.of(e.uri()));
      assertThat(e.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      assertThat(e.bytes()).isEqualTo(bytes.length);
    }
    assertThat(report.problems()).isEmpty();
    assertThat(report.previous()).isNull();
  }

  @Test
  void writesJsonMarkdownHtmlAndASha256sumManifestInTheRestoreAThonsFolder() throws Exception {
    DrillSummary billing = reported(drillReports(), passed("billing", 3600, 600, 1.25));

    ReportLocation written = reports().write("restore-a-thon-q1", START, END, List.of("billing", "payments"),
        List.of(billing));

    Path dir = reportsDir().resolve("restore-a-thon-q1");
    assertThat(written.json()).isEqualTo(dir.resolve("restore-a-thon-report.json").toString());
    JsonNode json = ReportActivitiesImpl.jsonMapper().readTree(Path.of(written.json()).toFile());
    assertThat(json.get("formatVersion").asInt()).isEqualTo(2);
    assertThat(json.at("/coverage/notDrilled").asInt()).isEqualTo(1);
    assertThat(json.at("/manifest/0/sha256").asText()).hasSize(64);
    assertThat(Files.readString(Path.of(written.markdown()))).contains("# Restore-a-thon restore-a-thon-q1",
        "| payments | **NOT DRILLED** |", "1 of 2 configured clusters", "## Manifest", "What to do:");
    assertThat(Files.readString(dir.resolve("restore-a-thon-manifest.sha256")))
        .isEqualTo(json.at("/manifest/0/sha256").asText() + "  " + billing.report().json() + "\n");
    assertThat(Files.list(reportsDir().resolve("restore-a-thons")).map(p -> p.getFileName().toString()).toList())
        .containsExactly("20270104T060000Z_restore-a-thon-q1.json");
  }

  @Test
  void aMissingReportOrOneOfAnotherDrillIsShownNotFatal() throws Exception {
    ReportActivitiesImpl drills = drillReports();
    DrillSummary billing = reported(drills, passed("billing", 3600, 600, 1.25));
    DrillSummary search = reported(drills, passed("search", 3600, 600, 1.25));
    Files.delete(Path.of(billing.report().json()));
    // search's summary points at payments' report
    DrillSummary payments = reported(drills, passed("payments", 60, 60, 0.1));
    DrillSummary misdirected = new DrillSummary(search.drillId(), search.cluster(), search.outcome(), null, null,
        search.snapshot(), search.rpoSeconds(), null, search.rtoSeconds(), search.hostCostUsd(), payments.report());
    DrillSummary unwritten = new DrillSummary("restore-a-thon-q1-audit", "audit", DrillOutcome.FAILED,
        FailureType.STAGE_ERROR, "worker lost", null, null, null, null, null, null);

    RestoreAThonReport report = reports().build("restore-a-thon-q1", START, END,
        List.of("billing", "search", "audit"), List.of(billing, misdirected, unwritten), List.of());

    assertThat(report.manifest()).extracting(RestoreAThonReport.ManifestEntry::state).containsExactly(
        "missing: no file " + billing.report().json(), "another drill's report: it names restore-a-thon-q1-payments",
        "no report was written");
    assertThat(report.manifest().get(0).sha256()).isNull();
    assertThat(report.problems()).hasSize(3);
    assertThat(report.summary()).endsWith("; 3 drill reports are missing or unreadable (see the manifest).");
    assertThat(RestoreAThonReportMarkdown.render(report)).contains("## Evidence problems", "**missing: no file");
  }

  @Test
  void showsRpoAndRtoChangesSinceThePreviousRestoreAThon() {
    ReportActivitiesImpl drills = drillReports();
    reports().write("restore-a-thon-q4", START.minus(Duration.ofDays(91)), END.minus(Duration.ofDays(91)),
        List.of("billing", "search"), List.of(reported(drills, passed("billing", 3600, 600, 1.0))));
    // an older one, which must not be the one compared with
    reports().write("restore-a-thon-q3", START.minus(Duration.ofDays(182)), END.minus(Duration.ofDays(182)),
        List.of("billing"), List.of(reported(drills, passed("billing", 100, 100, 1.0))));

    RestoreAThonReport report = reports().build("restore-a-thon-q1", START, END, List.of("billing", "search"),
        List.of(reported(drills, passed("billing", 3000, 750, 1.0)), reported(drills, passed("search", 10, 10, 1.0))),
        List.of());

    assertThat(report.previous().restoreAThonId()).isEqualTo("restore-a-thon-q4");
    assertThat(report.clusters().get(0).rpoChangeSeconds()).isEqualTo(-600L);
    assertThat(report.clusters().get(0).rtoChangeSeconds()).isEqualTo(150L);
    assertThat(report.clusters().get(1).rpoChangeSeconds()).as("search was not drilled last time").isNull();
    assertThat(report.problems()).isEmpty();
    assertThat(RestoreAThonReportMarkdown.render(report)).contains("| -10 min 00 s |", "| +2 min 30 s |");
  }

  @Test
  void aPreviousReportChangedSinceItWasWrittenIsNamedAndNotComparedWith() throws Exception {
    ReportActivitiesImpl drills = drillReports();
    ReportLocation q4 = reports().write("restore-a-thon-q4", START.minus(Duration.ofDays(91)),
        END.minus(Duration.ofDays(91)), List.of("billing"), List.of(reported(drills, passed("billing", 3600, 600, 1.0))));
    Path json = Path.of(q4.json());
    Files.writeString(json, Files.readString(json).replace("\"rpoSeconds\" : 3600", "\"rpoSeconds\" : 60"));

    RestoreAThonReport report = reports().build("restore-a-thon-q1", START, END, List.of("billing"),
        List.of(reported(drills, passed("billing", 3000, 750, 1.0))), List.of());

    assertThat(report.previous().restoreAThonId()).isEqualTo("restore-a-thon-q4");
    assertThat(report.clusters().get(0).rpoChangeSeconds()).isNull();
    assertThat(report.problems()).singleElement().asString().contains("restore-a-thon-q4", "SHA-256",
        "changed since", "no RPO/RTO changes shown");
  }

  @Test
  void theActivityReadsTheDrillSummariesFromTheirStoredBatches() throws Exception {
    ReportActivitiesImpl drills = drillReports();
    RestoreAThonReports reports = reports();
    StoredEvidence first = reports.storeDrillSummaries("restore-a-thon-q1", 0,
        List.of(reported(drills, passed("billing", 3600, 600, 1.0)), reported(drills, passed("search", 60, 60, 1.0))));
    StoredEvidence second = reports.storeDrillSummaries("restore-a-thon-q1", 1,
        List.of(reported(drills, drill("logs-prod", DrillOutcome.FAILED, FailureType.RESTORE_FAILED, "no disk",
            60L, null, null, null))));
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.uri()).endsWith("restore-a-thon-q1/drill-summaries-0000.json");
    // a batch changed after the workflow recorded its digest
    Path batch = Path.of(second.uri());
    Files.writeString(batch, Files.readString(batch).replace("no disk", "fine"));

    ReportLocation written = reports.writeRestoreAThonReport(new RestoreAThonReportRequest("restore-a-thon-q1", START,
        END, List.of("billing", "search", "logs-prod"), List.of(first, second)));

    JsonNode json = ReportActivitiesImpl.jsonMapper().readTree(Path.of(written.json()).toFile());
    assertThat(json.at("/coverage/passed").asInt()).isEqualTo(2);
    assertThat(json.at("/coverage/failed").asInt()).isEqualTo(1);
    assertThat(json.get("manifest")).hasSize(3);
    assertThat(json.get("problems")).singleElement().extracting(JsonNode::asText).asString()
        .contains("drill-summaries-0001.json", "differs from the " + second.sha256());
  }

  @Test
  void aMissingSummaryBatchIsAProblemAndItsClustersAreNotDrilled() throws Exception {
    RestoreAThonReports reports = reports();
    StoredEvidence lost = new StoredEvidence(reportsDir().resolve("restore-a-thon-q1/drill-summaries-0000.json")
        .toString(), "00", 2);

    ReportLocation written = reports.writeRestoreAThonReport(new RestoreAThonReportRequest("restore-a-thon-q1", START,
        END, List.of("billing"), List.of(lost)));

    JsonNode json = ReportActivitiesImpl.jsonMapper().readTree(Path.of(written.json()).toFile());
    assertThat(json.at("/coverage/notDrilled").asInt()).isEqualTo(1);
    assertThat(json.at("/problems/0").asText()).contains("missing", "its drills are not in this report");
  }
}
