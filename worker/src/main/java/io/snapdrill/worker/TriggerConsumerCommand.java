package io.snapdrill.worker;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.worker.cli.ConfigOption;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.worker.trigger.SqsTriggerConsumer;
import io.snapdrill.worker.trigger.Triggers;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "trigger-consumer", mixinStandardHelpOptions = true,
    description = "Consume S3 snapshot events from an SQS queue and start a drill per new snapshot, until stopped."
        + " Drills run on the workers of --task-queue (see `snapdrill worker --trigger-queue` to do both in one process).")
public class TriggerConsumerCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin TemporalOptions temporal;

  @Option(names = "--queue-url", paramLabel = "URL", description = "SQS queue URL (default: triggers.queueUrl of the config).")
  String queueUrl;

  @Override
  public Integer call() throws InterruptedException {
    SnapdrillConfig cfg = config.load();
    String url = queueUrl != null ? queueUrl : cfg.triggers().queueUrl();
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("--queue-url: required (or set triggers.queueUrl in the config)");
    }
    if (temporal.embedded()) {
      throw new IllegalArgumentException("--temporal-address: required; drills started in an embedded service"
          + " would run nowhere (use `snapdrill worker --trigger-queue` for a single process)");
    }
    TemporalConnection connection = TemporalConnection.open(temporal);
    AwsClients aws = AwsClients.create();
    connection.closeWithWorkers(aws);
    SqsTriggerConsumer consumer = Triggers.consumer(cfg, connection.client(), connection.taskQueue(), url, aws, null);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      consumer.close();
      connection.close();
      stopped.countDown();
    }, "snapdrill-trigger-consumer-shutdown"));
    consumer.startInBackground();
    System.out.println("consuming snapshot events from " + url + " for clusters "
        + cfg.clusters().stream().map(c -> c.name()).toList());
    stopped.await();
    return ExitCode.PASSED;
  }
}
