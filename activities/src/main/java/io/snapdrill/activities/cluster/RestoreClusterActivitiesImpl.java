package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.activities.host.RestoreHostLease;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.RestoreHost;
import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.model.VerifyRequest;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RESTORE and VERIFY on the restore host's cluster (no authentication: the host is private to the drill);
 * VERIFY's comparisons are {@link RestoreVerifier}'s.
 *
 * <p>Where the replica repository is: on EC2 hosts the replica bucket ({@code s3}); on local hosts
 * ({@link RestoreHostProvider#LOCAL}) the directory the local host put the replica's blobs in, which by
 * convention is the restore node's {@code path.repo} (read from the node), so {@link RestoreHost}
 * needs no extra field.
 */
public final class RestoreClusterActivitiesImpl implements RestoreClusterActivities {
  /** How long a host may not answer during a restore before it counts as lost, unless told otherwise. */
  public static final Duration HOST_LOST_AFTER = Duration.ofMinutes(3);

  /** Failed shards a RESTORE_FAILED message names; the rest are counted. */
  static final int FAILED_SHARDS_NAMED = 20;

  private final ClusterDirectory directory;
  private final Duration hostLostAfter;
  private final RestoreHostLease lease;
  private final EvidenceStore evidence;

  public RestoreClusterActivitiesImpl(ClusterDirectory directory) {
    this(directory, RestoreHostLease.NONE);
  }

  /** @param lease renewed whenever the restore makes progress */
  public RestoreClusterActivitiesImpl(ClusterDirectory directory, RestoreHostLease lease) {
    this(directory, HOST_LOST_AFTER, lease);
  }

  /** @param hostLostAfter how long the host may not answer during a restore before it counts as lost */
  public RestoreClusterActivitiesImpl(ClusterDirectory directory, Duration hostLostAfter, RestoreHostLease lease) {
    this(directory, hostLostAfter, lease, EvidenceStore.temporary());
  }

  /** @param evidence where SNAPSHOT stored the expectations its result does not list (a file path is read as it is) */
  public RestoreClusterActivitiesImpl(ClusterDirectory directory, Duration hostLostAfter, RestoreHostLease lease,
      EvidenceStore evidence) {
    this.directory = directory;
    this.hostLostAfter = hostLostAfter;
    this.lease = lease;
    this.evidence = evidence;
  }

  @Override
  public RestoreResult restoreSnapshot(RestoreRequest request) {
    ClusterConfig cluster = directory.cluster(request.cluster());
    SnapshotInfo listed = request.snapshot();
    // every index name, not only those SNAPSHOT's payload lists
    SnapshotInfo snapshot = StoredIndexNames.complete(listed, evidence);
    RestoreConfig config = cluster.restore();
    try (ClusterConnection host = ClusterConnection.restoreHost(request.host(), Product.of(snapshot.product()))) {
      HostWatch watch = new HostWatch(request.host(), hostLostAfter);
      Map<String, String> targets = targets(snapshot.indices(), config);
      if (targets.isEmpty()) {
        throw FailureType.CONFIGURATION_INVALID.failure("restore settings of cluster '" + cluster.name() + "' (indices "
            + config.indices() + ", excludeIndices " + config.excludeIndices() + ") select none of snapshot '" + snapshot.name()
            + "''s indices " + named(listed));
      }
      List<String> targetNames = List.copyOf(targets.values());
      boolean started = Heartbeats.last(RestoreProgress.class).map(RestoreProgress::started).orElse(false)
          || watch.call(() -> allExist(host, targetNames));
      if (!started) {
        watch.call(() -> {
          registerRepository(host, request.host(), cluster, snapshot);
          host.call("PUT", "/_cluster/settings",
              Map.of("persistent", Map.of("indices.recovery.max_bytes_per_sec", config.maxBytesPerSec())));
          startRestore(host, cluster, snapshot, snapshot.repository(), config,
              // a single-node host could never assign replicas: the restored indices would stay yellow forever
              Map.of("index.number_of_replicas", 0));
          return null;
        });
      }
      watch.progress = new RestoreProgress(true, targetNames, 0, 0, 0);
      Heartbeats.beat(watch.progress);
      lease.renew(request.host());
      return awaitRecovery(host, watch, snapshot, targetNames);
    }
  }

  /** A snapshot's index names for a message: those its payload lists, and how many more. */
  static String named(SnapshotInfo snapshot) {
    int more = snapshot.totalIndices() - snapshot.indices().size();
    return snapshot.indices() + (more > 0 ? " and " + more + " more" : "");
  }

  /** Original index name → restored name, for the snapshot indices the restore settings select. */
  static Map<String, String> targets(List<String> snapshotIndices, RestoreConfig config) {
    Map<String, String> targets = new LinkedHashMap<>();
    for (String index : snapshotIndices) {
      if (IndexPatterns.matches(config.indices(), index) && config.excludeIndices().stream().noneMatch(p -> IndexPatterns.glob(p, index))) {
        targets.put(index, renamed(index, config));
      }
    }
    return targets;
  }

  static String renamed(String index, RestoreConfig config) {
    if (config.renamePattern() == null || config.renamePattern().isBlank()) {
      return index;
    }
    try {
      return Pattern.compile(config.renamePattern()).matcher(index)
          .replaceAll(config.renameReplacement() == null ? "" : config.renameReplacement());
    } catch (PatternSyntaxException | IndexOutOfBoundsException e) {
      throw FailureType.CONFIGURATION_INVALID.failure("restore.renamePattern '" + config.renamePattern() + "' / renameReplacement '"
          + config.renameReplacement() + "' is not a valid Java regex replacement: " + e.getMessage());
    }
  }

  private static boolean allExist(ClusterConnection host, List<String> indices) {
    for (String index : indices) {
      if (host.send("HEAD", "/" + IndexProbe.path(index), null).status() != 200) {
        return false;
      }
    }
    return true;
  }

  private static void registerRepository(ClusterConnection host, RestoreHost restoreHost, ClusterConfig cluster, SnapshotInfo snapshot) {
    Map<String, Object> body;
    if (RestoreHostProvider.of(restoreHost.provider()) == RestoreHostProvider.LOCAL) {
      JsonNode repo = host.get("/_nodes/_local/settings?filter_path=nodes.*.settings.path.repo").path("nodes");
      JsonNode paths = repo.elements().hasNext() ? repo.elements().next().path("settings").path("path").path("repo") : null;
      String location = paths == null || paths.isMissingNode() ? null : paths.isArray() ? paths.path(0).asText() : paths.asText();
      if (location == null || location.isBlank()) {
        throw FailureType.CONFIGURATION_INVALID.failure("local restore host " + restoreHost.hostId()
            + " has no path.repo: start it with path.repo set to the directory holding the replica repository");
      }
      body = ReplicaRepository.fs(location);
    } else {
      body = ReplicaRepository.s3(cluster.storage().replica());
    }
    HttpResult result = host.send("PUT", "/_snapshot/" + IndexProbe.path(snapshot.repository()), body);
    if (!result.ok()) {
      throw FailureType.RESTORE_FAILED.failure("restore host " + restoreHost.hostId() + " cannot register the replica repository '"
          + snapshot.repository() + "' (" + body.get("type") + ", read-only): HTTP " + result.status()
          + ClusterConnection.errorReason(result.body()));
    }
  }

  /**
   * Starts the restore of the indices {@code config} selects from {@code repository}, without waiting.
   *
   * @param indexSettings settings the restored indices get (none: as in the snapshot)
   */
  static void startRestore(ClusterConnection host, ClusterConfig cluster, SnapshotInfo snapshot, String repository,
      RestoreConfig config, Map<String, Object> indexSettings) {
    List<String> patterns = new ArrayList<>(config.indices());
    config.excludeIndices().forEach(e -> patterns.add("-" + e));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("indices", String.join(",", patterns));
    body.put("include_global_state", false);
    body.put("include_aliases", false);
    if (!indexSettings.isEmpty()) {
      body.put("index_settings", indexSettings);
    }
    if (config.renamePattern() != null && !config.renamePattern().isBlank()) {
      body.put("rename_pattern", config.renamePattern());
      body.put("rename_replacement", config.renameReplacement() == null ? "" : config.renameReplacement());
    }
    String path = "/_snapshot/" + IndexProbe.path(repository) + "/" + IndexProbe.path(snapshot.name())
        + "/_restore?wait_for_completion=false";
    HttpResult result = host.send("POST", path, body);
    if (!result.ok()) {
      throw FailureType.RESTORE_FAILED.failure(host.name() + " refused to restore snapshot '" + snapshot.name() + "' of cluster '"
          + cluster.name() + "' from repository '" + repository + "': HTTP " + result.status()
          + ClusterConnection.errorReason(result.body()));
    }
  }

  private RestoreResult awaitRecovery(ClusterConnection host, HostWatch watch, SnapshotInfo snapshot, List<String> indices) {
    return awaitRecovery(host, watch::call, snapshot, indices, progress -> {
      if (progress.bytesRecovered() > watch.progress.bytesRecovered()) {
        lease.renew(watch.host);
      }
      watch.progress = progress;
      Heartbeats.beat(progress);
    });
  }

  /** How a request reaches the cluster: directly, or through a watch that tells a lost host from a blip. */
  interface Requests {
    JsonNode call(java.util.function.Supplier<JsonNode> request);
  }

  /**
   * Polls recovery of {@code indices} until every primary started, handing each poll's progress to
   * {@code onProgress} (which heartbeats); fails with RESTORE_FAILED when a shard's allocation failed.
   */
  static RestoreResult awaitRecovery(ClusterConnection host, Requests requests, SnapshotInfo snapshot, List<String> indices,
      java.util.function.Consumer<RestoreProgress> onProgress) {
    String list = IndexProbe.path(String.join(",", indices));
    for (int poll = 0; ; poll++) {
      JsonNode shards = requests.call(() -> host.get("/_cat/shards/" + list
          + "?format=json&h=index,shard,prirep,state,unassigned.reason,unassigned.details"));
      List<String> failed = new ArrayList<>();
      int primaries = 0;
      int started = 0;
      for (JsonNode shard : shards) {
        if (!"p".equals(shard.path("prirep").asText())) {
          continue;
        }
        primaries++;
        String state = shard.path("state").asText();
        if ("STARTED".equals(state)) {
          started++;
        } else if ("UNASSIGNED".equals(state) && "ALLOCATION_FAILED".equals(shard.path("unassigned.reason").asText())) {
          failed.add("[" + shard.path("index").asText() + "][" + shard.path("shard").asText() + "] "
              + shard.path("unassigned.details").asText());
        }
      }
      JsonNode recovery = requests.call(() -> host.get("/" + list + "/_recovery"));
      long recovered = 0;
      long total = 0;
      for (JsonNode index : recovery) {
        for (JsonNode shard : index.path("shards")) {
          recovered += shard.path("index").path("size").path("recovered_in_bytes").asLong();
          total += shard.path("index").path("size").path("total_in_bytes").asLong();
        }
      }
      double percent = total == 0 ? (primaries > 0 && started == primaries ? 100.0 : 0.0) : 100.0 * recovered / total;
      onProgress.accept(new RestoreProgress(true, indices, recovered, total, percent));
      if (!failed.isEmpty()) {
        // the message is a payload too: name the first shards, count them all
        throw FailureType.RESTORE_FAILED.failure("restoring snapshot '" + snapshot.name() + "' failed for " + failed.size()
            + " shard(s): " + String.join("; ", failed.subList(0, Math.min(failed.size(), FAILED_SHARDS_NAMED)))
            + (failed.size() > FAILED_SHARDS_NAMED ? "; and " + (failed.size() - FAILED_SHARDS_NAMED) + " more" : ""));
      }
      if (primaries > 0 && started == primaries) {
        // VERIFY's argument and the drill's result: a few names, the count
        return new RestoreResult(indices, primaries, recovered).bounded();
      }
      Heartbeats.sleep(Heartbeats.pause(poll));
    }
  }

  @Override
  public VerificationReport verifyRestore(VerifyRequest request) {
    ClusterConfig cluster = directory.cluster(request.cluster());
    SnapshotInfo snapshot = StoredIndexNames.complete(request.snapshot().snapshot(), evidence);
    try (ClusterConnection host = ClusterConnection.restoreHost(request.host(), Product.of(snapshot.product()))) {
      // every expectation and index name, not only those SNAPSHOT's payload lists
      SnapshotResult expected = StoredExpectations.complete(request.snapshot(), evidence);
      VerificationReport report = new RestoreVerifier(host, cluster.verification())
          .verify(expected, targets(snapshot.indices(), cluster.restore()), resumedVerification(evidence, request.drillId()));
      // the drill's result and its report carry this again: a few verdicts, the counts, all in the store
      return report.indices().size() <= VerificationReport.LISTED ? report.bounded(null)
          : report.bounded(evidence.put(EvidenceStore.currentRun(request.drillId()), "verification-verdicts", report.indices()));
    }
  }

  /**
   * The verdicts an attempt before this one left: its heartbeat and the batches it stored. Details of
   * another shape (an older worker) or batches that cannot be read back (another worker's directory, a
   * changed file) start over: judging again costs time, never a wrong verdict.
   */
  static VerdictLog resumedVerification(EvidenceStore evidence, String drillId) {
    String run = EvidenceStore.currentRun(drillId);
    int attempt = Heartbeats.context().getInfo().getAttempt();
    VerifyProgress last;
    try {
      last = Heartbeats.last(VerifyProgress.class).orElse(VerifyProgress.START);
    } catch (io.temporal.common.converter.DataConverterException olderShape) {
      last = VerifyProgress.START;
    }
    try {
      return VerdictLog.resume(last, evidence, run, attempt);
    } catch (RuntimeException unreadable) {
      return VerdictLog.resume(VerifyProgress.START, evidence, run, attempt);
    }
  }

  /** Tells a host that stopped answering for good (spot interruption) from a blip. */
  private static final class HostWatch {
    private final RestoreHost host;
    private final Duration lostAfter;
    private long unreachableSince = -1;
    /** Re-sent while the host does not answer, so a retry still knows whether the restore was started. */
    RestoreProgress progress = new RestoreProgress(false, List.of(), 0, 0, 0);

    HostWatch(RestoreHost host, Duration lostAfter) {
      this.host = host;
      this.lostAfter = lostAfter;
    }

    <T> T call(java.util.function.Supplier<T> request) {
      while (true) {
        try {
          T result = request.get();
          unreachableSince = -1;
          return result;
        } catch (ClusterUnreachableException e) {
          long now = System.nanoTime();
          if (unreachableSince < 0) {
            unreachableSince = now;
          }
          if (now - unreachableSince >= lostAfter.toNanos()) {
            throw FailureType.RESTORE_HOST_LOST.failure("restore host " + host.hostId() + " at " + host.endpoint()
                + " has not answered for " + lostAfter.toSeconds() + "s during the restore (" + e.getMessage() + ")");
          }
          Heartbeats.beat(progress);
          Heartbeats.sleep(Duration.ofSeconds(1));
        }
      }
    }
  }
}
