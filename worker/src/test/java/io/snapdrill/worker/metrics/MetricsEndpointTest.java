package io.snapdrill.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.snapdrill.activities.report.ReportActivitiesImpl;
import io.snapdrill.model.DrillRequest;
import io.snapdrill.workflows.DrillFixtures;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.snapdrill.worker.codec.PayloadKeyring;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.Worker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's Prometheus endpoint after real drills on the embedded Temporal service (stand-in cluster activities). */
class MetricsEndpointTest {
  @TempDir Path tmp;

  @Test
  void servesDrillAndTemporalSdkMetricsAfterDrills() throws Exception {
    DrillFixtures fixtures = new DrillFixtures();
    try (SnapdrillMetrics metrics = new SnapdrillMetrics(Duration.ofMillis(200));
         TemporalConnection temporal = TemporalConnection.embedded("snapdrill-metrics-test", metrics.temporalScope(), PayloadKeyring.ephemeral())) {
      Worker worker = temporal.factory().newWorker(temporal.taskQueue());
      worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.registerActivitiesImplementations(fixtures.sourceCluster, fixtures.replication, fixtures.storage,
          fixtures.restoreHost, fixtures.restoreCluster,
          new MeteredReportActivities(new ReportActivitiesImpl(tmp), metrics.drills()));
      temporal.factory().start();
      InetSocketAddress endpoint = metrics.serve("127.0.0.1", 0);

      run(temporal, "drill-logs-prod-passing");
      when(fixtures.restoreCluster.verifyRestore(any())).thenReturn(DrillFixtures.failingVerification());
      run(temporal, "drill-logs-prod-failing");

      String scraped = scrape(endpoint);
      assertThat(scraped)
          .contains("snapdrill_drills_total{cluster=\"logs-prod\",failure_type=\"none\",outcome=\"PASSED\"} 1")
          .contains("snapdrill_drills_total{cluster=\"logs-prod\",failure_type=\"VERIFICATION_FAILED\",outcome=\"FAILED\"} 1")
          .contains("snapdrill_drill_stage_duration_seconds_count{cluster=\"logs-prod\",stage=\"RESTORE\",status=\"PASSED\"} 2")
          .contains("snapdrill_drill_stage_duration_seconds_count{cluster=\"logs-prod\",stage=\"VERIFY\",status=\"FAILED\"} 1")
          .contains("snapdrill_drill_rto_seconds_count{cluster=\"logs-prod\"} 1")
          .contains("snapdrill_drill_rpo_seconds_count{cluster=\"logs-prod\"} 2")
          .contains("snapdrill_drill_restored_bytes_sum{cluster=\"logs-prod\"} 2097152")
          .contains("snapdrill_last_passing_drill_timestamp_seconds{cluster=\"logs-prod\"}");
      assertThat(value(scraped, "snapdrill_last_passing_drill_age_seconds\\{cluster=\"logs-prod\"\\}")).isGreaterThanOrEqualTo(0);

      // The SDK reports on its own interval: wait until its counters reached the registry.
      Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(scrape(endpoint)).contains("temporal_workflow_completed_total", "temporal_workflow_failed_total"));
    }
  }

  private static void run(TemporalConnection temporal, String id) {
    DrillWorkflow drill = temporal.client().newWorkflowStub(DrillWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(temporal.taskQueue()).build());
    WorkflowClient.start(drill::run, DrillRequest.newSnapshot(DrillFixtures.CLUSTER));
    try {
      WorkflowStub.fromTyped(drill).getResult(Object.class);
    } catch (RuntimeException failedDrill) {
      // its metrics are what this test reads
    }
  }

  private static String scrape(InetSocketAddress endpoint) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static double value(String scraped, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scraped);
    assertThat(m.find()).as(series + " in\n" + scraped).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
