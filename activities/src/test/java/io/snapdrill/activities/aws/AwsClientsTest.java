package io.snapdrill.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The worker's client owner against a real S3 server (S3Mock, LOCAL-STACK.md). */
class AwsClientsTest {
  private static final S3MockServer SERVER = S3MockServer.shared();

  @Test
  void equalSettingsShareAClientAndDifferentSettingsDoNot() {
    URI endpoint = SERVER.endpoint();
    try (AwsClients aws = StorageFixtures.clients()) {
      S3Client client = aws.s3(new AwsClientSettings("us-east-1", endpoint, true));

      assertThat(aws.s3(new AwsClientSettings("us-east-1", endpoint, true))).isSameAs(client);
      assertThat(aws.s3(new BucketConfig("a-bucket", "repo", "us-east-1", endpoint.toString(), true)))
          .as("a bucket on the same server, region and addressing").isSameAs(client);
      assertThat(aws.s3(new AwsClientSettings("us-east-1", endpoint, false))).isNotSameAs(client);
      assertThat(aws.s3(new AwsClientSettings("us-west-2", endpoint, true))).isNotSameAs(client);
      assertThat(aws.s3(new AwsClientSettings("us-east-1", URI.create("http://localhost:" + endpoint.getPort()), true)))
          .isNotSameAs(client);
      assertThat(aws.ec2(AwsClientSettings.region("us-east-1")))
          .isSameAs(aws.ec2(AwsClientSettings.region("us-east-1")))
          .isNotSameAs(aws.ec2(AwsClientSettings.region("eu-west-1")));
    }
  }

  @Test
  void anAssumedRoleGetsAClientOfItsOwnPerSettingsAndRole() {
    BucketConfig bucket = new BucketConfig("a-bucket", "repo", "us-east-1", SERVER.endpoint().toString(), true);
    String heal = "arn:aws:iam::123456789012:role/snapdrill-heal";
    try (AwsClients aws = StorageFixtures.clients()) {
      S3Client asRole = aws.s3AssumingRole(bucket, heal);

      assertThat(aws.s3AssumingRole(bucket, heal)).isSameAs(asRole);
      assertThat(aws.s3AssumingRole(AwsClientSettings.of(bucket), heal)).isSameAs(asRole);
      assertThat(asRole).as("the worker's own credentials are another client").isNotSameAs(aws.s3(bucket));
      assertThat(aws.s3AssumingRole(bucket, "arn:aws:iam::123456789012:role/other")).isNotSameAs(asRole);
      assertThat(aws.s3AssumingRole(new BucketConfig("a-bucket", "repo", "us-west-2", SERVER.endpoint().toString(),
          true), heal)).isNotSameAs(asRole);
      assertThat(aws.sts(AwsClientSettings.region("us-east-1"))).as("STS in the bucket's region, shared")
          .isSameAs(aws.sts(AwsClientSettings.region("us-east-1")));
    }
  }

  @Test
  void closingTheOwnerClosesItsClients() {
    AwsClients aws = StorageFixtures.clients();
    AwsClientSettings settings = new AwsClientSettings("us-east-1", SERVER.endpoint(), true);
    S3Client s3 = aws.s3(settings);
    String bucket = StorageFixtures.uniqueBucket("clients");
    s3.createBucket(b -> b.bucket(bucket));
    assertThat(s3.headBucket(b -> b.bucket(bucket)).sdkHttpResponse().isSuccessful()).isTrue();

    aws.close();

    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(bucket)))
        .as("a closed client's connection pool is shut down").hasMessageContaining("shut down");
    assertThatThrownBy(() -> aws.s3(settings)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> aws.s3AssumingRole(settings, "arn:aws:iam::123456789012:role/snapdrill-heal"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
