package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code snapdrill local --restore-a-thon} as a newcomer runs it, in its own JVM: three source nodes
 * (Elasticsearch 8, Elasticsearch 7, OpenSearch 2) drilled one restore node at a time, with the
 * restore-a-thon's HTML report at the end; a scenario breaks the Elasticsearch 7 cluster alone. The class
 * runs beside the other end-to-end runs, its own runs one at a time: each starts three source nodes.
 */
@Execution(ExecutionMode.CONCURRENT)
class LocalRestoreAThonEndToEndTest {
  private static final Duration RUN = Duration.ofMinutes(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CLUSTERS = List.of("elasticsearch-8", "elasticsearch-7", "opensearch-2");

  @TempDir Path reports;
  Path tmp;

  @BeforeEach
  void ownTempDirectory() throws IOException {
    tmp = Files.createTempDirectory("local-restore-a-thon-", SnapdrillProcess.TRAVERSABLE);
  }

  @AfterEach
  void nothingLeft() throws IOException {
    assertThat(LocalModeRuns.processesUnder(tmp)).as("processes still running from " + tmp).isEmpty();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.toList()).as("files left in the run's temp directory").isEmpty();
    }
    Files.delete(tmp);
  }

  /**
   * One run shows both sides: the two whole clusters each restore their own snapshot on a restore node of
   * their product and version, and the broken one fails alone, before any restore node. (A run where all
   * three pass adds a third start of three source nodes, minutes on CI, and nothing this run does not show:
   * the Elasticsearch 7 restore itself is covered by the activities' node tests.)
   */
  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void aScenarioBreaksTheElasticsearch7ClusterAloneWhileTheOthersRestoreOnTheirOwnVersion() throws IOException {
    SnapdrillProcess run = local("--restore-a-thon", "--scenario", "rewind");
    run.awaitLine("scenario rewind breaks cluster elasticsearch-7 only \\(elasticsearch-8 and opensearch-2 stay whole\\)"
        + ": a 7-day expiry rule over the cluster's repository prefix", RUN);
    // the rule covers that cluster's repository only, so the other clusters' audits pass
    run.awaitLine("covers all of s3://snapdrill-dr-replica/clusters/elasticsearch-7/ ", RUN);
    assertThat(run.waitFor(RUN)).as(run.output()).isEqualTo(1);

    assertThat(run.output()).contains(
        "scenario rewind broke cluster elasticsearch-7: its drill FAILED (LIFECYCLE_RULE_COVERS_REPOSITORY)",
        "2 of 3 clusters passed");
    assertThat(Files.readString(reportPath(run, "restore-a-thon-report\\.html"))).contains(CLUSTERS);
    Map<String, JsonNode> drills = drillReports(run);
    assertThat(drills).containsOnlyKeys(CLUSTERS);
    assertThat(drills.get("elasticsearch-7").path("failureType").asText()).isEqualTo("LIFECYCLE_RULE_COVERS_REPOSITORY");
    assertThat(drills.get("elasticsearch-7").path("hosts")).as("no restore node for the broken cluster").isEmpty();
    assertThat(drills.get("elasticsearch-8").path("outcome").asText()).isEqualTo("PASSED");
    assertThat(drills.get("opensearch-2").path("outcome").asText()).isEqualTo("PASSED");
    // each whole cluster's own drill restored its own snapshot, on a restore node of the source's product and version
    assertThat(snapshotEngine(drills.get("elasticsearch-8"))).startsWith("elasticsearch 8.19.");
    assertThat(snapshotEngine(drills.get("elasticsearch-7"))).startsWith("elasticsearch 7.17.");
    assertThat(snapshotEngine(drills.get("opensearch-2"))).startsWith("opensearch 2.19.");
    assertThat(drills.values().stream().map(d -> d.path("snapshot").path("uuid").asText()).distinct()).hasSize(3);
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void ctrlCWithARestoreNodeUpCancelsTheRestoreAThonAndRemovesEverything() {
    SnapdrillProcess run = local("--restore-a-thon");
    run.awaitLine("elasticsearch-8 +PROVISION_HOST +PASSED", RUN);
    run.interrupt();
    run.waitFor(RUN);
    // the same handler as one drill: the restore-a-thon (and with it its drill) is canceled, then all stops
    assertThat(run.output()).contains("interrupted: canceling drill restore-a-thon-", "stopped; removed");
  }

  private SnapdrillProcess local(String... args) {
    List<String> all = new ArrayList<>(List.of("local", "--scale", "0.1", "--report-dir", reports.toString()));
    all.addAll(List.of(args));
    return SnapdrillProcess.start(tmp, List.of(), all.toArray(String[]::new));
  }

  private static Path reportPath(SnapdrillProcess run, String fileName) {
    Matcher found = Pattern.compile("^\\s+(\\S+" + fileName + ")$", Pattern.MULTILINE).matcher(run.output());
    assertThat(found.find()).as(fileName + " in:\n" + run.output()).isTrue();
    return Path.of(found.group(1));
  }

  /** Each drill's JSON report, by cluster, from the paths the run printed. */
  private static Map<String, JsonNode> drillReports(SnapdrillProcess run) throws IOException {
    Matcher found = Pattern.compile("^\\s+(\\S+drill-report\\.json)$", Pattern.MULTILINE).matcher(run.output());
    Map<String, JsonNode> reports = new HashMap<>();
    while (found.find()) {
      JsonNode report = JSON.readTree(Path.of(found.group(1)).toFile());
      reports.put(report.path("cluster").asText(), report);
    }
    return reports;
  }

  private static String snapshotEngine(JsonNode drill) {
    return drill.path("snapshot").path("product").asText() + " " + drill.path("snapshot").path("version").asText();
  }
}
