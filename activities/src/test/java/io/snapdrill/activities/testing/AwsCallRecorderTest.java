package io.snapdrill.activities.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.testing.AwsCallRecorder.Call;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** The IAM coverage check itself: it sees the code's calls, skips the tests' own, and fails on an undeclared one. */
class AwsCallRecorderTest {
  private static final String BLOB_STORE = S3BlobStore.class.getName();

  @Test
  void anUndeclaredCallOfTheCodeIsReported() {
    assertThat(AwsCallRecorder.undeclared(List.of(new Call("S3", "DeleteObject", false, BLOB_STORE))))
        .singleElement().asString().contains("S3 DeleteObject from " + BLOB_STORE).contains("WorkerRolePermissions");
    assertThat(AwsCallRecorder.undeclared(List.of(new Call("Ec2", "DescribeVolumes", false, "x"))))
        .singleElement().asString().contains("ec2:DescribeVolumes").contains("Ec2HostPermissions");
    assertThat(AwsCallRecorder.undeclared(List.of(new Call("Sqs", "ChangeMessageVisibility", false, "x"))))
        .singleElement().asString().contains("Sqs ChangeMessageVisibility");
  }

  @Test
  void aVersionedReadNeedsItsOwnGrantAndHealingIsTheHealRoles() {
    assertThat(AwsCallRecorder.undeclared(List.of(
        new Call("S3", "GetObject", false, BLOB_STORE),
        new Call("S3", "GetObject", true, BLOB_STORE),
        new Call("S3", "ListObjectVersions", false, AwsCallRecorder.HEALER + "$KeyVersions"),
        new Call("S3", "DeleteObject", true, AwsCallRecorder.HEALER)))).isEmpty();
    assertThat(AwsCallRecorder.undeclared(List.of(new Call("S3", "DeleteObject", false, AwsCallRecorder.HEALER + "$KeyVersions"))))
        .as("a plain delete lays another marker; healing deletes versions only")
        .singleElement().asString().contains("HealPermissions");
    assertThat(AwsCallRecorder.undeclared(List.of(new Call("S3", "DeleteObject", true, BLOB_STORE))))
        .as("the worker's own role deletes nothing").hasSize(1);
  }

  @Test
  void theCodesCallsAreRecordedOnAnyClientAndTheTestsOwnAreNot() {
    LocalS3Server server = LocalS3Server.shared();
    S3Client s3 = server.client(); // built without a recorder: the global registration applies
    String bucket = StorageFixtures.uniqueBucket("recorder");
    s3.createBucket(b -> b.bucket(bucket));
    s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    String version = s3.putObject(b -> b.bucket(bucket).key("repo/index.latest"), RequestBody.fromString("x")).versionId();
    AwsCallRecorder.drain();

    new S3BlobStore(s3, bucket, "repo/").readVersion("index.latest", version);
    s3.headObject(b -> b.bucket(bucket).key("repo/index.latest"));

    assertThat(AwsCallRecorder.drain()).containsExactly(new Call("S3", "GetObject", true, BLOB_STORE));
  }

  @Test
  void theCheckRunsAfterEveryTestClass() {
    assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type).toList())
        .contains(AwsCallsDeclared.class);
    assertThat(System.getProperty("junit.jupiter.extensions.autodetection.enabled")).isEqualTo("true");
    new AwsCallsDeclared().afterAll(null);
    assertThatThrownBy(() -> {
      AwsCallRecorder.drain();
      recordUndeclared();
      new AwsCallsDeclared().afterAll(null);
    }).isInstanceOf(AssertionError.class).hasMessageContaining("S3 DeleteObject from " + BLOB_STORE)
        .hasMessageContaining("docs/operations.md");
    assertThat(AwsCallRecorder.drain()).as("reported once, not again after the next class").isEmpty();
  }

  private static void recordUndeclared() {
    AwsCallRecorder.record(new Call("S3", "DeleteObject", false, BLOB_STORE));
  }
}
