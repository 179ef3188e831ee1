package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.testing.LocalS3Server;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.StorageCheckRequest;
import io.snapdrill.workflows.activities.StorageAuditActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Healing as a role of its own (storage.healRoleArn): every S3 call healing makes is signed with the
 * credentials STS returned for that role, everything else with the worker's. S3 is local-s3 (which
 * keeps versions as AWS does); STS is WireMock answering AssumeRole with AWS's documented response.
 */
class HealRoleTest {
  private static final LocalS3Server SERVER = LocalS3Server.shared();
  private static final String ROLE = "arn:aws:iam::123456789012:role/snapdrill-heal";
  /** AWS's documented example values (AssumeRole API reference). */
  private static final String ROLE_KEY = "ASIAIOSFODNN7EXAMPLE";
  private static final String ROLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
  private static final String ROLE_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW"
      + "LWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZ"
      + "ampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64l"
      + "IZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
  private static final String WORKER_KEY = "test";
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");

  private final S3Client s3 = SERVER.client();
  private final WireMockServer sts =
      new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
  private final List<Signed> requests = new CopyOnWriteArrayList<>();
  private BucketConfig primary;
  private BucketConfig replica;
  private AwsClients aws;
  private TestActivityEnvironment env;

  /** One request as it left the SDK: which call, and whose credentials signed it. */
  record Signed(String service, String operation, String accessKeyId, String securityToken) {}

