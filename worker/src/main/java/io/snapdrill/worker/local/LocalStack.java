package io.snapdrill.worker.local;

import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.AuthType;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.DrillDefaults;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.ReportConfig;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.RestoreHostConfig;
import io.snapdrill.activities.config.SecretRef;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.SnapshotConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.host.local.LocalRestoreHostActivities;
import io.snapdrill.activities.node.DistributionInstaller;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.NodeOptions;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.worker.temporal.DrillActivities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;

/**
 * Everything a drill needs, on this machine: an S3 server with a primary and a replica bucket (and
 * stand-ins for what it cannot do: the repository-s3 plugin, cross-region replication, lifecycle
 * expiry), a source node with sample data and a first snapshot in the primary bucket and the replica,
 * and a configuration pointing the real activities at them. {@link #close()} stops all of it and
 * removes its files.
 */
public final class LocalStack implements AutoCloseable {
  public static final String CLUSTER = "local";
  static final String REPOSITORY = "local-backups";
  static final String PRIMARY_BUCKET = "snapdrill-primary";
  static final String REPLICA_BUCKET = "snapdrill-dr-replica";
  static final String PREFIX = "clusters/local";
  static final String ACCESS_KEY = "snapdrill-local";
  static final String PASSWORD_VARIABLE = "SNAPDRILL_LOCAL_PASSWORD";

  /** What to start. {@code scale} multiplies the sample document counts (1.0: about 37,000 documents). */
  public record Settings(Product product, LocalScenario scenario, double scale, Path workDirectory, Path reportDirectory) {}

  private final Settings settings;
  private final Consumer<String> say;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final String clusterPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  private final String s3SecretKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  private S3Client s3;
  private URI s3Endpoint;
  private LocalNode source;
  private RepositoryUpload upload;
  private CrossRegionReplication replication;
  private SampleData data;
  private LifecycleExpiry expiry;

  private LocalStack(Settings settings, Consumer<String> say) {
    this.settings = settings;
    this.say = say;
  }

