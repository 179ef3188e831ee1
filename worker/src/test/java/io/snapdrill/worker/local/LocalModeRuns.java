package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapdrill local} as a newcomer runs it, in its own JVM: how a run ends (stage, failure type, what
 * the failure names) and that nothing it started is left: no process and no file under its temp directory.
 * The runs are split over classes that go side by side (each class's own runs one at a time), as most of
 * a run is waiting for nodes to start and replication to catch up.
 */
abstract class LocalModeRuns {
  static final Duration RUN = Duration.ofMinutes(6);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path reports;
  Path tmp;

  @BeforeEach
  void ownTempDirectory() throws IOException {
    tmp = Files.createTempDirectory("local-mode-run-", SnapdrillProcess.TRAVERSABLE);
  }

  @AfterEach
  void nothingLeft() throws IOException {
    assertThat(processesUnder(tmp)).as("processes still running from " + tmp).isEmpty();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.toList()).as("files left in the run's temp directory").isEmpty();
    }
    Files.delete(tmp);
  }

  SnapdrillProcess local(String... args) {
    List<String> all = new ArrayList<>(List.of("local", "--scale", "0.1", "--report-dir", reports.toString()));
    all.addAll(List.of(args));
    return SnapdrillProcess.start(tmp, List.of(), all.toArray(String[]::new));
  }

  static JsonNode report(SnapdrillProcess run) throws IOException {
    return JSON.readTree(Path.of(reportPath(run)).toFile());
  }

  static String reportPath(SnapdrillProcess run) {
    Matcher json = java.util.regex.Pattern.compile("^\\s+(\\S+drill-report\\.json)$", java.util.regex.Pattern.MULTILINE)
        .matcher(run.output());
    assertThat(json.find()).as("report path in:\n" + run.output()).isTrue();
    return json.group(1);
  }

  static void assertFailedAt(JsonNode report, String stage, String failureType) {
    assertThat(report.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(report.path("failureType").asText()).isEqualTo(failureType);
    assertThat(stageStatus(report, stage)).isEqualTo("FAILED");
  }

  static String stageStatus(JsonNode report, String stage) {
    return stage(report, stage).path("status").asText();
  }

  static JsonNode stage(JsonNode report, String name) {
    for (JsonNode stage : report.path("stages")) {
      if (stage.path("stage").asText().equals(name)) {
        return stage;
      }
    }
    throw new AssertionError("no stage " + name + " in " + report);
  }

  static List<String> processesUnder(Path dir) {
    String path = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(path)).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .toList();
  }
}
