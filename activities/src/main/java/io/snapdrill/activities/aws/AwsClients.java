package io.snapdrill.activities.aws;

import io.snapdrill.activities.config.BucketConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The worker's AWS clients, one per service and {@link AwsClientSettings}, built on first use and
 * closed together when the worker stops: each client holds a connection pool, and building one per
 * activity call would leak them. Every activity implementation gets its clients from the one owner
 * the worker hands it.
 *
 * <p>Clients normally use the credentials the owner was made with. The one exception is
 * {@link #s3AssumingRole}: healing runs as a role of its own, so the worker's role needs no right to
 * delete versions.
 */
public final class AwsClients implements AutoCloseable {
  private final Consumer<AwsClientBuilder<?, ?>> customizer;
  private final Map<Key, SdkAutoCloseable> clients = new LinkedHashMap<>();
  private boolean closed;

  /** @param roleArn null for the owner's own credentials, else the role the client's credentials come from */
  private record Key(Class<?> service, AwsClientSettings settings, String roleArn) {}

  /** The session name of the heal role's sessions: CloudTrail shows it on every delete healing makes. */
  static final String HEAL_SESSION_NAME = "snapdrill-heal";

  /**
   * @param customizer applied to every builder after the settings, e.g. static credentials and
   *     request interceptors for a local S3 server in tests
   */
  public AwsClients(Consumer<AwsClientBuilder<?, ?>> customizer) {
    this.customizer = customizer;
  }

  /** Clients with the default credentials chain. */
  public static AwsClients create() {
    return new AwsClients(builder -> { });
  }

  public S3Client s3(AwsClientSettings settings) {
    return client(S3Client.class, settings, () -> S3Client.builder().forcePathStyle(settings.pathStyle()));
  }

  /** The client a repository bucket is read with. */
  public S3Client s3(BucketConfig bucket) {
    return s3(AwsClientSettings.of(bucket));
  }

  /**
   * An S3 client whose every call is made as {@code roleArn}, assumed through STS in the settings'
   * region (session {@value #HEAL_SESSION_NAME}); the credentials are refreshed before they expire.
   * One client, one STS client and one credentials provider per settings and role, closed with the rest.
   */
  public S3Client s3AssumingRole(AwsClientSettings settings, String roleArn) {
    AwsCredentialsProvider role = assumedRole(AwsClientSettings.region(settings.region()), roleArn);
    return client(S3Client.class, settings, roleArn, () -> S3Client.builder().forcePathStyle(settings.pathStyle()),
        builder -> builder.credentialsProvider(role));
  }

  /** The client a repository bucket is changed with under the heal role (STS in the bucket's region). */
  public S3Client s3AssumingRole(BucketConfig bucket, String roleArn) {
    return s3AssumingRole(AwsClientSettings.of(bucket), roleArn);
  }

  public StsClient sts(AwsClientSettings settings) {
    return client(StsClient.class, settings, StsClient::builder);
  }

  private synchronized AwsCredentialsProvider assumedRole(AwsClientSettings stsSettings, String roleArn) {
    StsClient sts = sts(stsSettings); // before computeIfAbsent below, which must not add a second entry itself
    return (AwsCredentialsProvider) owned(new Key(StsAssumeRoleCredentialsProvider.class, stsSettings, roleArn),
        () -> StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(HEAL_SESSION_NAME))
            .build());
  }

  public S3ControlClient s3Control(AwsClientSettings settings) {
    return client(S3ControlClient.class, settings, S3ControlClient::builder);
  }

  public Ec2Client ec2(AwsClientSettings settings) {
    return client(Ec2Client.class, settings, Ec2Client::builder);
  }

  public SsmClient ssm(AwsClientSettings settings) {
    return client(SsmClient.class, settings, SsmClient::builder);
  }

  private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C
      client(Class<C> service, AwsClientSettings settings, Supplier<B> builder) {
    return client(service, settings, null, builder, b -> { });
  }

  private synchronized <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C
      client(Class<C> service, AwsClientSettings settings, String roleArn, Supplier<B> builder, Consumer<B> last) {
    return service.cast(owned(new Key(service, settings, roleArn), () -> build(builder.get(), settings, last)));
  }

  private synchronized SdkAutoCloseable owned(Key key, Supplier<SdkAutoCloseable> create) {
    if (closed) {
      throw new IllegalStateException("the worker's AWS clients are closed: the worker is shutting down");
    }
    return clients.computeIfAbsent(key, k -> create.get());
  }

  /**
   * @param last applied after the customizer: an assumed role's credentials must win over the
   *     owner's (a test customizer sets static ones on every builder)
   */
  private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
      B builder, AwsClientSettings settings, Consumer<B> last) {
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    builder.httpClientBuilder(ApacheHttpClient.builder());
    customizer.accept(builder);
    last.accept(builder);
    return builder.build();
  }

  /**
   * Closes every client and credentials provider, newest first (an assumed-role client before the
   * provider and STS client it was built on); asking for a client afterwards is an error.
   */
  @Override
  public synchronized void close() {
    closed = true;
    List<RuntimeException> failures = new ArrayList<>();
    List<SdkAutoCloseable> newestFirst = new ArrayList<>(clients.values());
    Collections.reverse(newestFirst);
    for (SdkAutoCloseable client : newestFirst) {
      try {
        client.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    clients.clear();
    if (!failures.isEmpty()) {
      IllegalStateException failure = new IllegalStateException("could not close every AWS client");
      failures.forEach(failure::addSuppressed);
      throw failure;
    }
  }
}
