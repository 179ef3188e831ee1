package io.snapdrill.activities.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.cluster.RestoreClusterActivitiesImpl;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.node.DistributionInstaller;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.activities.testing.NodeRepositories;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local restore host for real: a node of the snapshot's version starts with exactly the
 * snapshot's blobs (copied from a replica bucket) as a read-only repository, restores, and teardown
 * leaves no process and no file behind.
 */
class LocalRestoreHostTest {
  private static final String INDEX = "local-host-logs";
  private final ObjectMapper json = new ObjectMapper();
  private Path nodesRoot;
  private TestActivityEnvironment env;

  @BeforeEach
  void setUp() throws Exception {
    // Not @TempDir: the node runs as an unprivileged user who must be able to enter this directory.
    nodesRoot = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
        "snapdrill-local-host-test-" + ProcessHandle.current().pid()));
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() throws Exception {
    env.close();
    DistributionInstaller.deleteRecursively(nodesRoot);
  }

  @Test
  void provisionsFromTheReplicaRestoresAndLeavesNothingBehind() throws Exception {
    LocalNode source = SharedNodes.elasticsearch();
    Path written = NodeRepositories.directory(source, "local-host-" + ProcessHandle.current().pid());
    NodeRepositories.registerFs(source, "local-host", written, false);
    NodeRepositories.call(source, "DELETE", "/" + INDEX, null);
    NodeRepositories.ok(source, "PUT", "/" + INDEX, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
    NodeRepositories.index(source, INDEX, 0, 300);
    JsonNode snapshot = json.readTree(NodeRepositories.ok(source, "PUT",
        "/_snapshot/local-host/drill-1?wait_for_completion=true", "{\"indices\":\"" + INDEX + "\"}")).path("snapshot");

    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("local-host-replica");
    server.createVersionedBucket(s3, bucket);
    RepositoryBuckets.upload(s3, written, bucket, "prod/logs/");
    BucketConfig replica = StorageFixtures.bucket(server.endpoint(), bucket, "prod/logs");
    ClusterDirectory clusters = StorageFixtures.directory("logs", StorageFixtures.bucket(server.endpoint(), "unused", ""), replica);

    LocalNodeLauncher launcher = new LocalNodeLauncher(DistributionInstaller.defaults(), nodesRoot);
    env.registerActivitiesImplementations(
        new LocalRestoreHostActivities(clusters, StorageFixtures.clients(), launcher), new RestoreClusterActivitiesImpl(clusters));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setHeartbeatTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    RestoreHostActivities hosts = env.newActivityStub(RestoreHostActivities.class, options);
    RestoreClusterActivities restoreCluster = env.newActivityStub(RestoreClusterActivities.class, options);
    SnapshotInfo info = new SnapshotInfo("local-host", "drill-1", snapshot.path("uuid").asText(), "SUCCESS",
        Instant.now(), Instant.now(), List.of(INDEX), "elasticsearch", NodeDistribution.ELASTICSEARCH_8.version());

    RestoreHost host = hosts.provisionHost(new ProvisionRequest("key-local-1", "drill-test", "logs", info));
    assertThat(host.provider()).isEqualTo("local");
    assertThat(processesUnder(nodesRoot)).isNotEmpty();
    // The node's repository is a copy of the snapshot's blobs: the root, its snap- blob, shard data.
    assertThat(repositoryFiles()).contains("snap-" + info.uuid() + ".dat").anyMatch(f -> f.matches("index-\\d+"))
        .anyMatch(f -> f.startsWith("__"));

    RestoreResult restored = restoreCluster.restoreSnapshot(new RestoreRequest("drill-test", "logs", host, info));
    assertThat(restored.indices()).contains(INDEX);
    assertThat(count(host, INDEX)).isEqualTo(300);

    TeardownReport teardown = hosts.teardownHost(new TeardownRequest("key-local-1", "drill-test", "logs", host.hostId()));
    assertThat(teardown.terminatedHostIds()).containsExactly(host.hostId());
    assertThat(processesUnder(nodesRoot)).isEmpty();
    try (Stream<Path> left = Files.list(nodesRoot)) {
      assertThat(left).isEmpty();
    }
    assertThat(hosts.teardownHost(new TeardownRequest("key-local-1", "drill-test", "logs", host.hostId())).alreadyGone()).isTrue();
  }

  private List<String> repositoryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(nodesRoot)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }
  }

  private static List<ProcessHandle> processesUnder(Path dir) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
        .toList();
  }

  private long count(RestoreHost host, String index) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(host.endpoint() + "/" + index + "/_count")).build(),
        HttpResponse.BodyHandlers.ofString());
    return json.readTree(response.body()).path("count").asLong();
  }
}
