package io.snapdrill.worker.trigger;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.worker.history.DrillHistory;
import io.snapdrill.worker.metrics.DrillMetrics;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.TriggerConfig;
import io.snapdrill.worker.temporal.DrillStarter;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wires a trigger handler and consumer from the configuration. */
public final class Triggers {
  private Triggers() {}

  /**
   * @param aws reads repositories for the sentinel (owned by the caller); null: removals are not judged
   * @param metrics counts skipped events and repository alerts; null for none
   */
  public static TriggerHandler handler(SnapdrillConfig config, WorkflowClient client, String taskQueue, SqsClient sqs,
      AwsClients aws, DrillMetrics metrics) {
    TriggerConfig triggers = config.triggers();
    DeadLetters deadLetters = triggers.deadLetterQueueUrl() != null && sqs != null
        ? new SqsDeadLetters(sqs, triggers.deadLetterQueueUrl())
        : new DirectoryDeadLetters(Path.of(triggers.deadLetterDirectory()));
    return new TriggerHandler(new RepositoryRouter(config), starter(config, client, taskQueue, metrics), deadLetters,
        aws == null ? null : new S3RepositorySentinel(aws, config), onAlert(triggers, metrics));
  }

  /** Every alert is counted; with triggers.alertWebhook it is posted there too. */
  private static Consumer<RepositoryAlert> onAlert(TriggerConfig triggers, DrillMetrics metrics) {
    Consumer<RepositoryAlert> count = alert -> {
      if (metrics != null) {
        metrics.repositoryAlert(alert.cluster(), alert.copy());
      }
    };
    if (triggers.alertWebhook() == null) {
      return count;
    }
    return count.andThen(new AlertWebhook(triggers.alertWebhook(), () -> {
      if (metrics != null) {
        metrics.alertNotDelivered();
      }
    }));
  }

  /**
   * Snapshot events start their drills through the same starter as every other drill, after the per-cluster
   * policy: a snapshot some drill already covers, a cluster whose drill still runs, or one drilled within
   * {@code triggers.minIntervalPerCluster} gets no new drill.
   */
  private static SnapshotDrillStarter starter(SnapdrillConfig config, WorkflowClient client, String taskQueue,
      DrillMetrics metrics) {
    DrillStarter drills = new DrillStarter(config, taskQueue);
    TriggerPolicy policy = new TriggerPolicy(config.triggers().minIntervalPerCluster());
    DrillHistory history = new DrillHistory(client);
    return route -> {
      Instant now = Instant.now();
      TriggerPolicy.Verdict verdict = policy.judge(route, history.list(route.cluster(), now.minus(policy.lookBack())), now);
      if (verdict instanceof TriggerPolicy.Covered covered) {
        return new SnapshotDrillStarter.Started(SnapshotDrillStarter.Kind.ALREADY_STARTED, covered.workflowId(), null);
      }
      if (verdict instanceof TriggerPolicy.Skip skip) {
        if (metrics != null) {
          metrics.triggerSkipped(route.cluster(), skip.reason());
        }
        return new SnapshotDrillStarter.Started(SnapshotDrillStarter.Kind.SKIPPED, null, skip.why());
      }
      DrillStarter.DrillStart start = drills.forSnapshotEvent(route.cluster(), route.snapshotUuid());
      return new SnapshotDrillStarter.Started(start.startOn(client)
          ? SnapshotDrillStarter.Kind.NEW : SnapshotDrillStarter.Kind.ALREADY_STARTED, start.workflowId(), null);
    };
  }

  public static SqsTriggerConsumer consumer(SnapdrillConfig config, WorkflowClient client, String taskQueue, String queueUrl,
      AwsClients aws, DrillMetrics metrics) {
    TriggerConfig triggers = config.triggers().withQueueUrl(queueUrl);
    SqsClient sqs = SqsTriggerConsumer.client(triggers);
    return new SqsTriggerConsumer(sqs, queueUrl, triggers.waitSeconds(), handler(config, client, taskQueue, sqs, aws, metrics));
  }
}
