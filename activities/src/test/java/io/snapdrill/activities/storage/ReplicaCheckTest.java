package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.ImmutableBlobCache;
import io.snapdrill.activities.blob.RequestCounter;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.repository.SnapshotBlobs;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.activities.testing.SyntheticRepository;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.StoredEvidence;
import com.fasterxml.jackson.core.type.TypeReference;
import io.temporal.common.converter.DefaultDataConverter;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import io.snapdrill.model.BlobProblem;
import io.snapdrill.model.BlobProblemKind;
import io.snapdrill.model.ReplicaCheck;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.ReplicationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClientBuilder;

/**
 * CONFIRM_REPLICATION's blob-by-blob check on S3Mock. Nothing replicates there, so each test makes
 * the replica the way out-of-order replication leaves it: a blob not copied yet, a torn copy, a root
 * blob from before the snapshot, a delete marker.
 */
class ReplicaCheckTest {
  private static final S3MockServer SERVER = S3MockServer.shared();
  private static final String PREFIX = "es/prod";
  private static final Path REPOSITORY = FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH);
  private static BucketConfig primary;
  private static SnapshotBlobs snap2;
  private static RepositoryData data;

  private final RequestCounter counter = new RequestCounter();
  private final S3Client s3 = SERVER.client();
  private BucketConfig replica;
  private TestActivityEnvironment env;
  private ReplicationActivities activities;

  @BeforeAll
  static void primaryRepository() {
    S3Client s3 = SERVER.client();
    primary = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("rc-primary"), PREFIX);
    SERVER.createVersionedBucket(s3, primary.bucket());
    RepositoryBuckets.upload(s3, REPOSITORY, primary.bucket(), primary.keyPrefix());
    RepositoryReader reader = new RepositoryReader(new S3BlobStore(s3, primary.bucket(), primary.keyPrefix()));
    var root = reader.latestRoot();
    data = reader.repositoryData(root);
    snap2 = reader.requiredBlobs(root, data, "snap-2");
  }

  @BeforeEach
  void setUp() {
    replica = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("rc-replica"), PREFIX);
    SERVER.createVersionedBucket(s3, replica.bucket());
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ReplicationActivitiesImpl(
        StorageFixtures.directory("prod", primary, replica), StorageFixtures.clients(counter)));
    activities = env.newActivityStub(ReplicationActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void completeReplicaHasNoProblemsAndTakesOneListing() {
    RepositoryBuckets.upload(s3, REPOSITORY, replica.bucket(), replica.keyPrefix());
    counter.reset();
    ReplicaCheck check = activities.checkReplica(request());
    assertThat(check.complete()).as("%s", check.problems()).isTrue();
    assertThat(check.replicaBucket()).isEqualTo(replica.bucket());
    assertThat(check.requiredBlobs()).isEqualTo(snap2.blobs().size());
    assertThat(check.requiredBytes()).isEqualTo(snap2.totalBytes());
    // the replica is listed once (42 objects: one page); the primary is read blob by blob for metadata only
    assertThat(counter.count("ListObjectVersions")).isEqualTo(1);
    long metadataBlobs = snap2.blobs().stream().filter(b -> b.need() != RequiredBlob.Need.DATA
        && b.need() != RequiredBlob.Need.ROOT).count();
    assertThat(counter.count("GetObject")).isEqualTo(metadataBlobs + 2); // + index-2 and index.latest
    assertThat(counter.count("HeadObject")).isZero();
  }

  @Test
  void replicaMissingOneShardDataBlob() {
    String missing = firstDataBlob();
    uploadReplicaExcept(missing);
    ReplicaCheck check = activities.checkReplica(request());
    assertThat(check.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(BlobProblemKind.MISSING);
      assertThat(p.bucket()).isEqualTo(replica.bucket());
      assertThat(p.key()).isEqualTo(replica.keyPrefix() + missing);
      assertThat(p.describe()).contains("s3://" + replica.bucket() + "/" + replica.keyPrefix() + missing);
    });
    assertThat(check.onlyDeleteMarkersRemain()).isFalse();
  }

  @Test
  void replicaWithABlobOfTheWrongSize() throws Exception {
    String torn = firstDataBlob();
    uploadReplicaExcept(torn);
    byte[] bytes = Files.readAllBytes(REPOSITORY.resolve(torn));
    s3.putObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + torn),
        RequestBody.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length / 2)));
    ReplicaCheck check = activities.checkReplica(request());
    assertThat(check.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(BlobProblemKind.WRONG_SIZE);
      assertThat(p.key()).isEqualTo(replica.keyPrefix() + torn);
      assertThat(p.expectedSize()).isEqualTo(bytes.length);
      assertThat(p.actualSize()).isEqualTo(bytes.length / 2);
    });
  }

  @Test
  void replicaWithAnOutOfDateRootBlob() throws Exception {
    // replication copied everything but the newest root: the replica's newest root is from before snap-2
    uploadReplicaExcept("index-2");
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(REPOSITORY.resolve("index-2").toFile());
    String snap2Uuid = snap2.snapshotUuid();
    removeSnapshot(root, snap2Uuid);
    byte[] older = new ObjectMapper().writeValueAsBytes(root);
    s3.putObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + "index-1"), RequestBody.fromBytes(older));

    ReplicaCheck check = activities.checkReplica(request());
    assertThat(check.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(BlobProblemKind.STALE_ROOT);
      assertThat(p.key()).isEqualTo(replica.keyPrefix() + "index-1");
      assertThat(p.describe()).contains("index-1");
    });

    // an older root that already names the snapshot is enough to restore it
    s3.putObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + "index-1"),
        RequestBody.fromFile(REPOSITORY.resolve("index-2")));
    assertThat(activities.checkReplica(request()).complete()).isTrue();
  }

  @Test
  void replicaBlobHiddenByADeleteMarker() {
    RepositoryBuckets.upload(s3, REPOSITORY, replica.bucket(), replica.keyPrefix());
    String hidden = firstDataBlob();
    s3.deleteObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + hidden));
    ReplicaCheck check = activities.checkReplica(request());
    assertThat(check.problems()).extracting(BlobProblem::kind, BlobProblem::key)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(BlobProblemKind.HIDDEN_BY_DELETE_MARKER, replica.keyPrefix() + hidden));
    assertThat(check.onlyDeleteMarkersRemain()).isTrue();
  }

  /**
   * A lifecycle expiry on the PRIMARY (Rewind-style) puts a delete marker on index metadata that every
   * snapshot since Elasticsearch 7.9 shares ({@code indices/<id>/meta-<identifier>.dat}); the replica
   * still holds it, as S3 never replicates a marker that expiry made. The check works out what the
   * snapshot needs through the blob's earlier version and reports the marker as hidden, so the drill
   * goes on to AUDIT_STORAGE, which names it and may heal it, instead of failing "broken everywhere".
   */
  @Test
  void sharedIndexMetadataHiddenOnThePrimaryIsReportedAsHiddenNotMissing() {
    BucketConfig expired = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("rc-expired"), PREFIX);
    SERVER.createVersionedBucket(s3, expired.bucket());
    RepositoryBuckets.upload(s3, REPOSITORY, expired.bucket(), expired.keyPrefix());
    RepositoryBuckets.upload(s3, REPOSITORY, replica.bucket(), replica.keyPrefix());
    String shared = snap2.blobs().stream().filter(b -> b.need() == RequiredBlob.Need.INDEX_METADATA)
        .map(RequiredBlob::key).filter(k -> k.endsWith("/meta-yn-pAaIBQiOg1VmExZKx.dat")).findFirst().orElseThrow();
    long size = snap2.blobs().stream().filter(b -> b.key().equals(shared)).findFirst().orElseThrow().size();
    s3.deleteObject(b -> b.bucket(expired.bucket()).key(expired.keyPrefix() + shared));
    env.close();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ReplicationActivitiesImpl(
        StorageFixtures.directory("prod", expired, replica), StorageFixtures.clients(counter)));
    activities = env.newActivityStub(ReplicationActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());

    ReplicaCheck check = activities.checkReplica(request());

    assertThat(check.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(BlobProblemKind.HIDDEN_BY_DELETE_MARKER);
      assertThat(p.bucket()).isEqualTo(expired.bucket());
      assertThat(p.key()).isEqualTo(expired.keyPrefix() + shared);
      assertThat(p.expectedSize()).isEqualTo(size);
      assertThat(p.describe()).contains("s3://" + expired.bucket() + "/" + expired.keyPrefix() + shared);
    });
    assertThat(check.requiredBlobs()).as("worked out through the earlier version").isEqualTo(snap2.blobs().size());
    assertThat(check.onlyDeleteMarkersRemain()).isTrue();
    // what AUDIT_STORAGE then finds on the primary: the marker, with the version a heal would bring back
    var audit = StorageAuditor.audit("primary", expired, s3, null, stage -> { });
    assertThat(audit.deleteMarkers()).singleElement().satisfies(m -> {
      assertThat(m.key()).isEqualTo(expired.keyPrefix() + shared);
      assertThat(m.previousVersionId()).isNotNull();
      assertThat(m.breaksSnapshots()).containsExactlyInAnyOrder("snap-1", "snap-2", "snap-3");
    });
  }

  /**
   * A replica blob in GLACIER has the right size: the listing's storage class is what shows it cannot be
   * restored from. Waiting does not help, so the check fails at once instead of at RESTORE.
   */
  @Test
  void replicaBlobInAnArchiveStorageClassFailsAtOnce() throws Exception {
    RepositoryBuckets.upload(s3, REPOSITORY, replica.bucket(), replica.keyPrefix());
    String cold = firstDataBlob();
    s3.putObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + cold)
        .storageClass(software.amazon.awssdk.services.s3.model.StorageClass.GLACIER), RequestBody.fromFile(REPOSITORY.resolve(cold)));

    var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> activities.checkReplica(request()));

    assertThat(thrown).isInstanceOf(io.temporal.failure.ActivityFailure.class);
    var failure = (io.temporal.failure.ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo(io.snapdrill.model.FailureType.REPLICA_INCOMPLETE.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("1 blob(s)").contains(replica.keyPrefix() + cold)
        .contains("archive storage class");
  }

  /**
   * S3 answers GetObject on an archived object with 403 InvalidObjectState: that is not a permission
   * problem. WireMock sits in front of S3Mock for the primary and answers so for one metadata blob.
   */
  @Test
  void archivedPrimaryBlobIsNamedAsArchivedNotAsPermissions() {
    RepositoryBuckets.upload(s3, REPOSITORY, replica.bucket(), replica.keyPrefix());
    String meta = snap2.blobs().stream().filter(b -> b.need() == RequiredBlob.Need.SHARD_SNAPSHOT).findFirst()
        .orElseThrow().key();
    WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    proxy.start();
    try {
      proxy.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10)
          .willReturn(WireMock.aResponse().proxiedFrom(SERVER.endpoint().toString())));
      proxy.stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + primary.bucket() + "/" + primary.keyPrefix() + meta))
          .atPriority(1).willReturn(WireMock.aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
              .withBody(io.snapdrill.activities.testing.S3Stub.invalidObjectState("DEEP_ARCHIVE"))));
      BucketConfig proxied = StorageFixtures.bucket(URI.create("http://127.0.0.1:" + proxy.port()), primary.bucket(), PREFIX);
      env.close();
      env = TestActivityEnvironment.newInstance();
      // a worker that has not read the blob yet: the class's other tests read the same primary, and a
      // worker that has serves the (immutable) blob from its cache without asking S3
      env.registerActivitiesImplementations(new ReplicationActivitiesImpl(
          StorageFixtures.directory("prod", proxied, replica), StorageFixtures.clients(),
          io.snapdrill.activities.evidence.EvidenceStore.temporary(), new io.snapdrill.activities.blob.ImmutableBlobCache(io.snapdrill.activities.blob.ImmutableBlobCache.DEFAULT_MAX_BYTES)));
      activities = env.newActivityStub(ReplicationActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());

      var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> activities.checkReplica(request()));

      var failure = (io.temporal.failure.ApplicationFailure) thrown.getCause();
      assertThat(failure.getType()).isEqualTo(io.snapdrill.model.FailureType.REPLICA_INCOMPLETE.name());
      assertThat(failure.getOriginalMessage()).contains("s3://" + primary.bucket() + "/" + primary.keyPrefix() + meta)
          .contains("DEEP_ARCHIVE").contains("RestoreObject").doesNotContain("IAM");
    } finally {
      proxy.stop();
    }
  }

  /**
   * No local server implements S3 Control: WireMock answers CreateJob, and the test checks the request
   * the SDK sent (a generated manifest of the not-yet-replicated objects under the prefix).
   */
  @Test
  void missingBlobsStartABatchReplicationJobWhereConfigured() {
    WireMockServer s3control = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    s3control.start();
    try {
      s3control.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v20180820/jobs")).willReturn(WireMock.okXml(
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CreateJobResult><JobId>job-4711</JobId></CreateJobResult>")));
      String role = "arn:aws:iam::123456789012:role/batch-replication";
      var storage = new io.snapdrill.activities.config.StorageConfig(primary, replica,
          new io.snapdrill.activities.config.BatchReplicationConfig(true, "123456789012", role), null);
      env.close();
      env = TestActivityEnvironment.newInstance();
      env.registerActivitiesImplementations(new ReplicationActivitiesImpl(
          StorageFixtures.directory("prod", storage), new AwsClients(builder -> {
            StorageFixtures.forLocalServer(builder);
            if (builder instanceof S3ControlClientBuilder control) {
              s3Control(control, s3control.port());
            }
          })));
      activities = env.newActivityStub(ReplicationActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());

      RepositoryBuckets.upload(s3, REPOSITORY, replica.bucket(), replica.keyPrefix());
      assertThat(activities.checkReplica(request()).batchReplicationJobId()).as("complete: no job").isNull();
      s3control.verify(0, WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v20180820/jobs")));

      String missing = firstDataBlob();
      s3.deleteObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + missing));
      s3.putObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + "index-2"), RequestBody.fromString("torn"));
      String other = snap2.blobs().stream().filter(b -> b.need() == RequiredBlob.Need.SHARD_SNAPSHOT).findFirst()
          .orElseThrow().key();
      // a blob never copied at all is what batch replication is for
      var versions = s3.listObjectVersions(b -> b.bucket(replica.bucket()).prefix(replica.keyPrefix() + other));
      versions.versions().forEach(v -> s3.deleteObject(b -> b.bucket(replica.bucket()).key(v.key()).versionId(v.versionId())));

      ReplicaCheck check = activities.checkReplica(request());
      assertThat(check.batchReplicationJobId()).isEqualTo("job-4711");
      assertThat(check.problems()).extracting(BlobProblem::kind)
          .contains(BlobProblemKind.MISSING, BlobProblemKind.WRONG_SIZE, BlobProblemKind.HIDDEN_BY_DELETE_MARKER);
      s3control.verify(1, WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v20180820/jobs"))
          .withHeader("x-amz-account-id", WireMock.equalTo("123456789012"))
          .withRequestBody(WireMock.containing("<RoleArn>" + role + "</RoleArn>"))
          .withRequestBody(WireMock.containing("<SourceBucket>arn:aws:s3:::" + primary.bucket() + "</SourceBucket>"))
          .withRequestBody(WireMock.containing("<MatchAnyPrefix><member>es/prod/</member></MatchAnyPrefix>"))
          .withRequestBody(WireMock.containing("<S3ReplicateObject"))
          .withRequestBody(WireMock.containing("<ClientRequestToken>snapdrill-")));
    } finally {
      s3control.stop();
    }
  }

  private static void s3Control(S3ControlClientBuilder builder, int port) {
    builder
        .endpointOverride(URI.create("http://localhost:" + port))
        .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
            // S3 Control's endpoint rules put the account id in front of the host (123456789012.localhost);
            // send the request to 127.0.0.1, where WireMock listens
            .addExecutionInterceptor(new ExecutionInterceptor() {
              @Override
              public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                return context.httpRequest().toBuilder().host("127.0.0.1").build();
              }
            }));
  }

  @Test
  void emptyReplicaMissesEverything() {
    ReplicaCheck check = activities.checkReplica(request());
    assertThat(check.totalProblems()).isEqualTo(snap2.blobs().size());
    // more than a check lists: the first few as examples, every one in the evidence
    assertThat(check.problems()).hasSize(ReplicaCheck.LISTED).allMatch(p -> p.kind() == BlobProblemKind.MISSING);
    assertThat(check.problemEvidence().count()).isEqualTo(snap2.blobs().size());
  }

  /**
   * A replica that holds none of a large snapshot's 20,000 data blobs (a new replication rule, a bucket
   * nobody backfilled): the check is recorded in the drill's history at every re-check of a wait of hours,
   * so its payload stays small (the first few problems and the counts) and the report store holds every
   * problem under the digest the payload names.
   */
  @Test
  void twentyThousandMissingBlobsStayOutOfThePayloadAndAllGoToTheEvidence(@TempDir Path reports) throws Exception {
    var layout = SyntheticRepository.generate(20, 1_000);
    BucketConfig large = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("rc-large"), PREFIX);
    SERVER.createVersionedBucket(s3, large.bucket());
    // the check reads the primary's metadata only: data blob sizes come from the shard metadata
    layout.metadata().forEach((key, bytes) ->
        s3.putObject(b -> b.bucket(large.bucket()).key(large.keyPrefix() + key), RequestBody.fromBytes(bytes)));
    EvidenceStore store = EvidenceStore.inDirectory(reports);
    env.close();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ReplicationActivitiesImpl(
        StorageFixtures.directory("prod", large, replica), StorageFixtures.clients(counter), store));
    activities = env.newActivityStub(ReplicationActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());

    ReplicaCheck check = activities.checkReplica(new StorageCheckRequest("prod", layout.snapshotUuid(), 7));

    int expected = check.totalProblems(); // the 20,000 data blobs and the metadata: the replica is empty
    assertThat(expected).isGreaterThan(20_000);
    assertThat(check.problems()).hasSize(ReplicaCheck.LISTED);
    assertThat(check.complete()).isFalse();
    assertThat(check.onlyDeleteMarkersRemain()).isFalse();
    int payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(check).orElseThrow().getSerializedSize();
    assertThat(payload).isLessThan(64 * 1024);

    StoredEvidence evidence = check.problemEvidence();
    assertThat(evidence.count()).isEqualTo(expected);
    assertThat(evidence.uri()).endsWith("/evidence/replica-check-7-problems.json").startsWith(reports.toAbsolutePath().toString());
    assertThat(evidence.sha256()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(evidence.uri())))));
    List<BlobProblem> all = store.read(evidence, new TypeReference<List<BlobProblem>>() {});
    assertThat(all).hasSize(expected).startsWith(check.problems().toArray(BlobProblem[]::new))
        .allMatch(p -> p.kind() == BlobProblemKind.MISSING);
    assertThat(all.stream().filter(p -> p.key().matches(".*/__s\\d+f\\d+")).map(BlobProblem::key).distinct().count())
        .isEqualTo(20_000);
  }

  /**
   * An attempt that failed mid-listing (a worker lost): the retry, on another worker, reads the position
   * the attempt heartbeated and lists the replica only from there, with the check of a whole run; the
   * problems found before it come back from the report store.
   */
  @Test
  void aRetryFromPageKListsOnlyTheRemainingPagesWithTheSameCheck(@TempDir Path reports) throws Exception {
    int page = 5;
    List<String> dataBlobs = snap2.blobs().stream().filter(b -> b.need() == RequiredBlob.Need.DATA)
        .map(RequiredBlob::key).sorted().toList();
    Set<String> missing = Set.of(dataBlobs.get(0), dataBlobs.get(1), dataBlobs.get(dataBlobs.size() / 2),
        dataBlobs.get(dataBlobs.size() - 1));
    uploadReplicaExcept(missing);
    EvidenceStore store = EvidenceStore.inDirectory(reports);
    activities = resumable(store, page);
    counter.reset();
    ReplicaCheck full = activities.checkReplica(request());
    long fullListings = counter.count("ListObjectVersions");
    assertThat(full.problems()).hasSize(4).allMatch(p -> p.kind() == BlobProblemKind.MISSING);
    assertThat(fullListings).isGreaterThan(4);

    // what the attempt before heartbeated after page k: taken as the activity does (the heartbeats a
    // test environment passes on are throttled); problems beyond one go to the report store
    List<ReplicaProgress> positions = new java.util.ArrayList<>();
    ReplicaChecker.check(new S3BlobStore(s3, primary.bucket(), primary.keyPrefix()),
        new S3BlobStore(s3, replica.bucket(), replica.keyPrefix(), page), snap2.snapshotUuid(), null,
        positions::add, message -> {}, new ReplicaChecker.ProblemParts() {
          @Override
          public StoredEvidence put(int part, List<BlobProblem> problems) {
            return store.put("resume-test", "part-" + part, problems);
          }

          @Override
          public List<BlobProblem> read(StoredEvidence part) {
            return store.read(part, new TypeReference<List<BlobProblem>>() {});
          }
        }, 1);
    assertThat(positions).hasSize((int) fullListings);
    ReplicaProgress afterK = positions.stream().filter(p -> !p.stored().isEmpty() && !p.listing().done())
        .findFirst().orElseThrow();
    int k = positions.indexOf(afterK) + 1;
    assertThat(afterK.problemCount()).isBetween(2, 3);

    activities = resumable(store, page);
    env.setHeartbeatDetails(afterK);
    counter.reset();
    ReplicaCheck resumed = activities.checkReplica(request());

    assertThat(resumed).isEqualTo(full);
    assertThat(counter.count("ListObjectVersions")).isEqualTo(fullListings - k);

    // a part changed since: not the problems the attempt before found, so the retry checks from the first page
    Path part = Path.of(afterK.stored().get(0).uri());
    Files.writeString(part, Files.readString(part).replaceFirst("MISSING", "WRONG_SIZE"));
    activities = resumable(store, page);
    env.setHeartbeatDetails(afterK);
    counter.reset();
    assertThat(activities.checkReplica(request())).isEqualTo(full);
    assertThat(counter.count("ListObjectVersions")).isEqualTo(fullListings);
  }

  private ReplicationActivities resumable(EvidenceStore store, int page) {
    env.close();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ReplicationActivitiesImpl(StorageFixtures.directory("prod", primary,
        replica), StorageFixtures.clients(counter), store, new ImmutableBlobCache(ImmutableBlobCache.DEFAULT_MAX_BYTES),
        page, 1));
    return env.newActivityStub(ReplicationActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private static void removeSnapshot(ObjectNode root, String uuid) {
    ArrayNode snapshots = (ArrayNode) root.get("snapshots");
    for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = snapshots.elements(); it.hasNext(); ) {
      if (uuid.equals(it.next().path("uuid").asText())) {
        it.remove();
      }
    }
    root.get("indices").elements().forEachRemaining(index -> {
      for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = index.get("snapshots").elements(); it.hasNext(); ) {
        if (uuid.equals(it.next().asText())) {
          it.remove();
        }
      }
    });
  }

  private StorageCheckRequest request() {
    return new StorageCheckRequest("prod", snap2.snapshotUuid(), 1);
  }

  private static String firstDataBlob() {
    return snap2.blobs().stream().filter(b -> b.need() == RequiredBlob.Need.DATA).map(RequiredBlob::key)
        .filter(k -> k.contains(".part")).findFirst().orElseThrow();
  }

  private void uploadReplicaExcept(String key) {
    uploadReplicaExcept(Set.of(key));
  }

  private void uploadReplicaExcept(Set<String> keys) {
    try (var files = Files.walk(REPOSITORY)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String relative = REPOSITORY.relativize(file).toString();
        if (!keys.contains(relative)) {
          s3.putObject(b -> b.bucket(replica.bucket()).key(replica.keyPrefix() + relative), RequestBody.fromFile(file));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
