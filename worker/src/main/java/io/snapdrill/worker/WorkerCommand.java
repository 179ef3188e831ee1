package io.snapdrill.worker;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.worker.cli.ConfigOption;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.history.DrillHistory;
import io.snapdrill.worker.metrics.SnapdrillMetrics;
import io.snapdrill.worker.temporal.SnapdrillWorker;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import io.snapdrill.worker.trigger.SqsTriggerConsumer;
import io.snapdrill.worker.trigger.Triggers;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run a Snapdrill worker: executes drills, restore-a-thons and their activities until stopped (Ctrl-C or SIGTERM).")
public class WorkerCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin TemporalOptions temporal;

  @Option(names = "--trigger-queue", paramLabel = "URL",
      description = "Also consume S3 snapshot events from this SQS queue and start a drill per new snapshot"
          + " (default: triggers.queueUrl of the config, if set).")
  String triggerQueue;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus metrics (Temporal SDK and drill metrics) at http://HOST:PORT/metrics.")
  Integer metricsPort;

  @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address the metrics endpoint binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 for a scraper elsewhere).")
  String metricsHost;

  @Override
  public Integer call() throws InterruptedException, java.io.IOException {
    SnapdrillConfig cfg = config.load();
    if (temporal.embedded()) {
      System.err.println("note: no --temporal-address, so this worker serves an embedded Temporal service that"
          + " nothing else can reach; use `snapdrill drill` for a one-off drill or point at a real cluster.");
    }
    SnapdrillMetrics metrics = metricsPort == null ? null : new SnapdrillMetrics(java.time.Duration.ofSeconds(10));
    TemporalConnection connection = TemporalConnection.open(temporal, metrics == null ? null : metrics.temporalScope());
    connection.ensureSearchAttributes(temporal.namespace, w -> System.err.println("warning: " + w));
    SnapdrillWorker.register(connection, cfg, metrics == null ? null : metrics.drills());
    if (metrics != null) {
      io.snapdrill.worker.metrics.LastPassingDrills.seed(new DrillHistory(connection.client()), metrics.drills(),
          java.time.Duration.ofDays(400));
      java.net.InetSocketAddress bound = metrics.serve(metricsHost, metricsPort);
      System.out.println("metrics at http://" + bound.getHostString() + ":" + bound.getPort() + "/metrics");
    }
    connection.factory().start();
    String queue = triggerQueue != null ? triggerQueue : cfg.triggers().queueUrl();
    SqsTriggerConsumer consumer = null;
    if (queue != null && !queue.isBlank()) {
      AwsClients aws = AwsClients.create();
      connection.closeWithWorkers(aws);
      consumer = Triggers.consumer(cfg, connection.client(), connection.taskQueue(), queue, aws,
          metrics == null ? null : metrics.drills());
      consumer.startInBackground();
      System.out.println("consuming snapshot events from " + queue);
    }
    SqsTriggerConsumer triggers = consumer;
    System.out.println("worker polling task queue " + connection.taskQueue()
        + (temporal.embedded() ? " (embedded Temporal)" : " on " + temporal.address + ", namespace " + temporal.namespace)
        + " for clusters " + cfg.clusters().stream().map(c -> c.name()).toList());

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Running activities are retried elsewhere (heartbeat timeouts); stop polling and let go.
      if (triggers != null) {
        triggers.close();
      }
      connection.close();
      if (metrics != null) {
        metrics.close();
      }
      stopped.countDown();
    }, "snapdrill-worker-shutdown"));
    stopped.await();
    return ExitCode.PASSED;
  }
}
