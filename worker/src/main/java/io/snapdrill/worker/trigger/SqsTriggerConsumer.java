package io.snapdrill.worker.trigger;

import io.snapdrill.activities.config.TriggerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Long-polls the trigger queue and hands each message to the {@link TriggerHandler}. A message is
 * deleted only after the handler acknowledged it (drill start acknowledged by Temporal, or dead letter
 * kept); otherwise it becomes visible again after the queue's visibility timeout and is retried, and
 * the queue's own redrive policy moves it aside after its maxReceiveCount. Errors of one poll never
 * end the loop.
 */
public final class SqsTriggerConsumer implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqsTriggerConsumer.class);

  private final SqsClient sqs;
  private final String queueUrl;
  private final int waitSeconds;
  private final TriggerHandler handler;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile Thread thread;

  public SqsTriggerConsumer(SqsClient sqs, String queueUrl, int waitSeconds, TriggerHandler handler) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.waitSeconds = waitSeconds;
    this.handler = handler;
  }

  /**
   * An SQS client for the trigger section: region and endpoint from config, credentials from the
   * default chain (an SQS-compatible server such as ElasticMQ accepts any AWS_ACCESS_KEY_ID/SECRET).
   */
  public static SqsClient client(TriggerConfig config) {
    SqsClientBuilder builder = SqsClient.builder();
    if (config.region() != null && !config.region().isBlank()) {
      builder.region(Region.of(config.region()));
    }
    if (config.endpoint() != null && !config.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(config.endpoint()));
      if (config.region() == null || config.region().isBlank()) {
        builder.region(Region.US_EAST_1);
      }
    }
    return builder.build();
  }

  /** One receive call; returns how many messages were deleted. */
  public int pollOnce() {
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
        .maxNumberOfMessages(10)
        .waitTimeSeconds(waitSeconds)).messages();
    int deleted = 0;
    for (Message message : messages) {
      TriggerHandler.Outcome outcome = handler.handle(message.messageId(), message.body());
      if (outcome.acknowledged()) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    log.info("consuming snapshot events from {}", queueUrl);
    Duration backoff = Duration.ofSeconds(1);
    while (running.get()) {
      try {
        pollOnce();
        backoff = Duration.ofSeconds(1);
      } catch (RuntimeException e) {
        if (!running.get()) {
          break;
        }
        log.warn("polling {} failed: {}; retrying in {}s", queueUrl, e.toString(), backoff.toSeconds());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : backoff.multipliedBy(2);
      }
    }
    log.info("stopped consuming {}", queueUrl);
  }

  public Thread startInBackground() {
    Thread t = new Thread(this, "snapdrill-trigger-consumer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void close() {
    running.set(false);
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(waitSeconds + 5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
