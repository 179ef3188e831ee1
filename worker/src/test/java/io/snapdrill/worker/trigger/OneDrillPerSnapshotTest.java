package io.snapdrill.worker.trigger;

import static io.snapdrill.worker.trigger.TriggerTestConfig.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.worker.metrics.DrillMetrics;
import io.snapdrill.worker.temporal.DrillOverrides;
import io.snapdrill.worker.temporal.DrillStarter;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.workflows.DrillFixtures;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill that takes its own snapshot writes snap-UUID.dat, and S3 then sends the event for it: the trigger
 * finds that drill by the snapshot's UUID instead of buying a second restore host, and the next snapshot
 * within the per-cluster interval is acknowledged without a drill.
 */
class OneDrillPerSnapshotTest {
  private static final String UUID = "Xh3vQ9dTQ2aW1x_yZ-7a1g";

  @TempDir Path tmp;

  @Test
  void theEventOfASnapshotADrillTookItselfStartsNoSecondDrill() throws Exception {
    SnapdrillConfig config = TriggerTestConfig.config(tmp.resolve("dead-letters"));
    DrillFixtures fixtures = new DrillFixtures();
    SnapshotResult taken = DrillFixtures.snapshot();
    SnapshotInfo info = taken.snapshot();
    when(fixtures.sourceCluster.takeSnapshot(any())).thenReturn(new SnapshotResult(new SnapshotInfo(info.repository(),
        info.name(), UUID, info.state(), info.startTime(), info.endTime(), info.indices(), info.product(), info.version()),
        taken.expectations(), taken.expectationsExact(), taken.previousSnapshotStart()));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (TemporalConnection temporal = TemporalConnection.embedded("snapdrill-one-drill-per-snapshot")) {
      Worker worker = temporal.factory().newWorker(temporal.taskQueue());
      worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.registerActivitiesImplementations(fixtures.all());
      temporal.factory().start();
      DrillStarter.DrillStart onDemand = new DrillStarter(config, temporal.taskQueue()).onDemand("logs-prod", DrillOverrides.NONE);
      onDemand.startOn(temporal.client());
      DrillResult result = temporal.client().newUntypedWorkflowStub(onDemand.workflowId()).getResult(DrillResult.class);
      assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);
      TriggerHandler handler = Triggers.handler(config, temporal.client(), temporal.taskQueue(), null, null,
          new DrillMetrics(registry, Clock.systemUTC()));

      TriggerHandler.Outcome ownSnapshot = handler.handle("m1", event("s3-object-created.json"));

      assertThat(ownSnapshot.acknowledged()).isTrue();
      assertThat(ownSnapshot.drillsStarted()).isEmpty();
      assertThat(ownSnapshot.drillsAlreadyStarted()).containsExactly(onDemand.workflowId());
      verify(fixtures.sourceCluster, never()).describeSnapshot(any());

      TriggerHandler.Outcome nextSnapshot = handler.handle("m2", event("s3-object-created.json").replace(UUID, "Yn4wR0eUR3bX2y_zA-8b2h"));

      assertThat(nextSnapshot.acknowledged()).isTrue();
      assertThat(nextSnapshot.drillsStarted()).isEmpty();
      assertThat(nextSnapshot.skipped()).singleElement().asString()
          .contains(onDemand.workflowId(), "triggers.minIntervalPerCluster");
      assertThat(registry.get("snapdrill_trigger_skipped").tags("cluster", "logs-prod", "reason", "interval").counter().count())
          .isEqualTo(1.0);
      verify(fixtures.sourceCluster, never()).describeSnapshot(any());
    }
  }
}
