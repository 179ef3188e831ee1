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
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;

/**
 * Everything a drill needs, on this machine: an S3 server with a primary and a replica bucket (and
 * stand-ins for what it cannot do: the repository-s3 plugin, cross-region replication, lifecycle
 * expiry), a source node per cluster with sample data and a first snapshot in the primary bucket and
 * the replica (each cluster's repository under its own prefix, with its own replication rule), and a
 * configuration pointing the real activities at them. A scenario breaks one cluster, {@link
 * Settings#brokenCluster}. {@link #close()} stops all of it and removes its files.
 */
public final class LocalStack implements AutoCloseable {
  public static final String CLUSTER = "local";
  static final String REPOSITORY = "local-backups";
  static final String PRIMARY_BUCKET = "snapdrill-primary";
  static final String REPLICA_BUCKET = "snapdrill-dr-replica";
  static final String ACCESS_KEY = "snapdrill-local";
  static final String PASSWORD_VARIABLE = "SNAPDRILL_LOCAL_PASSWORD";

  /**
   * What to start. {@code scale} multiplies the sample document counts (1.0: about 37,000 documents per
   * cluster).
   *
   * @param brokenCluster the one cluster the scenario breaks; the others stay whole
   */
  public record Settings(List<LocalCluster> clusters, String brokenCluster, LocalScenario scenario, double scale,
      Path workDirectory, Path reportDirectory) {

    public Settings {
      clusters = List.copyOf(clusters);
      if (clusters.isEmpty()) {
        throw new IllegalArgumentException("local mode needs at least one cluster");
      }
      if (clusters.stream().map(LocalCluster::name).distinct().count() != clusters.size()) {
        throw new IllegalArgumentException("local cluster names must differ: " + clusters);
      }
      if (clusters.stream().noneMatch(c -> c.name().equals(brokenCluster))) {
        throw new IllegalArgumentException("the broken cluster " + brokenCluster + " is not one of " + clusters);
      }
    }

    /** One cluster, {@link #CLUSTER}: Elasticsearch 8.19 or OpenSearch 2.19 (single-drill local mode). */
    public Settings(Product product, LocalScenario scenario, double scale, Path workDirectory, Path reportDirectory) {
      this(List.of(new LocalCluster(CLUSTER, product == Product.OPENSEARCH
              ? NodeDistribution.OPENSEARCH_2 : NodeDistribution.ELASTICSEARCH_8)),
          CLUSTER, scenario, scale, workDirectory, reportDirectory);
    }

    /** The restore-a-thon's three clusters ({@link LocalCluster#RESTORE_A_THON}); a scenario breaks one. */
    public static Settings restoreAThon(LocalScenario scenario, double scale, Path workDirectory, Path reportDirectory) {
      return new Settings(LocalCluster.RESTORE_A_THON, LocalCluster.RESTORE_A_THON_BROKEN, scenario, scale,
          workDirectory, reportDirectory);
    }
  }

  /** One cluster's source node, its repository on disk, the upload of that repository and its data. */
  private static final class Source {
    final LocalCluster cluster;
    final Path repository;
    LocalNode node;
    RepositoryUpload upload;
    SampleData data;

    Source(LocalCluster cluster, Path repository) {
      this.cluster = cluster;
      this.repository = repository;
    }

    String prefix() {
      return cluster.prefix();
    }
  }

  private final Settings settings;
  private final Consumer<String> say;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final String clusterPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  private final String s3SecretKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  private S3Client s3;
  private URI s3Endpoint;
  private final List<Source> sources = new ArrayList<>();
  private CrossRegionReplication replication;
  private LifecycleExpiry expiry;

  private LocalStack(Settings settings, Consumer<String> say) {
    this.settings = settings;
    this.say = say;
    for (LocalCluster cluster : settings.clusters()) {
      sources.add(new Source(cluster, settings.workDirectory().resolve("repository-" + cluster.name())));
    }
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

    say.accept("starting the S3 server (S3Mock) and the source " + (sources.size() == 1 ? "node" : "nodes") + " ("
        + sources.stream().map(s -> s.cluster.name() + ": " + s.cluster.distribution()).collect(Collectors.joining(", "))
        + ")...");
    LocalNodeLauncher launcher = new LocalNodeLauncher(DistributionInstaller.defaults(), work.resolve("source"));
    // A node takes seconds to start: start them beside the S3 server, but one after another, as nodes
    // starting side by side on a small machine each take as long as all of them in a row.
    CompletableFuture<List<LocalNode>> nodes = CompletableFuture.supplyAsync(() -> startSourceNodes(launcher), task -> {
      Thread thread = new Thread(task, "start-source-nodes");
      thread.setDaemon(true);
      thread.start();
    });
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
      awaitSourceNodes(nodes);
    }
    replication = new CrossRegionReplication(s3, PRIMARY_BUCKET, 7);
    started.push(replication);
    expiry = new LifecycleExpiry(s3, REPLICA_BUCKET);

