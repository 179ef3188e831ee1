package io.snapdrill.activities.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Snapshot-event triggers: S3 event notifications (directly, through SNS, or as EventBridge
 * "Object Created" events) delivered to an SQS queue.
 *
 * @param queueUrl the SQS queue the worker's trigger consumer long-polls (null: no consumer)
 * @param region the queue's region (default: the SDK's region chain)
 * @param endpoint an SQS-compatible endpoint instead of AWS (tests, local mode)
 * @param deadLetterDirectory where malformed events and events of unknown repositories are kept
 * @param deadLetterQueueUrl optionally send them to this SQS queue instead of the directory
 * @param waitSeconds long-polling wait of one receive call (1-20 seconds)
 * @param minIntervalPerCluster at most one drill per cluster per this, counting every drill (default 6 h;
 *     0s for no limit): a snapshot every 30 minutes must not buy a restore host every 30 minutes
 * @param alertWebhook where repository alerts are also posted (null: log and metric only)
 */
public record TriggerConfig(
    String queueUrl,
    String region,
    String endpoint,
    String deadLetterDirectory,
    String deadLetterQueueUrl,
    @Min(1) @Max(20) Integer waitSeconds,
    Duration minIntervalPerCluster,
    AlertWebhookConfig alertWebhook) {

  public static final TriggerConfig DEFAULTS = new TriggerConfig(null, null, null, null, null, null, null);

  public TriggerConfig(String queueUrl, String region, String endpoint, String deadLetterDirectory,
      String deadLetterQueueUrl, Integer waitSeconds, Duration minIntervalPerCluster) {
    this(queueUrl, region, endpoint, deadLetterDirectory, deadLetterQueueUrl, waitSeconds, minIntervalPerCluster, null);
  }

  public TriggerConfig {
    deadLetterDirectory = deadLetterDirectory == null || deadLetterDirectory.isBlank()
        ? "snapdrill-dead-letters" : deadLetterDirectory;
    waitSeconds = waitSeconds != null ? waitSeconds : 20;
    minIntervalPerCluster = minIntervalPerCluster != null ? minIntervalPerCluster : Duration.ofHours(6);
  }

  public TriggerConfig withQueueUrl(String url) {
    return new TriggerConfig(url, region, endpoint, deadLetterDirectory, deadLetterQueueUrl, waitSeconds,
        minIntervalPerCluster, alertWebhook);
  }
}
