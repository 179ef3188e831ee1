package io.snapdrill.activities.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ReportConfig;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The restore-a-thon report an auditor accepts (issue 17): written to the report store as
 * {@code <id>/restore-a-thon-report.{json,md,html}} plus {@code restore-a-thon-manifest.sha256}, and
 * recorded in the store's restore-a-thon index so the next one can show the RPO and RTO changes. The
 * workflow hands only a {@link RestoreAThonReportRequest}; the drills' summaries and their own reports
 * are read from the store.
 */
public final class RestoreAThonReports {
  static final String JSON = "restore-a-thon-report.json";
  static final String MARKDOWN = "restore-a-thon-report.md";
  static final String HTML = "restore-a-thon-report.html";
  static final String MANIFEST = "restore-a-thon-manifest.sha256";

  private final ReportStore store;
  private final DrillSummaryBatches batches;
  private final RestoreAThonIndex index;
  private final RestoreAThonEvidence evidence;

  public RestoreAThonReports(ReportStore store) {
    this.store = store;
    this.batches = new DrillSummaryBatches(store);
    this.index = new RestoreAThonIndex(store);
    this.evidence = new RestoreAThonEvidence(store);
  }

  /** Reports in the store {@code snapdrill.yaml}'s {@code reports} describes. */
  public static RestoreAThonReports of(ReportConfig config, AwsClients aws) {
    return new RestoreAThonReports(ReportStore.of(config, aws));
  }

  /** Stores one batch of the drills' summaries (the {@code storeDrillSummaries} activity's body). */
  public StoredEvidence storeDrillSummaries(String restoreAThonId, int batch, List<DrillSummary> summaries) {
    return batches.store(restoreAThonId, batch, summaries);
  }

  /** The {@code writeRestoreAThonReport} activity's body: the summaries come from the request's batches. */
  public ReportLocation writeRestoreAThonReport(RestoreAThonReportRequest request) {
    DrillSummaryBatches.Read read = batches.read(request.summaryBatches());
    return write(request.restoreAThonId(), request.startedAt(), request.endedAt(), request.configuredClusters(),
        read.summaries(), read.problems());
  }

  /** The report of summaries in hand. */
  public ReportLocation write(String restoreAThonId, Instant startedAt, Instant endedAt, List<String> configuredClusters,
      List<DrillSummary> drills) {
    return write(restoreAThonId, startedAt, endedAt, configuredClusters, drills, List.of());
  }

  RestoreAThonReport build(String restoreAThonId, Instant startedAt, Instant endedAt, List<String> configuredClusters,
      List<DrillSummary> drills, List<String> problems) {
    if (restoreAThonId == null || restoreAThonId.isBlank()) {
      throw new IllegalArgumentException("restoreAThonId: missing");
    }
    if (startedAt == null) {
      throw new IllegalArgumentException("startedAt: missing (the restore-a-thon report compares by start)");
    }
    PreviousRestoreAThon previous = index.before(startedAt, restoreAThonId);
    return evidence.build(restoreAThonId, startedAt, endedAt, configuredClusters, drills, problems, previous);
  }

  private ReportLocation write(String restoreAThonId, Instant startedAt, Instant endedAt,
      List<String> configuredClusters, List<DrillSummary> drills, List<String> problems) {
    RestoreAThonReport report = build(restoreAThonId, startedAt, endedAt, configuredClusters, drills, problems);
    byte[] json = json(report);
    String jsonUri = store.write(restoreAThonId, JSON, json, "application/json");
    String markdown = store.write(restoreAThonId, MARKDOWN, utf8(RestoreAThonReportMarkdown.render(report)),
        "text/markdown; charset=utf-8");
    String html = store.write(restoreAThonId, HTML, utf8(RestoreAThonReportHtml.render(report)),
        "text/html; charset=utf-8");
    store.write(restoreAThonId, MANIFEST, utf8(sha256sum(report)), "text/plain; charset=utf-8");
    // last: an entry exists only for a report that was written whole
    index.add(new RestoreAThonReport.Previous(restoreAThonId, startedAt, endedAt, jsonUri, Sha256.hex(json)));
    return new ReportLocation(jsonUri, markdown, html);
  }

  /** The manifest in sha256sum's format ({@code <hex>  <location>}), for the reports that could be read. */
  static String sha256sum(RestoreAThonReport report) {
    StringBuilder s = new StringBuilder();
    report.manifest().stream().filter(e -> e.sha256() != null)
        .forEach(e -> s.append(e.sha256()).append("  ").append(e.uri()).append('\n'));
    return s.toString();
  }

  private static byte[] json(RestoreAThonReport report) {
    try {
      return ReportActivitiesImpl.jsonMapper().writeValueAsBytes(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the restore-a-thon report: " + e.getMessage(), e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
