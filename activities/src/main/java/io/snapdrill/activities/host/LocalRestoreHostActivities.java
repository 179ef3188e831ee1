package io.snapdrill.activities.host;

import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.node.DistributionInstaller;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.NodeOptions;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.repository.SnapshotBlobs;
import io.snapdrill.activities.storage.BlobStore;
import io.snapdrill.activities.storage.S3ClientFactory;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The restore host of local mode: a node on this machine that restores from a read-only {@code fs}
 * repository holding exactly the blobs the snapshot needs, copied from the replica bucket. The copy is
 * also what lets a snapshot in S3 be restored onto a cluster without the S3 plugin.
 */
public class LocalRestoreHostActivities implements RestoreHostActivities {
  private final ClusterDirectory clusters;
  private final S3ClientFactory s3;
  private final LocalNodeLauncher launcher;
  private final Map<String, LocalNode> nodes = new ConcurrentHashMap<>();

  public LocalRestoreHostActivities(ClusterDirectory clusters, S3ClientFactory s3, LocalNodeLauncher launcher) {
    this.clusters = clusters;
    this.s3 = s3;
    this.launcher = launcher;
  }

  @Override
  public RestoreHost provisionHost(ProvisionRequest request) {
    LocalNode running = nodes.get(request.hostKey());
    if (running != null && running.isAlive()) {
      return host(request.hostKey(), running);
    }
    Path repository = repositoryDirectory(request.hostKey());
    BlobStore replica = s3.blobStore(clusters.cluster(request.cluster()).storage().replica());
    copyRequiredBlobs(replica, request.snapshot().uuid(), repository);
    NodeDistribution distribution = NodeDistribution.forSnapshot(request.snapshot());
    LocalNode node = launcher.start(NodeOptions.of(distribution, nodeName(request.hostKey())).withPathRepo(repository));
    nodes.put(request.hostKey(), node);
    return host(request.hostKey(), node);
  }

  /**
   * Copies the snapshot's blobs, skipping those a previous attempt already copied, and heartbeats how
   * far it got. Fails (naming the key) when the replica lacks a blob: that is what CONFIRM_REPLICATION
   * should have caught, so it must not be papered over here.
   */
  static SnapshotBlobs copyRequiredBlobs(BlobStore replica, String snapshotUuid, Path target) {
    RepositoryReader reader = new RepositoryReader(replica);
    RepositoryReader.RootBlob root = reader.latestRoot();
    SnapshotBlobs blobs = reader.requiredBlobs(root, reader.repositoryData(root), snapshotUuid);
    List<RequiredBlob> required = blobs.blobs();
    long copiedBytes = 0;
    for (int i = 0; i < required.size(); i++) {
      RequiredBlob blob = required.get(i);
      Path file = target.resolve(blob.key()).normalize();
      if (!file.startsWith(target)) {
        throw new IllegalStateException("blob key " + blob.key() + " leaves the repository directory");
      }
      try {
        if (!Files.exists(file) || Files.size(file) != blob.size()) {
          Files.createDirectories(file.getParent());
          Path partial = file.resolveSibling(file.getFileName() + ".partial");
          Files.write(partial, replica.read(blob.key()));
          Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + replica.locate(blob.key()) + " to " + file, e);
      }
      copiedBytes += blob.size();
      if (i % 50 == 0 || i == required.size() - 1) {
        heartbeat("copied " + (i + 1) + "/" + required.size() + " blobs (" + copiedBytes + " bytes) of snapshot "
            + blobs.snapshotName() + " from " + replica.container());
      }
    }
    return blobs;
  }

  @Override
  public TeardownReport teardownHost(TeardownRequest request) {
    LocalNode node = nodes.remove(request.hostKey());
    Path repository = repositoryDirectory(request.hostKey());
    boolean repositoryLeft = Files.exists(repository);
    if (node != null) {
      node.close();
    }
    try {
      DistributionInstaller.deleteRecursively(repository);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + repository, e);
    }
    return new TeardownReport(request.hostKey(), node == null ? List.of() : List.of(node.name()),
        node == null && !repositoryLeft);
  }

  private Path repositoryDirectory(String hostKey) {
    return launcher.workRoot().resolve("replica-" + nodeName(hostKey));
  }

  private static String nodeName(String hostKey) {
    return "restore-" + hostKey.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "").substring(0, Math.min(12,
        hostKey.replaceAll("[^A-Za-z0-9]", "").length()));
  }

  private static RestoreHost host(String hostKey, LocalNode node) {
    return new RestoreHost(hostKey, "local", node.name(), node.httpEndpoint(), null, null, false, null, Instant.now());
  }

  private static void heartbeat(String details) {
    try {
      Activity.getExecutionContext().heartbeat(details);
    } catch (IllegalStateException notInAnActivity) {
      // called outside an activity (inspect-repo style use): nothing to report to
    }
  }
}
