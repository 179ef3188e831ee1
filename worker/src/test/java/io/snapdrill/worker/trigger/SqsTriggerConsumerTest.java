package io.snapdrill.worker.trigger;

import static io.snapdrill.worker.trigger.TriggerTestConfig.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.worker.history.DrillHistory;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.workflows.DrillFixtures;
import io.snapdrill.workflows.DrillWorkflowImpl;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The trigger consumer against ElasticMQ (a real SQS-compatible server, in process on 127.0.0.1) and
 * the embedded Temporal service running drills with stand-in activities.
 */
class SqsTriggerConsumerTest {
  private static SQSRestServer elasticMq;
  private static SqsClient sqs;

  @TempDir Path tmp;

  @BeforeAll
  static void startElasticMq() {
    elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = elasticMq.waitUntilStarted().localAddress().getPort();
    sqs = SqsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .build();
  }

  @AfterAll
  static void stopElasticMq() {
    sqs.close();
    elasticMq.stopAndWait();
  }

  @Test
  void duplicateEventsStartOneDrillAndAMalformedEventIsDeadLetteredWhileTheConsumerGoesOn() throws Exception {
    String queue = sqs.createQueue(b -> b.queueName("snapshot-events-" + System.nanoTime())
        .attributes(java.util.Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
    Path deadLetters = tmp.resolve("dead-letters");
    SnapdrillConfig config = TriggerTestConfig.config(deadLetters);
    DrillFixtures fixtures = new DrillFixtures();

    try (TemporalConnection temporal = TemporalConnection.embedded("snapdrill-trigger-test")) {
      Worker worker = temporal.factory().newWorker(temporal.taskQueue());
      worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.registerActivitiesImplementations(fixtures.all());
      temporal.factory().start();
      SqsTriggerConsumer consumer = new SqsTriggerConsumer(sqs, queue, 1,
          Triggers.handler(config, temporal.client(), temporal.taskQueue(), sqs, null, null));

      String created = event("s3-object-created.json");
      send(queue, created);
      send(queue, "{\"Records\": [ {\"eventName\": \"ObjectCreated:Put\", \"s3\": ");   // cut off mid-way
      send(queue, created);                                                             // S3 delivered it twice
      send(queue, event("s3-test-event.json"));
      send(queue, event("s3-unknown-bucket.json"));
      send(queue, event("s3-shard-blob-created.json"));
      drain(consumer, 6);

      String id = "drill-logs-prod-Xh3vQ9dTQ2aW1x_yZ-7a1g";
      DrillResult result = temporal.client().newUntypedWorkflowStub(id).getResult(DrillResult.class);
      assertThat(result.outcome()).isEqualTo(DrillOutcome.PASSED);

      // Replayed after the drill closed (e.g. redriven from a dead-letter queue): still no second drill.
      send(queue, created);
      drain(consumer, 1);

      verify(fixtures.sourceCluster, times(1)).describeSnapshot(any());
      // `snapdrill status` lists the triggered drill under its cluster.
      assertThat(new DrillHistory(temporal.client()).list("logs-prod", java.time.Instant.now().minusSeconds(3600)))
          .singleElement().satisfies(row -> {
            assertThat(row.workflowId()).isEqualTo(id);
            assertThat(row.outcome()).isEqualTo("PASSED");
          });
      verify(fixtures.sourceCluster, times(0)).takeSnapshot(any());

      List<JsonNode> letters = deadLetters(deadLetters);
      assertThat(letters).hasSize(2);
      assertThat(letters).extracting(l -> l.get("reason").asText()).anySatisfy(r -> assertThat(r).startsWith("malformed event: not JSON"))
          .anySatisfy(r -> assertThat(r).contains("unknown repository", "someone-elses-bucket"));
      assertThat(letters).extracting(l -> l.get("body").asText()).contains(event("s3-unknown-bucket.json"));
      assertThat(approximateMessages(queue)).isZero();
    }
  }

  @Test
  void aMessageStaysOnTheQueueUntilTheDrillStartIsAcknowledged() {
    String queue = sqs.createQueue(b -> b.queueName("snapshot-events-" + System.nanoTime())
        .attributes(java.util.Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
    SnapdrillConfig config = TriggerTestConfig.config(tmp.resolve("dead-letters"));
    boolean[] temporalUp = {false};
    List<SnapshotRoute> started = new java.util.ArrayList<>();
    SnapshotDrillStarter flaky = route -> {
      if (!temporalUp[0]) {
        throw new IllegalStateException("UNAVAILABLE: temporal frontend unreachable");
      }
      started.add(route);
      return SnapshotDrillStarter.Started.NEW;
    };
    SqsTriggerConsumer consumer = new SqsTriggerConsumer(sqs, queue, 1,
        new TriggerHandler(new RepositoryRouter(config), flaky, new DirectoryDeadLetters(tmp.resolve("dead-letters"))));
    send(queue, event("eventbridge-object-created.json"));

    assertThat(consumer.pollOnce()).isZero();
    assertThat(started).isEmpty();

    temporalUp[0] = true;
    drain(consumer, 1);
    assertThat(started).containsExactly(new SnapshotRoute("billing", "Bq1_c2V0LWJpbGxpbmc"));
    assertThat(tmp.resolve("dead-letters")).doesNotExist();
  }

  @Test
  void deadLettersGoToAnSqsQueueWhenOneIsConfigured() {
    String queue = sqs.createQueue(b -> b.queueName("snapshot-events-" + System.nanoTime())).queueUrl();
    String dlq = sqs.createQueue(b -> b.queueName("snapshot-events-dlq-" + System.nanoTime())).queueUrl();
    SnapdrillConfig config = TriggerTestConfig.config(tmp.resolve("unused"));
    SqsTriggerConsumer consumer = new SqsTriggerConsumer(sqs, queue, 1, new TriggerHandler(new RepositoryRouter(config),
        route -> { throw new AssertionError("no drill expected"); }, new SqsDeadLetters(sqs, dlq)));
    send(queue, "not json at all");

    drain(consumer, 1);

    var letters = sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1).messageAttributeNames("All")).messages();
    assertThat(letters).singleElement().satisfies(m -> {
      assertThat(m.body()).isEqualTo("not json at all");
      assertThat(m.messageAttributes().get("snapdrill-reason").stringValue()).startsWith("malformed event: not JSON");
    });
  }

  private static void send(String queue, String body) {
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
  }

  /** Polls until {@code count} messages were deleted; bounded by attempts, not by time. */
  private static void drain(SqsTriggerConsumer consumer, int count) {
    int deleted = 0;
    for (int attempt = 0; attempt < 30 && deleted < count; attempt++) {
      deleted += consumer.pollOnce();
    }
    assertThat(deleted).as("messages deleted").isEqualTo(count);
  }

  private static int approximateMessages(String queue) {
    var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static List<JsonNode> deadLetters(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).map(f -> {
        try {
          return json.readTree(f.toFile());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