  @BeforeEach
  void setUp() {
    sts.start();
    sts.stubFor(WireMock.post(WireMock.urlPathEqualTo("/"))
        .withRequestBody(WireMock.containing("Action=AssumeRole"))
        .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
            .withBody(assumeRoleResponse(Instant.now().plus(1, ChronoUnit.HOURS)))));
    primary = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("role-primary"), "snapshots/prod");
    replica = StorageFixtures.bucket(SERVER.endpoint(), StorageFixtures.uniqueBucket("role-replica"), "snapshots/prod");
    for (String bucket : List.of(primary.bucket(), replica.bucket())) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String authorization = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
        Matcher key = CREDENTIAL.matcher(authorization);
        requests.add(new Signed(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), key.find() ? key.group(1) : null,
            context.httpRequest().firstMatchingHeader("X-Amz-Security-Token").orElse(null)));
      }
    };
    URI stsEndpoint = URI.create("http://127.0.0.1:" + sts.port());
    aws = new AwsClients(builder -> {
      StorageFixtures.forLocalServer(builder, recorder);
      if (builder instanceof StsClientBuilder stsBuilder) {
        stsBuilder.endpointOverride(stsEndpoint);
      }
    });
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    env.close();
    aws.close();
    sts.stop();
  }

  private StorageAuditActivities activities(String healRoleArn) {
    env.registerActivitiesImplementations(new StorageAuditActivitiesImpl(
        StorageFixtures.directory("prod", new StorageConfig(primary, replica, null, healRoleArn)), aws));
    return env.newActivityStub(StorageAuditActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @Test
  void healingRunsAsTheHealRoleAndTheAuditAsTheWorker() {
    RepositoryBuckets.upload(s3, FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH),
        primary.bucket(), primary.keyPrefix());
    RepositoryBuckets.upload(s3, FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH),
        replica.bucket(), replica.keyPrefix());
    String hidden = primary.keyPrefix() + "indices/stray/0/__leftover";
    s3.putObject(b -> b.bucket(primary.bucket()).key(hidden), RequestBody.fromString("x"));
    s3.deleteObject(b -> b.bucket(primary.bucket()).key(hidden));
    StorageAuditActivities activities = activities(ROLE);

    List<DeleteMarker> markers = activities.auditStorage(new StorageCheckRequest("prod", "x", 1)).buckets().get(0)
        .deleteMarkers();
    assertThat(markers).extracting(DeleteMarker::key).containsExactly(hidden);
    assertThat(requests).as("the audit").isNotEmpty().allSatisfy(r -> {
      assertThat(r.accessKeyId()).isEqualTo(WORKER_KEY);
      assertThat(r.securityToken()).isNull();
    });
    requests.clear();

    HealReport healed = activities.healDeleteMarkers(new HealRequest("prod", markers, false));
    HealReport again = activities.healDeleteMarkers(new HealRequest("prod", markers, false));

    assertThat(healed.removedMarkerCount()).isEqualTo(1);
    assertThat(again.removed()).as("idempotent").containsExactlyElementsOf(markers);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(primary.bucket()).key(hidden)).asByteArray()).isNotEmpty();
    List<Signed> byS3 = requests.stream().filter(r -> r.service().equals("S3")).toList();
    assertThat(byS3).extracting(Signed::operation).as("the calls HealPermissions lists, and no others")
        .containsOnly(HealPermissions.HEAL_ROLE.stream().map(HealPermissions.Grant::operation).toArray(String[]::new))
        .contains("GetBucketVersioning", "ListObjectVersions", "DeleteObject");
    assertThat(byS3).as("every S3 call healing makes").allSatisfy(r -> {
      assertThat(r.accessKeyId()).isEqualTo(ROLE_KEY);
      assertThat(r.securityToken()).isEqualTo(ROLE_TOKEN);
    });
    assertThat(requests).filteredOn(r -> r.service().equals("Sts")).as("the role is assumed as the worker")
        .singleElement().satisfies(r -> {
          assertThat(r.operation()).isEqualTo("AssumeRole");
          assertThat(r.accessKeyId()).isEqualTo(WORKER_KEY);
        });
    assertThat(sts.countRequestsMatching(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/"))
        .withRequestBody(WireMock.containing("Action=AssumeRole"))
        .withRequestBody(WireMock.containing("RoleArn=" + URLEncoder.encode(ROLE, StandardCharsets.UTF_8)))
        .withRequestBody(WireMock.containing("RoleSessionName=snapdrill-heal")).build()).getCount())
        .as("one AssumeRole for both heals: the credentials are cached until they near expiry").isEqualTo(1);
  }

  @Test
  void withoutAHealRoleHealingUsesTheWorkersCredentials() {
    String key = primary.keyPrefix() + "indices/a/0/__blob";
    String version = s3.putObject(b -> b.bucket(primary.bucket()).key(key), RequestBody.fromString("data")).versionId();
    String marker = s3.deleteObject(b -> b.bucket(primary.bucket()).key(key)).versionId();

    HealReport healed = activities(null).healDeleteMarkers(new HealRequest("prod",
        List.of(new DeleteMarker(primary.bucket(), key, marker, version, List.of("snap-1"))), false));

    assertThat(healed.removedMarkerCount()).isEqualTo(1);
    assertThat(requests).extracting(Signed::operation).contains("DeleteObject");
    assertThat(requests).allSatisfy(r -> {
      assertThat(r.service()).isEqualTo("S3");
      assertThat(r.accessKeyId()).isEqualTo(WORKER_KEY);
      assertThat(r.securityToken()).isNull();
    });
    assertThat(sts.getAllServeEvents()).isEmpty();
  }

  /**
   * The worker may not assume the role (trust policy or the worker's own policy): STS answers 403
   * AccessDenied, which no retry fixes. The heal fails at once, naming the field and the fix, and
   * deletes nothing.
   */
  @Test
  void aHealRoleTheWorkerMayNotAssumeFailsNamingTheFieldAndDeletesNothing() {
    sts.resetAll();
    sts.stubFor(WireMock.post(WireMock.urlPathEqualTo("/")).willReturn(WireMock.aResponse().withStatus(403)
        .withHeader("Content-Type", "text/xml")
        .withBody("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            + "<Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/snapdrill-worker/i-0abc"
            + " is not authorized to perform: sts:AssumeRole on resource: " + ROLE + "</Message></Error>"
            + "<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>")));
    String key = primary.keyPrefix() + "indices/a/0/__blob";
    String version = s3.putObject(b -> b.bucket(primary.bucket()).key(key), RequestBody.fromString("data")).versionId();
    String marker = s3.deleteObject(b -> b.bucket(primary.bucket()).key(key)).versionId();

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> activities(ROLE).healDeleteMarkers(
        new HealRequest("prod", List.of(new DeleteMarker(primary.bucket(), key, marker, version, List.of("snap-1"))),
            false)));

    assertThat(thrown).isInstanceOf(io.temporal.failure.ActivityFailure.class);
    io.temporal.failure.ApplicationFailure failure = (io.temporal.failure.ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo(io.snapdrill.model.FailureType.CONFIGURATION_INVALID.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("storage.healRoleArn").contains(ROLE).contains("AccessDenied")
        .contains("trust policy").contains("sts:AssumeRole");
    assertThat(requests).filteredOn(r -> r.service().equals("S3")).as("no S3 call without the role").isEmpty();
    assertThat(s3.listObjectVersions(b -> b.bucket(primary.bucket()).prefix(key)).deleteMarkers()).hasSize(1);
  }

  /** The AssumeRole response as the STS API reference documents it, expiring at {@code expiration}. */
  static String assumeRoleResponse(Instant expiration) {
    return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        + "<AssumeRoleResult>"
        + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/snapdrill-heal/snapdrill-heal</Arn>"
        + "<AssumedRoleId>ARO123EXAMPLE123:snapdrill-heal</AssumedRoleId></AssumedRoleUser>"
        + "<Credentials>"
        + "<AccessKeyId>" + ROLE_KEY + "</AccessKeyId>"
        + "<SecretAccessKey>" + ROLE_SECRET + "</SecretAccessKey>"
        + "<SessionToken>" + ROLE_TOKEN + "</SessionToken>"
        + "<Expiration>" + expiration.truncatedTo(ChronoUnit.SECONDS) + "</Expiration>"
        + "</Credentials>"
        + "<PackedPolicySize>6</PackedPolicySize>"
        + "</AssumeRoleResult>"
        + "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>"
        + "</AssumeRoleResponse>";
  }
}
