package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.repository.SnapshotBlobs;
import io.snapdrill.activities.testing.LocalS3Server;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3Stub;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.BucketAudit;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.RemovedMarker;
import io.snapdrill.model.RestoredVersion;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * Healing delete markers on local-s3, which keeps versions and answers deletes as AWS does (the
 * x-amz-delete-marker header of a version delete; S3Mock 5.2.0 answers false for a marker). What no
 * local server does (MFA Delete, a delete S3 does not confirm) is answered by WireMock.
 */
class DeleteMarkerHealingTest {
  private static final LocalS3Server SERVER = LocalS3Server.shared();
  private static final String PREFIX = "snapshots/prod";

  private final S3Client s3 = SERVER.client();
  private TestActivityEnvironment env;
  private StorageAuditActivities activities;
  private BucketConfig primary;
  private BucketConfig replica;

  @BeforeEach
  void setUp() {
    primary = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("heal-primary"), PREFIX);
    replica = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("heal-replica"), PREFIX);
    for (String bucket : List.of(primary.bucket(), replica.bucket())) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    env = TestActivityEnvironment.newInstance();
    activities = StorageFixtures.storageAudit(env, primary, replica);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private void uploadRepositories() {
    Path repository = FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH);
    RepositoryBuckets.upload(s3, repository, primary.bucket(), primary.keyPrefix());
    RepositoryBuckets.upload(s3, repository, replica.bucket(), replica.keyPrefix());
  }

  /** The restore-a-thon failure: a delete marker over a blob of the FIRST snapshot breaks them all. */
  @Test
  void deleteMarkerOnAFirstSnapshotBlobIsFoundNamedAndHealed(@TempDir Path work) {
    uploadRepositories();
    RepositoryReader reader = new RepositoryReader(new S3BlobStore(s3, primary.bucket(), primary.keyPrefix()));
    var root = reader.latestRoot();
    RepositoryData data = reader.repositoryData(root);
    SnapshotBlobs first = reader.requiredBlobs(root, data, "snap-1");
    String logsPath = "indices/" + data.indices().get("logs").id() + "/";
    String shared = first.blobs().stream()
        .filter(b -> b.need() == RequiredBlob.Need.DATA && b.key().startsWith(logsPath))
        .map(RequiredBlob::key).findFirst().orElseThrow();
    String sharedKey = primary.keyPrefix() + shared;
    // what a 7-day expiration rule does on a versioned bucket; plus a stray object nobody needs
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(sharedKey));
    // what deleting old snapshots leaves on a versioned bucket: markers over blobs no snapshot needs
    int strays = BucketAudit.NEEDLESS_LISTED + 2;
    for (int i = 0; i < strays; i++) {
      String strayKey = primary.keyPrefix() + "indices/stray/0/__leftover-" + i;
      s3.putObject(b -> b.bucket(primary.bucket()).key(strayKey), RequestBody.fromString("x"));
      s3.deleteObject(b -> b.bucket(primary.bucket()).key(strayKey));
    }

    StorageAudit audit = activities.auditStorage(new StorageCheckRequest("prod", data.snapshot("snap-2").orElseThrow().uuid(), 1));

    List<DeleteMarker> breaking = audit.markersHidingNeededBlobs();
    assertThat(breaking).singleElement().satisfies(m -> {
      assertThat(m.bucket()).isEqualTo(primary.bucket());
      assertThat(m.key()).isEqualTo(sharedKey);
      assertThat(m.breaksSnapshots()).containsExactly("snap-1", "snap-2", "snap-3");
      assertThat(m.healable()).isTrue();
    });
    // counted, a few listed: thousands of them must not swell the activity's result
    assertThat(audit.buckets().get(0).deleteMarkers()).filteredOn(m -> !m.neededBySnapshot())
        .hasSize(BucketAudit.NEEDLESS_LISTED)
        .allSatisfy(m -> assertThat(m.key()).startsWith(primary.keyPrefix() + "indices/stray/0/__leftover-"));
    assertThat(audit.buckets().get(0).needlessMarkerCount()).isEqualTo(strays);
    assertThat(audit.buckets().get(1).needlessMarkerCount()).isZero();
    assertThat(audit.buckets().get(1).deleteMarkers()).isEmpty();

    HealReport dryRun = activities.healDeleteMarkers(new HealRequest("prod", breaking, true));
    assertThat(dryRun.dryRun()).isTrue();
    assertThat(dryRun.removed()).hasSize(1);
    assertThat(activities.auditStorage(new StorageCheckRequest("prod", "x", 2)).markersHidingNeededBlobs())
        .as("a dry run changes nothing").hasSize(1);

    HealReport healed = activities.healDeleteMarkers(new HealRequest("prod", breaking, false));
    assertThat(healed.removed()).containsExactlyElementsOf(breaking);
    assertThat(healed.unhealable()).isEmpty();
    assertThat(healed.removedMarkers()).containsExactly(
        new RemovedMarker(primary.bucket(), sharedKey, breaking.get(0).markerVersionId()));
    // the version under the marker, as the listing after the last delete showed it current
    assertThat(healed.restoredVersions()).containsExactly(
        new RestoredVersion(primary.bucket(), sharedKey, breaking.get(0).previousVersionId()));
    assertThat(dryRun.restoredVersions()).as("a dry run brings nothing back").isEmpty();
    HealReport again = activities.healDeleteMarkers(new HealRequest("prod", breaking, false));
    assertThat(again.removed()).as("idempotent").containsExactlyElementsOf(breaking);
    assertThat(again.removedMarkers()).as("nothing left to remove").isEmpty();
    assertThat(again.restoredVersions()).as("nothing brought back the second time").isEmpty();

    assertThat(activities.auditStorage(new StorageCheckRequest("prod", "x", 3)).markersHidingNeededBlobs()).isEmpty();
    // the repository lists and reads again: every blob of every snapshot is back, byte for byte
    Path copy = RepositoryBuckets.download(s3, primary.bucket(), primary.keyPrefix(), work.resolve("repo"));
    RepositoryReader healedReader = new RepositoryReader(new io.snapdrill.activities.blob.DirectoryBlobStore(copy));
    var healedRoot = healedReader.latestRoot();
    for (String snapshot : List.of("snap-1", "snap-2", "snap-3")) {
      SnapshotBlobs blobs = healedReader.requiredBlobs(healedRoot, healedReader.repositoryData(healedRoot), snapshot);
      for (RequiredBlob blob : blobs.blobs()) {
        assertThat(copy.resolve(blob.key())).as(blob.key()).hasSameBinaryContentAs(
            FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH).resolve(blob.key()));
      }
    }
  }

  /** Every data blob of every snapshot, hidden in both buckets: what a lifecycle expiry does to a repository. */
  private java.util.Set<String> hideEveryDataBlob() {
    uploadRepositories();
    RepositoryReader reader = new RepositoryReader(new S3BlobStore(s3, primary.bucket(), primary.keyPrefix()));
    var root = reader.latestRoot();
    RepositoryData data = reader.repositoryData(root);
    java.util.Set<String> keys = new java.util.TreeSet<>();
    for (String snapshot : List.of("snap-1", "snap-2", "snap-3")) {
      reader.requiredBlobs(root, data, snapshot).blobs().stream()
          .filter(b -> b.need() == RequiredBlob.Need.DATA).forEach(b -> keys.add(b.key()));
    }
    for (BucketConfig bucket : List.of(primary, replica)) {
      keys.forEach(key -> s3.deleteObject(b -> b.bucket(bucket.bucket()).key(bucket.keyPrefix() + key)));
    }
    return keys;
  }

  /**
   * More needed blobs hidden than an audit lists: it names the first {@link BucketAudit#LISTED} of each bucket,
   * counts and stores them all, and healing, given the stored lists, brings every one back.
   */
  @Test
  void moreHiddenBlobsThanAnAuditListsAreStoredAndEveryOneIsHealed() {
    int hidden = hideEveryDataBlob().size();
    assertThat(hidden).isGreaterThan(BucketAudit.LISTED);

    StorageAudit audit = activities.auditStorage(new StorageCheckRequest("prod", "x", 1));

    for (BucketAudit bucket : audit.buckets()) {
      assertThat(bucket.listedNeededMarkers()).hasSize(BucketAudit.LISTED);
      assertThat(bucket.neededMarkerCount()).isEqualTo(hidden);
      assertThat(bucket.neededMarkerEvidence()).isNotNull();
      assertThat(bucket.neededMarkerEvidence().count()).isEqualTo(hidden);
    }
    assertThat(audit.markersHidingNeededBlobs()).hasSize(2 * BucketAudit.LISTED);
    assertThat(audit.neededMarkerCount()).isEqualTo(2 * hidden);

    HealRequest request = new HealRequest("prod", audit.markersHidingNeededBlobs(), false, audit.neededMarkerEvidence());
    HealReport dryRun = activities.healDeleteMarkers(new HealRequest("prod", request.markers(), true, request.markerEvidence()));
    assertThat(dryRun.healedBlobs()).isEqualTo(2 * hidden);
    HealReport healed = activities.healDeleteMarkers(request);

    assertThat(healed.healedBlobs()).isEqualTo(2 * hidden);
    assertThat(healed.markersRemoved()).isEqualTo(2 * hidden);
    assertThat(healed.unhealableBlobs()).isZero();
    StorageAudit after = activities.auditStorage(new StorageCheckRequest("prod", "x", 1));
    assertThat(after.neededMarkerCount()).isZero();
    assertThat(after.markersHidingNeededBlobs()).isEmpty();
  }

  /** Healing acts on the stored list only if it is the one the audit wrote: another file is refused, nothing deleted. */
  @Test
  void storedMarkersThatAreNotTheAuditsAreRefusedBeforeAnyDelete() throws Exception {
    int hidden = hideEveryDataBlob().size();
    StorageAudit audit = activities.auditStorage(new StorageCheckRequest("prod", "x", 1));
    Path stored = Path.of(audit.neededMarkerEvidence().get(0).uri());
    String json = java.nio.file.Files.readString(stored);
    // the same markers, one fewer snapshot named: still valid JSON with the same count
    java.nio.file.Files.writeString(stored, json.replaceFirst("\"snap-1\",", ""));

    Throwable thrown = catchThrowable(() -> activities.healDeleteMarkers(
        new HealRequest("prod", audit.markersHidingNeededBlobs(), false, audit.neededMarkerEvidence())));

    // no retry makes the file the audit's again: refused at once, typed, naming the file
    assertThat(thrown).isInstanceOf(io.temporal.failure.ActivityFailure.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(FailureType.STAGE_ERROR.name());
    assertThat(failure.getOriginalMessage()).contains(stored.toString()).contains("SHA-256")
        .contains("run the storage audit again");
    assertThat(activities.auditStorage(new StorageCheckRequest("prod", "x", 2)).neededMarkerCount()).isEqualTo(2 * hidden);
  }

  @Test
  void markerWithNothingUnderItIsUnhealable() {
    // a marker whose versions were all deleted since (what NoncurrentVersionExpiration leaves)
    String key = primary.keyPrefix() + "indices/expired/0/__gone";
    String version = s3.putObject(b -> b.bucket(primary.bucket()).key(key), RequestBody.fromString("x")).versionId();
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(key));
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(key).versionId(version));
    var listing = new S3BlobStore(s3, primary.bucket(), "").listVersions(key).hiddenBlobs();
    assertThat(listing).singleElement().satisfies(h -> assertThat(h.previous()).isNull());
    DeleteMarker marker = new DeleteMarker(primary.bucket(), key, listing.get(0).markerVersionId(), null, List.of("snap-1"));
    DeleteMarker elsewhere = new DeleteMarker("someone-elses-bucket", key, "v1", "v0", List.of("snap-1"));
    HealReport report = activities.healDeleteMarkers(new HealRequest("prod", List.of(marker, elsewhere), false));
    assertThat(report.removed()).isEmpty();
    assertThat(report.unhealable()).containsExactly(marker, elsewhere);
  }

  /**
   * Three markers stacked over the newest real version (a cleanup job run three times): removing the
   * audited one alone leaves the blob hidden. The key's versions span pages of two, and a neighbour
   * key that shares its prefix keeps its own marker.
   */
  @Test
  void stackedMarkersAreRemovedDownToTheNewestRealVersionAcrossListingPages() {
    String key = PREFIX + "/indices/a/0/__blob";
    String neighbour = key + "-neighbour";
    String older = put(key, "older");
    String newest = put(key, "newest");
    put(neighbour, "n");
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(neighbour));
    List<String> markers = List.of(mark(key), mark(key), mark(key));
    DeleteMarker audited = new DeleteMarker(primary.bucket(), key, markers.get(2), newest, List.of("snap-1"));

    HealReport dryRun = DeleteMarkerHealer.heal(List.of(audited), true, b -> s3, p -> { }, 2);
    assertThat(dryRun.removed()).containsExactly(audited);
    assertThat(versions(key).deleteMarkers()).filteredOn(m -> m.key().equals(key)).as("a dry run changes nothing")
        .hasSize(3);

    HealReport report = DeleteMarkerHealer.heal(List.of(audited), false, b -> s3, p -> { }, 2);

    assertThat(report.removed()).containsExactly(audited);
    assertThat(report.removedMarkers()).extracting(RemovedMarker::versionId)
        .containsExactlyInAnyOrderElementsOf(markers);
    assertThat(report.removedMarkerCount()).isEqualTo(3);
    assertThat(report.restoredVersions()).containsExactly(new RestoredVersion(primary.bucket(), key, newest));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(primary.bucket()).key(key)).asUtf8String()).isEqualTo("newest");
    ListObjectVersionsResponse left = versions(key);
    assertThat(left.deleteMarkers()).filteredOn(m -> m.key().equals(key)).isEmpty();
    assertThat(left.versions()).filteredOn(v -> v.key().equals(key)).extracting(v -> v.versionId())
        .containsExactlyInAnyOrder(older, newest);
    assertThat(left.deleteMarkers()).filteredOn(m -> m.key().equals(neighbour)).hasSize(1);
  }

  /** The audit named a version id that is real data (a stale or forged request): nothing is deleted. */
  @Test
  void aVersionThatIsNotADeleteMarkerIsNeverDeleted() {
    String key = PREFIX + "/indices/a/0/__data";
    String first = put(key, "first");
    String second = put(key, "second");
    mark(key);
    DeleteMarker wrong = new DeleteMarker(primary.bucket(), key, second, first, List.of("snap-1"));

    HealReport report = DeleteMarkerHealer.heal(List.of(wrong), false, b -> s3, p -> { }, 2);

    assertThat(report.removed()).isEmpty();
    assertThat(report.unhealable()).containsExactly(wrong);
    assertThat(report.removedMarkers()).isEmpty();
    assertThat(report.restoredVersions()).isEmpty();
    assertThat(versions(key).versions()).extracting(v -> v.versionId()).containsExactlyInAnyOrder(first, second);
    assertThat(versions(key).deleteMarkers()).hasSize(1);
  }

  /** New data written since the audit: the marker no longer hides anything and stays. */
  @Test
  void aKeyWrittenAgainSinceTheAuditIsLeftAlone() {
    String key = PREFIX + "/indices/a/0/__rewritten";
    String old = put(key, "old");
    String marker = mark(key);
    put(key, "new");
    DeleteMarker audited = new DeleteMarker(primary.bucket(), key, marker, old, List.of("snap-1"));

    HealReport report = DeleteMarkerHealer.heal(List.of(audited), false, b -> s3, p -> { }, 2);

    assertThat(report.removed()).as("the blob is readable").containsExactly(audited);
    assertThat(report.removedMarkers()).isEmpty();
    assertThat(report.restoredVersions()).as("healing brought nothing back: new data was written").isEmpty();
    assertThat(versions(key).deleteMarkers()).hasSize(1);
  }

  /**
   * Under MFA Delete only the root user with an MFA code may delete a version: the worker's role gets
   * AccessDenied on every try. The heal refuses up front with a non-retryable failure saying so.
   */
  @Test
  void mfaDeleteIsRefusedBeforeAnyDelete() {
    try (S3Stub stub = new S3Stub()) {
      stub.bucketGet("locked", "versioning", 200,
          S3Stub.document("VersioningConfiguration", "<Status>Enabled</Status><MfaDelete>Enabled</MfaDelete>"));
      DeleteMarker marker = new DeleteMarker("locked", "snapshots/prod/index-7", "m1", "v1", List.of("snap-1"));

      Throwable thrown = catchThrowable(
          () -> DeleteMarkerHealer.heal(List.of(marker), false, b -> stub.client(), p -> { }, 2));

      assertThat(thrown).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) thrown;
      assertThat(failure.getType()).isEqualTo(FailureType.DELETE_MARKER_HIDES_BLOB.name());
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage()).contains("MFA Delete").contains("s3://locked")
          .contains("--version-id m1");
      assertThat(stub.count(WireMock.deleteRequestedFor(WireMock.anyUrl()))).isZero();
      assertThat(stub.count(WireMock.getRequestedFor(WireMock.urlPathEqualTo("/locked"))
          .withQueryParam("versions", WireMock.matching(".*")))).isZero();
    }
  }

  /** AWS answers a version delete with x-amz-delete-marker: true when the version was a marker. */
  @Test
  void aDeleteThatS3DoesNotConfirmAsAMarkerStopsHealing() {
    try (S3Stub stub = new S3Stub()) {
      stub.bucketGet("b", "versioning", 200, S3Stub.document("VersioningConfiguration", "<Status>Enabled</Status>"));
      stub.bucketGet("b", "versions", 200, S3Stub.document("ListVersionsResult",
          "<Name>b</Name><Prefix>k</Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>"
              + "<MaxKeys>2</MaxKeys><IsTruncated>false</IsTruncated>"
              + "<DeleteMarker><Key>k</Key><VersionId>m1</VersionId><IsLatest>true</IsLatest>"
              + "<LastModified>2026-11-30T10:00:00.000Z</LastModified><Owner><ID>o</ID></Owner></DeleteMarker>"
              + "<Version><Key>k</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest>"
              + "<LastModified>2026-11-01T10:00:00.000Z</LastModified><ETag>\"e\"</ETag><Size>5</Size>"
              + "<StorageClass>STANDARD</StorageClass></Version>"));
      stub.server().stubFor(WireMock.delete(WireMock.urlPathEqualTo("/b/k")).willReturn(WireMock.noContent()));

      Throwable thrown = catchThrowable(() -> DeleteMarkerHealer.heal(
          List.of(new DeleteMarker("b", "k", "m1", "v1", List.of("snap-1"))), false, x -> stub.client(), p -> { }, 2));

      assertThat(thrown).isInstanceOf(ApplicationFailure.class);
      assertThat(((ApplicationFailure) thrown).isNonRetryable()).isTrue();
      assertThat(((ApplicationFailure) thrown).getOriginalMessage()).contains("x-amz-delete-marker")
          .contains("s3://b/k").contains("m1");
      assertThat(stub.count(WireMock.deleteRequestedFor(WireMock.anyUrl()))).isEqualTo(1);
    }
  }

  private String put(String key, String content) {
    return s3.putObject(b -> b.bucket(primary.bucket()).key(key), RequestBody.fromString(content)).versionId();
  }

  private String mark(String key) {
    return s3.deleteObject(b -> b.bucket(primary.bucket()).key(key)).versionId();
  }

  private ListObjectVersionsResponse versions(String key) {
    return s3.listObjectVersions(b -> b.bucket(primary.bucket()).prefix(key));
  }
}
