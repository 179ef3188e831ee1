package io.snapdrill.worker.trigger;

import static io.snapdrill.worker.trigger.TriggerTestConfig.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3EventParserTest {
  @TempDir Path tmp;

  @Test
  void s3NotificationKeyIsUrlDecodedWithPlusForSpace() throws Exception {
    ParsedMessage parsed = S3EventParser.parse(event("s3-object-created.json"));

    assertThat(parsed.testEvent()).isFalse();
    assertThat(parsed.objectsCreated()).containsExactly(
        new ObjectCreated("logs-snapshots", "prod/es repo/snap-Xh3vQ9dTQ2aW1x_yZ-7a1g.dat", "ObjectCreated:Put"));
  }

  @Test
  void testEventAsksForNothing() throws Exception {
    ParsedMessage parsed = S3EventParser.parse(event("s3-test-event.json"));

    assertThat(parsed.testEvent()).isTrue();
    assertThat(parsed.objectsCreated()).isEmpty();
  }

  @Test
  void eventBridgeObjectCreatedKeyIsTakenAsWritten() throws Exception {
    assertThat(S3EventParser.parse(event("eventbridge-object-created.json")).objectsCreated()).containsExactly(
        new ObjectCreated("billing-snapshots", "snap-Bq1_c2V0LWJpbGxpbmc.dat", "Object Created"));
  }

  @Test
  void snsWrappedNotificationIsUnwrapped() throws Exception {
    String sns = new ObjectMapper().createObjectNode()
        .put("Type", "Notification")
        .put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
        .put("TopicArn", "arn:aws:sns:us-east-1:111122223333:snapshot-events")
        .put("Message", event("s3-object-created.json"))
        .toString();

    assertThat(S3EventParser.parse(sns).objectsCreated()).extracting(ObjectCreated::key)
        .containsExactly("prod/es repo/snap-Xh3vQ9dTQ2aW1x_yZ-7a1g.dat");
  }

  @Test
  void malformedEventsNameWhatIsWrong() {
    assertThatThrownBy(() -> S3EventParser.parse("{\"Records\": [ {\"eventName\": "))
        .isInstanceOf(MalformedEventException.class).hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> S3EventParser.parse(event("s3-missing-key.json")))
        .isInstanceOf(MalformedEventException.class).hasMessage("Records[0].s3.object.key: missing");
    assertThatThrownBy(() -> S3EventParser.parse("{\"hello\": 1}"))
        .isInstanceOf(MalformedEventException.class).hasMessageContaining("neither an S3 event notification");
    assertThatThrownBy(() -> S3EventParser.parse("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"snap-%zz.dat\"}}}]}"))
        .isInstanceOf(MalformedEventException.class).hasMessageContaining("Records[0].s3.object.key");
    assertThatThrownBy(() -> S3EventParser.parse(""))
        .isInstanceOf(MalformedEventException.class).hasMessage("empty message body");
  }

  @Test
  void routerMapsRootSnapshotBlobsToTheirClusterAndIgnoresOtherRepositoryBlobs() throws Exception {
    RepositoryRouter router = new RepositoryRouter(TriggerTestConfig.config(tmp));

    assertThat(router.route(S3EventParser.parse(event("s3-object-created.json")).objectsCreated().get(0)))
        .isEqualTo(new RepositoryRouter.Drill(new SnapshotRoute("logs-prod", "Xh3vQ9dTQ2aW1x_yZ-7a1g")));
    assertThat(router.route(S3EventParser.parse(event("eventbridge-object-created.json")).objectsCreated().get(0)))
        .isEqualTo(new RepositoryRouter.Drill(new SnapshotRoute("billing", "Bq1_c2V0LWJpbGxpbmc")));

    assertThat(router.route(new ObjectCreated("logs-snapshots", "prod/es+repo/snap-Xh3vQ9dTQ2aW1x_yZ-7a1g.dat", "Object Created")))
        .as("a form-encoded EventBridge key").isEqualTo(new RepositoryRouter.Drill(new SnapshotRoute("logs-prod", "Xh3vQ9dTQ2aW1x_yZ-7a1g")));

    ParsedMessage shardAndDelete = S3EventParser.parse(event("s3-shard-blob-created.json"));
    assertThat(shardAndDelete.otherEvents()).isEmpty();
    assertThat(shardAndDelete.objectsRemoved()).extracting(ObjectRemoved::eventName).containsExactly("ObjectRemoved:Delete");
    assertThat(router.route(shardAndDelete.objectsCreated().get(0))).isInstanceOf(RepositoryRouter.Ignore.class);
    assertThat(router.route(new ObjectCreated("logs-snapshots", "prod/es repo/meta-Xh3vQ9dTQ2aW1x_yZ-7a1g.dat", "x")))
        .isInstanceOf(RepositoryRouter.Ignore.class);

    assertThat(router.route(S3EventParser.parse(event("s3-unknown-bucket.json")).objectsCreated().get(0)))
        .isInstanceOf(RepositoryRouter.UnknownRepository.class)
        .extracting(d -> ((RepositoryRouter.UnknownRepository) d).why()).asString()
        .contains("bucket someone-elses-bucket is no configured cluster's storage.primary.bucket or storage.replica.bucket");
    assertThat(router.route(new ObjectCreated("logs-snapshots", "staging/snap-AAAA.dat", "x")))
        .isInstanceOf(RepositoryRouter.UnknownRepository.class)
        .extracting(d -> ((RepositoryRouter.UnknownRepository) d).why()).asString()
        .contains("outside every configured repository prefix", "logs-prod");
  }

  /**
   * The replica's copy of snap-UUID.dat says the snapshot reached the disaster-recovery region: the best
   * trigger there is. It routes to the same drill as the primary's event (same cluster and UUID).
   */
  @Test
  void anEventFromTheReplicaBucketRoutesToTheSameDrillAsThePrimarys() throws Exception {
    RepositoryRouter router = new RepositoryRouter(TriggerTestConfig.config(tmp));
    RepositoryRouter.Drill fromPrimary = new RepositoryRouter.Drill(new SnapshotRoute("logs-prod", "Xh3vQ9dTQ2aW1x_yZ-7a1g"));

    assertThat(router.route(new ObjectCreated("logs-snapshots-dr", "prod/es repo/snap-Xh3vQ9dTQ2aW1x_yZ-7a1g.dat",
        "ObjectCreated:Put"))).isEqualTo(fromPrimary);
    assertThat(router.route(new ObjectCreated("billing-snapshots-dr", "snap-Bq1_c2V0LWJpbGxpbmc.dat", "ObjectCreated:Put")))
        .isEqualTo(new RepositoryRouter.Drill(new SnapshotRoute("billing", "Bq1_c2V0LWJpbGxpbmc")));
    assertThat(router.route(new ObjectCreated("logs-snapshots-dr", "prod/es repo/indices/x/0/snap-Xh3vQ9dTQ2aW1x_yZ-7a1g.dat", "x")))
        .isInstanceOf(RepositoryRouter.Ignore.class);
    assertThat(router.route(new ObjectCreated("logs-snapshots-dr", "staging/snap-AAAA.dat", "x")))
        .isInstanceOf(RepositoryRouter.UnknownRepository.class)
        .extracting(d -> ((RepositoryRouter.UnknownRepository) d).why()).asString()
        .contains("outside every configured repository prefix", "storage.replica.prefix", "logs-prod");
  }
}