    for (Source source : sources) {
      source.upload = new RepositoryUpload(s3, source.repository, PRIMARY_BUCKET, source.prefix() + "/");
      source.data = new SampleData(source.node.httpEndpoint());
      say.accept("indexing sample data into " + SampleData.INDICES + " on " + source.node.httpEndpoint()
          + (sources.size() == 1 ? "" : " (" + source.cluster.name() + ")") + "...");
      int documents = source.data.seed(settings.scale());
      source.data.registerFsRepository(REPOSITORY, source.repository.toString());
      source.data.snapshot(REPOSITORY, "first-snapshot");
      source.upload.sync();
      say.accept(documents + " documents; first snapshot taken, uploaded to s3://" + PRIMARY_BUCKET + "/"
          + source.prefix() + " and replicated to s3://" + REPLICA_BUCKET);
    }
    replication.awaitCaughtUp(Duration.ofMinutes(2));
    // The drill's snapshot then differs from the first only by these: every other blob is shared.
    for (Source source : sources) {
      source.data.addLogs(SampleData.count(10_000, settings.scale()), SampleData.count(2_000, settings.scale()));
    }
    breakForScenario();
  }

  /** Starts the source nodes in order; on a failure, stops those already started. */
  private List<LocalNode> startSourceNodes(LocalNodeLauncher launcher) {
    List<LocalNode> nodes = new ArrayList<>();
    try {
      for (Source source : sources) {
        // bound to this JVM: even a kill -9 of local mode must not leave a source node running
        nodes.add(launcher.start(NodeOptions.of(source.cluster.distribution(), "source-" + source.cluster.name())
            .withPathRepo(source.repository).boundToThisJvm()));
      }
      return nodes;
    } catch (RuntimeException e) {
      nodes.forEach(LocalNode::close);
      throw e;
    }
  }

  private void awaitSourceNodes(CompletableFuture<List<LocalNode>> starting) {
    List<LocalNode> nodes = awaitNodes(starting);
    for (int i = 0; i < sources.size(); i++) {
      sources.get(i).node = nodes.get(i);
      started.push(nodes.get(i));
    }
  }

  private static List<LocalNode> awaitNodes(CompletableFuture<List<LocalNode>> node) {
    try {
      return node.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private void createBuckets() {
    for (String bucket : List.of(PRIMARY_BUCKET, REPLICA_BUCKET)) {
      s3.createBucket(b -> b.bucket(bucket));
      s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    // A rule per repository, as a bucket shared by several clusters is set up
    List<ReplicationRule> rules = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Source source = sources.get(i);
      rules.add(ReplicationRule.builder()
          .id(sources.size() == 1 ? "repository-to-dr" : source.cluster.name() + "-to-dr")
          .status(ReplicationRuleStatus.ENABLED).priority(i + 1)
          .filter(f -> f.prefix(source.prefix() + "/"))
          .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
          .destination(d -> d.bucket("arn:aws:s3:::" + REPLICA_BUCKET)).build());
    }
    s3.putBucketReplication(b -> b.bucket(PRIMARY_BUCKET).replicationConfiguration(c -> c
        .role("arn:aws:iam::000000000000:role/snapdrill-local-replication").rules(rules)));
  }

  private Source broken() {
    return sources.stream().filter(s -> s.cluster.name().equals(settings.brokenCluster())).findFirst().orElseThrow();
  }

  private Source source(String cluster) {
    return sources.stream().filter(s -> s.cluster.name().equals(cluster)).findFirst()
        .orElseThrow(() -> new IllegalStateException("local mode has no cluster " + cluster));
  }

  private void breakForScenario() {
    Source broken = broken();
    String keyPrefix = broken.prefix() + "/";
    switch (settings.scenario()) {
      case HAPPY, BAD_DATA -> { }
      case REWIND -> {
        // alone, the rule covers the whole bucket; beside other clusters, only this one's repository
        String scope = sources.size() == 1 ? "" : keyPrefix;
        expiry.putRule("expire-after-7-days", scope, 7);
        String key = expiry.expireOneBlobOf(new RepositoryLayout(broken.repository).dataBlobOf(SampleData.CUSTOMERS),
            keyPrefix);
        say.accept("scenario rewind: lifecycle rule 'expire-after-7-days' covers all of s3://" + REPLICA_BUCKET
            + (scope.isEmpty() ? "" : "/" + scope) + " and its expiry left a delete marker on " + key);
      }
      case REWIND_AFTER_FIX -> {
        expiry.putRule("expire-after-7-days", "auto-purge/", 7);
        String key = expiry.expireOneBlobOf(new RepositoryLayout(broken.repository).dataBlobOf(SampleData.CUSTOMERS),
            keyPrefix);
        say.accept("scenario rewind-after-fix: the rule now covers only auto-purge/, but the delete marker it left on "
            + key + " is still there");
      }
      case REPLICA_LAG -> {
        replication.lag(new CrossRegionReplication.Lag(Duration.ofSeconds(10), Duration.ofSeconds(25)), keyPrefix);
        say.accept("scenario replica-lag: replication now copies each new object under " + keyPrefix
            + " after 10 to 25 s");
      }
      case MISSING_BLOB -> {
        String blob = java.util.regex.Pattern.quote(keyPrefix) + "indices/[^/]+/\\d+/__[^/]+";
        replication.neverCopyFirst(key -> key.matches(blob));
        say.accept("scenario missing-blob: the first new shard data blob under " + keyPrefix
            + " will never reach the replica");
      }
    }
  }

  /** The configuration the activities run with: a cluster per source node, and a local restore host. */
  public SnapdrillConfig config() {
    List<ClusterConfig> clusters = new ArrayList<>();
    for (Source source : sources) {
      BucketConfig primary = new BucketConfig(PRIMARY_BUCKET, source.prefix(), "us-east-1", s3Endpoint.toString(), true);
      BucketConfig replica = new BucketConfig(REPLICA_BUCKET, source.prefix(), "us-west-2", s3Endpoint.toString(), true);
      clusters.add(new ClusterConfig(source.cluster.name(), source.cluster.distribution().product(),
          source.node.httpEndpoint(),
          // The local node does not check it; it is here so a drill's history can be checked for secrets.
          new AuthConfig(AuthType.BASIC, "snapdrill", SecretRef.inline(clusterPassword), null, null, null, null),
          null, REPOSITORY, new SnapshotConfig("snapdrill-{date}-{drill}", SampleData.INDICES, false),
          new StorageConfig(primary, replica, null, null), RestoreConfig.DEFAULTS, List.of()));
    }
    RestoreHostConfig restoreHost = RestoreHostConfig.localMode(settings.workDirectory().resolve("restore").toString());
    return new SnapdrillConfig(clusters, restoreHost,
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
    DrillActivities uploading = real.withSourceCluster(
        new UploadingSourceCluster(real.sourceCluster(), cluster -> source(cluster).upload));
    return settings.scenario() == LocalScenario.BAD_DATA
        ? uploading.withRestoreCluster(new DocumentLosingRestoreCluster(real.restoreCluster(), settings.brokenCluster()))
        : uploading;
  }

  /**
   * Writes the configuration for a worker in another process ({@code snapdrill worker --config}); its
   * secrets are not in the file but in {@link #workerEnvironment()}. For a stack of one cluster.
   *
   * @param restoreThrottle the restore host's recovery throttle (e.g. "100kb" to make a restore last)
   */
  public Path writeConfig(Path file, String restoreThrottle) {
    Source source = only();
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
        """.formatted(cluster.name(), cluster.product().id(), cluster.endpoint(), PASSWORD_VARIABLE, REPOSITORY,
        String.join(", ", SampleData.INDICES), PRIMARY_BUCKET, source.prefix(), s3Endpoint, REPLICA_BUCKET,
        source.prefix(), s3Endpoint,
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

  /**
   * A snapshot of the sample indices taken outside any drill, in the primary bucket when this returns.
   * For a stack of one cluster.
   */
  public void takeSnapshot(String name) {
    Source source = only();
    source.data.snapshot(REPOSITORY, name);
    source.upload.sync();
  }

  private Source only() {
    if (sources.size() != 1) {
      throw new IllegalStateException("this stack has " + sources.size() + " clusters; name one");
    }
    return sources.get(0);
  }

  /** Waits until replication has copied to the replica what the primary holds now. */
  void awaitReplicated(Duration atMost) {
    replication.awaitCaughtUp(atMost);
  }

  /** Secrets the stack made up (cluster password, S3 secret key): never to appear in a drill's history. */
  public List<String> secrets() {
    return List.of(clusterPassword, s3SecretKey);
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
