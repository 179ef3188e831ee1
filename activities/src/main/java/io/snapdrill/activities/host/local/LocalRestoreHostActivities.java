package io.snapdrill.activities.host.local;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.activities.node.DistributionInstaller;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.LocalNodeLauncher;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.NodeOptions;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.repository.SnapshotBlobs;
import io.snapdrill.model.ProvisionRequest;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.snapdrill.workflows.activities.RestoreHostActivities;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The restore host of local mode: a node on this machine that restores from a read-only {@code fs}
 * repository holding exactly the blobs the snapshot needs, copied from the replica bucket. The copy is
 * also what lets a snapshot in S3 be restored onto a cluster without the S3 plugin.
 *
 * <p>The host's state lives on disk under the launcher's work root, named from the host key, not in
 * this object: when a worker dies, its node keeps running and the next worker (a new instance with the
 * same work root) finds it there, provisions nothing twice, and tears it down.
 */
public class LocalRestoreHostActivities implements RestoreHostActivities {
  /** How long a node found on disk may take to answer before it counts as broken and is replaced. */
  private static final Duration ADOPTION_TIMEOUT = Duration.ofMinutes(2);

  private final ClusterDirectory clusters;
  private final AwsClients aws;
  private final LocalNodeLauncher launcher;
  private final boolean nodesDieWithThisJvm;
  /** A cache: the disk is the truth, see {@link #runningNode}. */
  private final Map<String, LocalNode> nodes = new ConcurrentHashMap<>();

  public LocalRestoreHostActivities(ClusterDirectory clusters, AwsClients aws, LocalNodeLauncher launcher) {
    this(clusters, aws, launcher, false);
  }

  private LocalRestoreHostActivities(ClusterDirectory clusters, AwsClients aws, LocalNodeLauncher launcher,
      boolean nodesDieWithThisJvm) {
    this.clusters = clusters;
    this.aws = aws;
    this.launcher = launcher;
    this.nodesDieWithThisJvm = nodesDieWithThisJvm;
  }

  /**
   * The same activities, but the nodes they start die with this JVM, even when it is killed: for a
   * process that is the drill's only worker (local mode), where no other worker could take the node over.
   */
  public LocalRestoreHostActivities nodesDieWithThisJvm() {
    return new LocalRestoreHostActivities(clusters, aws, launcher, true);
  }

  @Override
  public RestoreHost provisionHost(ProvisionRequest request) {
    String hostKey = request.hostKey();
    return HostKeyLock.holding(lockFile(hostKey), () -> {
      LocalNode running = runningNode(hostKey);
      if (running != null) {
        return host(hostKey, running);
      }
      Path repository = repositoryDirectory(hostKey);
      BlobStore replica = S3BlobStore.of(aws, clusters.cluster(request.cluster()).storage().replica());
      copyRequiredBlobs(replica, request.snapshot().uuid(), repository);
      NodeDistribution distribution = NodeDistribution.forSnapshot(request.snapshot());
      NodeOptions options = NodeOptions.of(distribution, nodeName(hostKey)).withPathRepo(repository);
      LocalNode node = launcher.start(nodesDieWithThisJvm ? options.boundToThisJvm() : options,
          LocalRestoreHostActivities::heartbeat);
      nodes.put(hostKey, node);
      return host(hostKey, node);
    });
  }

  /**
   * The host key's node if one is up, started by this instance or found on disk (a previous worker's);
   * nodes of the key that are dead or do not answer are removed on the way, so a new one can start.
   */
  private LocalNode runningNode(String hostKey) {
    LocalNode known = nodes.get(hostKey);
    if (known != null && known.isAlive()) {
      return known;
    }
    if (known != null) {
      nodes.remove(hostKey);
      known.close();
    }
    LocalNode found = null;
    for (Path directory : launcher.nodeDirectories(nodeName(hostKey))) {
      if (found == null) {
        found = launcher.attach(directory, ADOPTION_TIMEOUT, LocalRestoreHostActivities::heartbeat).orElse(null);
        if (found != null) {
          continue;
        }
      }
      heartbeat("removing " + directory + ", a restore node of host key " + hostKey + " that is not usable");
      launcher.remove(directory);
    }
    if (found != null) {
      nodes.put(hostKey, found);
    }
    return found;
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

  /**
   * Stops every node of the host key, whether this instance started it or found it on disk, and removes
   * their directories, the repository copy and the key's lock file. Safe to repeat.
   */
  @Override
  public TeardownReport teardownHost(TeardownRequest request) {
    String hostKey = request.hostKey();
    if (!Files.isDirectory(launcher.workRoot())) {
      return new TeardownReport(hostKey, List.of(), true);
    }
    Path lock = lockFile(hostKey);
    return HostKeyLock.holding(lock, () -> {
      Set<String> stopped = new LinkedHashSet<>();
      LocalNode known = nodes.remove(hostKey);
      if (known != null) {
        boolean wasAlive = known.isAlive();
        known.close();
        if (wasAlive) {
          stopped.add(known.name());
        }
      }
      String name = nodeName(hostKey);
      for (Path directory : launcher.nodeDirectories(name)) {
        if (launcher.remove(directory)) {
          stopped.add(name);
        }
      }
      Path repository = repositoryDirectory(hostKey);
      try {
        DistributionInstaller.deleteRecursively(repository);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + repository, e);
      }
      HostKeyLock.deleteWhileHeld(lock);
      return new TeardownReport(hostKey, List.copyOf(stopped), stopped.isEmpty());
    });
  }

  private Path repositoryDirectory(String hostKey) {
    return launcher.workRoot().resolve("replica-" + nodeName(hostKey));
  }

  private Path lockFile(String hostKey) {
    return launcher.workRoot().resolve(nodeName(hostKey) + ".lock");
  }

  /**
   * The node name (and directory prefix) of a host key: a readable piece of the key for people, and a
   * hash of the whole key so that two keys never share a name, as two keys with the same first
   * characters would if the name were a truncation.
   */
  static String nodeName(String hostKey) {
    String readable = hostKey.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    readable = readable.substring(0, Math.min(8, readable.length()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(hostKey.getBytes(StandardCharsets.UTF_8));
      return "restore-" + readable + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static RestoreHost host(String hostKey, LocalNode node) {
    return new RestoreHost(hostKey, RestoreHostProvider.LOCAL.id(), node.name(), node.httpEndpoint(), null, null, false, null,
        node.startedAt().orElseGet(Instant::now));
  }

  private static void heartbeat(String details) {
    try {
      Activity.getExecutionContext().heartbeat(details);
    } catch (IllegalStateException notInAnActivity) {
      // called outside an activity (inspect-repo style use): nothing to report to
    }
  }
}
