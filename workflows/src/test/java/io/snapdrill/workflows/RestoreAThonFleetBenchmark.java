package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The full-size restore-a-thon (issue 13 item 5b): 2,000 clusters (-Dsnapdrill.benchmark.clusters) with stub
 * activities on the embedded service; prints events, history size and largest event of each run of the
 * restore-a-thon and of a drill, the worker's peak heap and the wall time. Run with
 * {@code mvn -B -pl temporal-limits,workflows verify -Pbenchmark-fleet}; not part of the normal build.
 */
class RestoreAThonFleetBenchmark {
  @RegisterExtension
  static final DrillTestEnvironment temporal =
      DrillTestEnvironment.extension(RestoreAThonWorkflowImpl.class, DrillWorkflowImpl.class);

  @Test
  void fleet(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    int clusters = Integer.getInteger("snapdrill.benchmark.clusters", 2000);
    int hosts = Integer.getInteger("snapdrill.benchmark.hosts", 2);
    FleetRun.Figures figures = FleetRun.run(env, worker, client, clusters, hosts);
    System.out.print(figures.describe());
    assertThat(figures.result().passed()).isEqualTo(clusters);
  }
}
