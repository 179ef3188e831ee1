package io.snapdrill.worker.trigger;

import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.TriggerConfig;
import io.snapdrill.worker.temporal.DrillStarter;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wires a trigger handler and consumer from the configuration. */
public final class Triggers {
  private Triggers() {}

  public static TriggerHandler handler(SnapdrillConfig config, WorkflowClient client, String taskQueue, SqsClient sqs) {
    TriggerConfig triggers = config.triggers();
    DeadLetters deadLetters = triggers.deadLetterQueueUrl() != null && sqs != null
        ? new SqsDeadLetters(sqs, triggers.deadLetterQueueUrl())
        : new DirectoryDeadLetters(Path.of(triggers.deadLetterDirectory()));
    return new TriggerHandler(new RepositoryRouter(config), starter(config, client, taskQueue), deadLetters);
  }

  /** Snapshot events start their drills through the same starter as every other drill. */
  private static SnapshotDrillStarter starter(SnapdrillConfig config, WorkflowClient client, String taskQueue) {
    DrillStarter drills = new DrillStarter(config, taskQueue);
    return route -> drills.forSnapshotEvent(route.cluster(), route.snapshotUuid()).startOn(client)
        ? SnapshotDrillStarter.Started.NEW : SnapshotDrillStarter.Started.ALREADY_STARTED;
  }

  public static SqsTriggerConsumer consumer(SnapdrillConfig config, WorkflowClient client, String taskQueue, String queueUrl) {
    TriggerConfig triggers = config.triggers().withQueueUrl(queueUrl);
    SqsClient sqs = SqsTriggerConsumer.client(triggers);
    return new SqsTriggerConsumer(sqs, queueUrl, triggers.waitSeconds(), handler(config, client, taskQueue, sqs));
  }
}