  /** Starts the stack; on failure everything already started is stopped again. */
  public static LocalStack start(Settings settings, Consumer<String> say) {
    LocalStack stack = new LocalStack(settings, say);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() {
    Path work = settings.workDirectory();
    try {
      Files.createDirectories(work);
      // the nodes run as an unprivileged user when Snapdrill runs as root: they must reach their directories
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the work directory " + work + ": " + e.getMessage(), e);
    }
    started.push(() -> DistributionInstaller.deleteRecursively(work));
    // Credentials only the local S3 server sees; the activities find them where the SDK looks.
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", s3SecretKey);

    say.accept("starting the S3 server (S3Mock) and the source " + settings.product().id() + " node...");
    Path sourceRepository = work.resolve("source-repository");
    LocalNodeLauncher launcher = new LocalNodeLauncher(DistributionInstaller.defaults(), work.resolve("source"));
    // Both take seconds to start: start them side by side.
    CompletableFuture<LocalNode> sourceNode = CompletableFuture.supplyAsync(
        // bound to this JVM: even a kill -9 of local mode must not leave the source node running
        () -> launcher.start(NodeOptions.of(distribution(), "source").withPathRepo(sourceRepository).boundToThisJvm()));
    try {
      S3MockProcess s3Mock = S3MockProcess.start(work.resolve("s3"), work.resolve("s3mock.log"));
      started.push(s3Mock);
      ReplicationConfigurationFront front = ReplicationConfigurationFront.start(s3Mock.endpoint());
      started.push(front);
      s3Endpoint = front.endpoint();
      s3 = S3Client.builder().endpointOverride(s3Endpoint).forcePathStyle(true).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, s3SecretKey)))
          .httpClientBuilder(ApacheHttpClient.builder()).build();
      started.push(s3);
      createBuckets();
    } finally {
      source = awaitNode(sourceNode);
      started.push(source);
    }
    upload = new RepositoryUpload(s3, sourceRepository, PRIMARY_BUCKET, PREFIX + "/");
    replication = new CrossRegionReplication(s3, PRIMARY_BUCKET, 7);
    started.push(replication);
    expiry = new LifecycleExpiry(s3, REPLICA_BUCKET);

    data = new SampleData(source.httpEndpoint());
    say.accept("indexing sample data into " + SampleData.INDICES + " on " + source.httpEndpoint() + "...");
    int documents = data.seed(settings.scale());
    data.registerFsRepository(REPOSITORY, sourceRepository.toString());
    data.snapshot(REPOSITORY, "first-snapshot");
    upload.sync();
    say.accept(documents + " documents; first snapshot taken, uploaded to s3://" + PRIMARY_BUCKET + "/" + PREFIX
        + " and replicated to s3://" + REPLICA_BUCKET);
    replication.awaitCaughtUp(Duration.ofMinutes(2));
    // The drill's snapshot then differs from the first only by these: every other blob is shared.
    data.addLogs(SampleData.count(10_000, settings.scale()), SampleData.count(2_000, settings.scale()));
    breakForScenario();
  }

  private static LocalNode awaitNode(CompletableFuture<LocalNode> node) {
    try {
      return node.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private NodeDistribution distribution() {
    return settings.product() == Product.OPENSEARCH ? NodeDistribution.OPENSEARCH_2 : NodeDistribution.ELASTICSEARCH_8;
  }

  private void createBuckets() {
    for (String bucket : List.of(PRIMARY_BUCKET, REPLICA_BUCKET)) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    s3.putBucketReplication(b -> b.bucket(PRIMARY_BUCKET).replicationConfiguration(c -> c
        .role("arn:aws:iam::000000000000:role/snapdrill-local-replication")
        .rules(r -> r.id("repository-to-dr").status(ReplicationRuleStatus.ENABLED).priority(1)
            .filter(f -> f.prefix(PREFIX + "/"))
            .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
            .destination(d -> d.bucket("arn:aws:s3:::" + REPLICA_BUCKET)))));
  }

  private void breakForScenario() {
    switch (settings.scenario()) {
      case HAPPY, BAD_DATA -> { }
      case REWIND -> {
        expiry.putRule("expire-after-7-days", "", 7);
        String key = expiry.expireOneBlobOf(new RepositoryLayout(settings.workDirectory().resolve("source-repository"))
            .dataBlobOf(SampleData.CUSTOMERS), PREFIX + "/");
        say.accept("scenario rewind: lifecycle rule 'expire-after-7-days' covers all of s3://" + REPLICA_BUCKET
            + " and its expiry left a delete marker on " + key);
      }
      case REWIND_AFTER_FIX -> {
        expiry.putRule("expire-after-7-days", "auto-purge/", 7);
        String key = expiry.expireOneBlobOf(new RepositoryLayout(settings.workDirectory().resolve("source-repository"))
            .dataBlobOf(SampleData.CUSTOMERS), PREFIX + "/");
        say.accept("scenario rewind-after-fix: the rule now covers only auto-purge/, but the delete marker it left on "
            + key + " is still there");
      }
      case REPLICA_LAG -> {
        replication.lag(new CrossRegionReplication.Lag(Duration.ofSeconds(10), Duration.ofSeconds(25)));
        say.accept("scenario replica-lag: replication now copies each new object after 10 to 25 s");
      }
      case MISSING_BLOB -> {
        replication.neverCopyFirst(key -> key.matches(".*/indices/[^/]+/\\d+/__[^/]+$"));
        say.accept("scenario missing-blob: the first new shard data blob will never reach the replica");
      }
    }
  }

  /** The configuration the activities run with: one cluster, "local", and a local restore host. */
  public SnapdrillConfig config() {
    BucketConfig primary = new BucketConfig(PRIMARY_BUCKET, PREFIX, "us-east-1", s3Endpoint.toString(), true);
    BucketConfig replica = new BucketConfig(REPLICA_BUCKET, PREFIX, "us-west-2", s3Endpoint.toString(), true);
    ClusterConfig cluster = new ClusterConfig(CLUSTER, settings.product(), source.httpEndpoint(),
        // The local node does not check it; it is here so a drill's history can be checked for secrets.
        new AuthConfig(AuthType.BASIC, "snapdrill", SecretRef.inline(clusterPassword), null, null, null, null),
        null, REPOSITORY, new SnapshotConfig("snapdrill-{date}-{drill}", SampleData.INDICES, false),
        new StorageConfig(primary, replica, null, null), RestoreConfig.DEFAULTS, List.of());
    RestoreHostConfig restoreHost = RestoreHostConfig.localMode(settings.workDirectory().resolve("restore").toString());
    return new SnapdrillConfig(List.of(cluster), restoreHost,
        new DrillDefaults(HealPolicy.NEVER, replicationDeadline(), Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofMinutes(30), 1),
        new ReportConfig(settings.reportDirectory().toString(), null, null, null), null);
  }

  private Duration replicationDeadline() {
    return switch (settings.scenario()) {
      case MISSING_BLOB -> Duration.ofSeconds(30);
      case REPLICA_LAG -> Duration.ofMinutes(3);
      default -> Duration.ofMinutes(2);
    };
  }

  /**
   * The worker's activities with local mode's stand-ins around the real ones: the upload after each
   * snapshot, and the scenario's fault where it strikes during the drill.
   */
  public DrillActivities activities(DrillActivities real) {
    DrillActivities uploading = real.withSourceCluster(new UploadingSourceCluster(real.sourceCluster(), upload));
    return settings.scenario() == LocalScenario.BAD_DATA
        ? uploading.withRestoreCluster(new DocumentLosingRestoreCluster(real.restoreCluster()))
        : uploading;
  }

  /**
   * Writes the configuration for a worker in another process ({@code snapdrill worker --config}); its
   * secrets are not in the file but in {@link #workerEnvironment()}.
   *
   * @param restoreThrottle the restore host's recovery throttle (e.g. "100kb" to make a restore last)
   */
  public Path writeConfig(Path file, String restoreThrottle) {
    SnapdrillConfig config = config();
    ClusterConfig cluster = config.clusters().get(0);
    String yaml = """
        clusters:
          - name: %s
            product: %s
            endpoint: %s
            auth: {type: basic, username: snapdrill, password: {env: %s}}
            repository: %s
            snapshot: {nameTemplate: "snapdrill-{date}-{drill}", indices: [%s]}
            storage:
              primary: {bucket: %s, prefix: %s, region: us-east-1, endpoint: "%s", pathStyle: true}
              replica: {bucket: %s, prefix: %s, region: us-west-2, endpoint: "%s", pathStyle: true}
            restore: {maxBytesPerSec: %s}
        restoreHost: {provider: local, workDirectory: "%s"}
        drill: {replicationDeadline: 2m, replicationFirstBackoff: 2s, replicationMaxBackoff: 10s}
        reports: {directory: "%s"}
        """.formatted(CLUSTER, settings.product().id(), cluster.endpoint(), PASSWORD_VARIABLE, REPOSITORY,
        String.join(", ", SampleData.INDICES), PRIMARY_BUCKET, PREFIX, s3Endpoint, REPLICA_BUCKET, PREFIX, s3Endpoint,
        restoreThrottle, config.restoreHost().local().workDirectory(), config.reports().directory());
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** The environment a worker in another process needs for {@link #writeConfig}'s file. */
  public Map<String, String> workerEnvironment() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", s3SecretKey,
        PASSWORD_VARIABLE, clusterPassword);
  }

  /** A snapshot of the sample indices taken outside any drill, in the primary bucket when this returns. */
  public void takeSnapshot(String name) {
    data.snapshot(REPOSITORY, name);
    upload.sync();
  }

  /** Waits until replication has copied to the replica what the primary holds now. */
  void awaitReplicated(Duration atMost) {
    replication.awaitCaughtUp(atMost);
  }

  /** Secrets the stack made up (cluster password, S3 secret key): never to appear in a drill's history. */
  public List<String> secrets() {
    return List.of(clusterPassword, s3SecretKey);
  }

  LocalScenario scenario() {
    return settings.scenario();
  }

  RepositoryUpload upload() {
    return upload;
  }

  SampleData data() {
    return data;
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        say.accept("cleanup: " + e.getMessage());
      }
    }
  }
}
