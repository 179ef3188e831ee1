package io.snapdrill.activities.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.snapdrill.activities.config.ReportConfig;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.ReportLocation;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.RestoreAThonReportRequest;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.workflows.activities.ReportActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
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
  private final RestoreAThonReports restoreAThons;

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
    this.restoreAThons = new RestoreAThonReports(ReportStore.local(this.directory));
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
    return restoreAThons.writeRestoreAThonReport(request);
  }

  @Override
  public StoredEvidence storeDrillSummaries(String restoreAThonId, int batch, List<DrillSummary> summaries) {
    return restoreAThons.storeDrillSummaries(restoreAThonId, batch, summaries);
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
