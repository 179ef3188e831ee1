package io.snapdrill.activities.aws;

import io.snapdrill.activities.config.BucketConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The worker's AWS clients, one per service and {@link AwsClientSettings}, built on first use and
 * closed together when the worker stops: each client holds a connection pool, and building one per
 * activity call would leak them. Every activity implementation gets its clients from the one owner
 * the worker hands it.
 */
public final class AwsClients implements AutoCloseable {
  private final Consumer<AwsClientBuilder<?, ?>> customizer;
  private final Map<Key, SdkAutoCloseable> clients = new LinkedHashMap<>();
  private boolean closed;

  private record Key(Class<?> service, AwsClientSettings settings) {}

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

  public S3ControlClient s3Control(AwsClientSettings settings) {
    return client(S3ControlClient.class, settings, S3ControlClient::builder);
  }

  public Ec2Client ec2(AwsClientSettings settings) {
    return client(Ec2Client.class, settings, Ec2Client::builder);
  }

  public SsmClient ssm(AwsClientSettings settings) {
    return client(SsmClient.class, settings, SsmClient::builder);
  }

  private synchronized <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C
      client(Class<C> service, AwsClientSettings settings, Supplier<B> builder) {
    if (closed) {
      throw new IllegalStateException("the worker's AWS clients are closed: the worker is shutting down");
    }
    return service.cast(clients.computeIfAbsent(new Key(service, settings), key -> build(builder.get(), settings)));
  }

  private <C extends SdkAutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(
      B builder, AwsClientSettings settings) {
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    builder.httpClientBuilder(ApacheHttpClient.builder());
    customizer.accept(builder);
    return builder.build();
  }

  /** Closes every client; asking for a client afterwards is an error. */
  @Override
  public synchronized void close() {
    closed = true;
    List<RuntimeException> failures = new ArrayList<>();
    for (SdkAutoCloseable client : clients.values()) {
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
