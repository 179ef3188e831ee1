package io.snapdrill.activities.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.snapdrill.activities.config.ReportConfig;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HostCost;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.workflows.activities.ReportActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes drill and restore-a-thon reports (JSON for machines, Markdown and a self-contained HTML page for people) to a directory. */
public class ReportActivitiesImpl implements ReportActivities {
  private final Path directory;
  private final ObjectMapper json;
  private final DrillTiming.Source timings;

  public ReportActivitiesImpl(ReportConfig config) {
    this(config, DrillTiming.Source.NONE);
  }

  /** With {@code timings}, drill reports also say where the drill's time went (orchestration overhead). */
  public ReportActivitiesImpl(ReportConfig config, DrillTiming.Source timings) {
    this(Path.of(config.directory()), timings);
  }

  public ReportActivitiesImpl(Path directory) {
    this(directory, DrillTiming.Source.NONE);
  }

  public ReportActivitiesImpl(Path directory, DrillTiming.Source timings) {
    this.directory = directory.toAbsolutePath();
    this.json = jsonMapper();
    this.timings = timings;
  }

  public static ObjectMapper jsonMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT);
  }

  @Override
  public ReportLocation writeDrillReport(DrillResult written) {
    DrillResult result = RecoveryObjectives.asWritten(written);
    Path dir = directory.resolve(safe(result.drillId()));
    DrillTiming timing = timing();
    ObjectNode tree = json.valueToTree(result);
    if (timing != null) {
      tree.set("timing", json.valueToTree(timing));
    }
    return new ReportLocation(
        write(dir.resolve("drill-report.json"), toJson(tree)),
        write(dir.resolve("drill-report.md"), DrillReportMarkdown.render(result, timing)),
        write(dir.resolve("drill-report.html"), DrillReportHtml.render(result)));
  }

  @Override
  public ReportLocation writeRestoreAThonReport(RestoreAThonReportRequest request) {
    RestoreAThonReport report = restoreAThonReport(request);
    Path dir = directory.resolve(safe(request.restoreAThonId()));
    return new ReportLocation(
        write(dir.resolve("restore-a-thon-report.json"), toJson(report)),
        write(dir.resolve("restore-a-thon-report.md"), DrillReportMarkdown.render(report)),
        write(dir.resolve("restore-a-thon-report.html"), DrillReportHtml.render(report)));
  }

  /** One JSON array per batch, named by its number: a retried activity writes the same file again. */
  @Override
  public StoredEvidence storeDrillSummaries(String restoreAThonId, int batch, List<DrillSummary> summaries) {
    Path file = directory.resolve(safe(restoreAThonId)).resolve(String.format("drill-summaries-%04d.json", batch));
    String content = toJson(summaries);
    return new StoredEvidence(write(file, content), sha256(content.getBytes(StandardCharsets.UTF_8)), summaries.size());
  }

  /**
   * The report's rows: each configured cluster's drill, from its own report where this worker can read it,
   * else from its summary; a cluster without a summary was never drilled and is a failed row.
   */
  public RestoreAThonReport restoreAThonReport(RestoreAThonReportRequest request) {
    Map<String, DrillSummary> byCluster = new LinkedHashMap<>();
    for (StoredEvidence batch : request.summaryBatches()) {
      readSummaries(batch).forEach(s -> byCluster.putIfAbsent(s.cluster(), s));
    }
    List<DrillResult> drills = new ArrayList<>();
    for (String cluster : request.configuredClusters()) {
      DrillSummary summary = byCluster.remove(cluster);
      drills.add(summary != null ? drillOf(summary) : DrillResult.failedEarly(
          request.restoreAThonId() + "-" + cluster, cluster, FailureType.STAGE_ERROR,
          "not drilled: the restore-a-thon ended (canceled?) before this cluster's drill reported"));
    }
    byCluster.values().forEach(s -> drills.add(drillOf(s)));
    int passed = (int) drills.stream().filter(d -> d.outcome() == DrillOutcome.PASSED).count();
    return new RestoreAThonReport(request.restoreAThonId(), drills, passed, drills.size() - passed,
        HostCost.sumUsd(drills.stream().map(DrillResult::hostCostUsd).toList()));
  }

  /** A stored batch, checked against the digest the workflow recorded. */
  public List<DrillSummary> readSummaries(StoredEvidence batch) {
    try {
      byte[] bytes = Files.readAllBytes(Path.of(batch.uri()));
      if (batch.sha256() != null && !batch.sha256().equals(sha256(bytes))) {
        throw new IllegalStateException("drill summaries " + batch.uri() + " changed since the restore-a-thon stored"
            + " them (sha256 " + sha256(bytes) + ", recorded " + batch.sha256() + ")");
      }
      return json.readValue(bytes, new TypeReference<List<DrillSummary>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read drill summaries " + batch.uri() + ": " + e.getMessage(), e);
    }
  }

  private DrillResult drillOf(DrillSummary s) {
    if (s.report() != null && s.report().json() != null && !s.report().json().startsWith("s3://")) {
      Path file = Path.of(s.report().json());
      if (Files.isReadable(file)) {
        try {
          return json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(file.toFile(), DrillResult.class).withReport(s.report());
        } catch (IOException | RuntimeException unreadable) {
          // the summary still says what the row needs
        }
      }
    }
    return new DrillResult(s.drillId(), s.cluster(), s.outcome(), s.failureType(), s.failureMessage(), null, List.of(),
        null, null, s.rpoSeconds(), s.snapshotIntervalSeconds(), s.rtoSeconds(), null, null, null, null, null, null,
        null, List.of(), s.hostCostUsd(), null, null, List.of(), s.report());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The drill's timing from its history; a report without it beats no report. */
  private DrillTiming timing() {
    try {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      return timings.of(info.getWorkflowId(), info.getRunId());
    } catch (RuntimeException notAvailable) {
      return null;
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Written to a temporary file and moved, so a reader never sees half a report. */
  private static String write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".report", ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
    }
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
