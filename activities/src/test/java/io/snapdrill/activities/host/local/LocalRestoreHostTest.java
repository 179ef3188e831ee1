package io.snapdrill.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.cluster.RestoreClusterActivitiesImpl;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.node.DistributionInstaller;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.NodeRecord;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local restore host for real: a node of the snapshot's version starts with exactly the
 * snapshot's blobs (copied from a replica bucket) as a read-only repository, restores, and teardown
 * leaves no process and no file behind, also when the worker that provisioned is not the one that
 * tears down (a worker crash: its node outlives it and the next worker finds it on disk).
 */
class LocalRestoreHostTest {
  private static final String INDEX = "local-host-logs";
  private static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(5))
      .setHeartbeatTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build();
  private final ObjectMapper json = new ObjectMapper();
  private final List<TestActivityEnvironment> workers = new ArrayList<>();
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
    workers.forEach(TestActivityEnvironment::close);
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
    // Three instances on one work root stand for three workers: one provisions (and then dies), the next
    // provisions again on retry and restores, a third tears down. Nothing but the disk connects them.
    env.registerActivitiesImplementations(
        new LocalRestoreHostActivities(clusters, StorageFixtures.clients(), launcher), new RestoreClusterActivitiesImpl(clusters));
    RestoreHostActivities hosts = env.newActivityStub(RestoreHostActivities.class, OPTIONS);
    RestoreClusterActivities restoreCluster = env.newActivityStub(RestoreClusterActivities.class, OPTIONS);
    SnapshotInfo info = new SnapshotInfo("local-host", "drill-1", snapshot.path("uuid").asText(), "SUCCESS",
        Instant.now(), Instant.now(), List.of(INDEX), "elasticsearch", NodeDistribution.ELASTICSEARCH_8.version());
    String key = "key-local-1";
    // What an earlier attempt may leave: a node directory whose recorded pid now belongs to another process.
    Process unrelated = new ProcessBuilder("sleep", "600").start();
    try {
      Path stale = staleNodeDirectory(key, unrelated.pid(), unrelated.info().startInstant().orElseThrow().minusSeconds(60));

      RestoreHost host = hosts.provisionHost(new ProvisionRequest(key, "drill-test", "logs", info));
      assertThat(host.provider()).isEqualTo("local");
      assertThat(stale).doesNotExist();
      assertThat(unrelated.isAlive()).isTrue();
      List<Path> nodeDirectories = launcher.nodeDirectories(LocalRestoreHostActivities.nodeName(key));
      assertThat(nodeDirectories).hasSize(1);
      long nodePid = NodeRecord.read(nodeDirectories.get(0)).orElseThrow().pid();
      List<Long> nodeProcesses = pids(processesUnder(nodesRoot));
      assertThat(nodeProcesses).contains(nodePid);
      // The node's repository is a copy of the snapshot's blobs: the root, its snap- blob, shard data.
      assertThat(repositoryFiles()).contains("snap-" + info.uuid() + ".dat").anyMatch(f -> f.matches("index-\\d+"))
          .anyMatch(f -> f.startsWith("__"));

      RestoreHostActivities secondWorker = worker(nodesRoot, clusters);
      RestoreHost again = secondWorker.provisionHost(new ProvisionRequest(key, "drill-test", "logs", info));
      assertThat(again.endpoint()).isEqualTo(host.endpoint());
      assertThat(again.hostId()).isEqualTo(host.hostId());
      assertThat(launcher.nodeDirectories(LocalRestoreHostActivities.nodeName(key))).isEqualTo(nodeDirectories);
      assertThat(pids(processesUnder(nodesRoot))).isEqualTo(nodeProcesses);

      RestoreResult restored = restoreCluster.restoreSnapshot(new RestoreRequest("drill-test", "logs", again, info));
      assertThat(restored.indices()).contains(INDEX);
      assertThat(count(again, INDEX)).isEqualTo(300);

      RestoreHostActivities thirdWorker = worker(nodesRoot, clusters);
      TeardownRequest teardownRequest = new TeardownRequest(key, "drill-test", "logs", host.hostId());
      TeardownReport teardown = thirdWorker.teardownHost(teardownRequest);
      assertThat(teardown.terminatedHostIds()).containsExactly(host.hostId());
      assertThat(teardown.alreadyGone()).isFalse();
      assertThat(ProcessHandle.of(nodePid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(processesUnder(nodesRoot)).isEmpty();
      try (Stream<Path> left = Files.list(nodesRoot)) {
        assertThat(left).isEmpty();
      }
      assertThat(unrelated.isAlive()).isTrue();
      // Repeating is harmless, from the worker that tore down and from those that still remember the node.
      for (RestoreHostActivities worker : List.of(thirdWorker, secondWorker, hosts)) {
        TeardownReport repeated = worker.teardownHost(teardownRequest);
        assertThat(repeated.alreadyGone()).isTrue();
        assertThat(repeated.terminatedHostIds()).isEmpty();
      }
      try (Stream<Path> left = Files.list(nodesRoot)) {
        assertThat(left).isEmpty();
      }
    } finally {
      unrelated.destroy();
    }
  }

  @Test
  void teardownCleansStaleRecordsOfItsKeyOnlyAndNeverKillsAnotherProcess() throws Exception {
    String key = "4f1c2a9e-5b7d-4c1e-9a0b-2d3e4f5a6b7c";
    Process exited = new ProcessBuilder("true").start();
    Instant exitedStart = exited.info().startInstant().orElse(Instant.now());
    exited.waitFor();
    Path dead = staleNodeDirectory(key, exited.pid(), exitedStart);
    Process unrelated = new ProcessBuilder("sleep", "600").start();
    try {
      Path recycled = staleNodeDirectory(key, unrelated.pid(),
          unrelated.info().startInstant().orElseThrow().minusSeconds(3600));
      Path unreadable = Files.createDirectories(nodesRoot.resolve(LocalRestoreHostActivities.nodeName(key) + "-0000beef"));
      Files.writeString(unreadable.resolve(NodeRecord.FILE), "{\"pid\": ");
      Path repository = Files.createDirectories(
          nodesRoot.resolve("replica-" + LocalRestoreHostActivities.nodeName(key)).resolve("indices"));
      // Another host key with the same first characters: its node and repository copy are not this key's.
      String neighbour = key.substring(0, 30) + "ffffff";
      Path neighbourNode = staleNodeDirectory(neighbour, unrelated.pid(), unrelated.info().startInstant().orElseThrow());
      Path neighbourRepository = Files.createDirectories(
          nodesRoot.resolve("replica-" + LocalRestoreHostActivities.nodeName(neighbour)));
      URI nowhere = URI.create("http://127.0.0.1:9");
      ClusterDirectory clusters = StorageFixtures.directory("logs", StorageFixtures.bucket(nowhere, "unused", ""),
          StorageFixtures.bucket(nowhere, "unused", ""));

      TeardownReport report = worker(nodesRoot, clusters).teardownHost(new TeardownRequest(key, "drill-test", "logs", null));

      assertThat(report.alreadyGone()).isTrue();
      assertThat(report.terminatedHostIds()).isEmpty();
      assertThat(dead).doesNotExist();
      assertThat(recycled).doesNotExist();
      assertThat(unreadable).doesNotExist();
      assertThat(repository.getParent()).doesNotExist();
      assertThat(unrelated.isAlive()).isTrue();
      try (Stream<Path> left = Files.list(nodesRoot)) {
        assertThat(left).containsExactlyInAnyOrder(neighbourNode, neighbourRepository);
      }
    } finally {
      unrelated.destroy();
    }
  }

  @Test
  void hostKeysWithTheSameBeginningGetDifferentNodeNames() {
    String key = "4f1c2a9e-5b7d-4c1e-9a0b-2d3e4f5a6b7c";
    String name = LocalRestoreHostActivities.nodeName(key);
    assertThat(name).isEqualTo(LocalRestoreHostActivities.nodeName(key)).startsWith("restore-4f1c2a9e-")
        .matches("[a-z0-9][a-z0-9_-]*");
    assertThat(LocalRestoreHostActivities.nodeName(key.substring(0, 35) + "d")).isNotEqualTo(name);
    assertThat(LocalRestoreHostActivities.nodeName(key.toUpperCase(java.util.Locale.ROOT))).isNotEqualTo(name);
  }

  /** A node directory as a launcher leaves it, but whose record names a process that is not a node. */
  private Path staleNodeDirectory(String hostKey, long pid, Instant processStart) throws Exception {
    String name = LocalRestoreHostActivities.nodeName(hostKey);
    Path directory = Files.createDirectories(nodesRoot.resolve(name + "-" + String.format("%08x", pid)));
    Files.createDirectories(directory.resolve("logs"));
    Files.writeString(directory.resolve("logs/http.ports"), "127.0.0.1:9\n");
    NodeRecord record = new NodeRecord(name, Product.ELASTICSEARCH, NodeDistribution.ELASTICSEARCH_8.version(), pid,
        processStart.toEpochMilli(), 9, nodesRoot.resolve("replica-" + name).toString(), false);
    Files.writeString(directory.resolve(NodeRecord.FILE), json.writeValueAsString(record));
    return directory;
  }

  /** The host activities as a new worker would run them: a fresh instance on the same work root. */
  private RestoreHostActivities worker(Path workRoot, ClusterDirectory clusters) {
    TestActivityEnvironment workerEnv = TestActivityEnvironment.newInstance();
    workers.add(workerEnv);
    workerEnv.registerActivitiesImplementations(new LocalRestoreHostActivities(clusters, StorageFixtures.clients(),
        new LocalNodeLauncher(DistributionInstaller.defaults(), workRoot)));
    return workerEnv.newActivityStub(RestoreHostActivities.class, OPTIONS);
  }

  private static List<Long> pids(List<ProcessHandle> processes) {
    return processes.stream().map(ProcessHandle::pid).sorted().toList();
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
