package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.RestoreTargetConfig;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.FailoverLeftBehind;
import io.snapdrill.model.FailoverTargetRequest;
import io.snapdrill.model.FailoverVerifyRequest;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.TargetConflicts;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.workflows.activities.FailoverTargetActivities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failover restore onto a configured standing cluster (one with {@code restoreTarget}), through its own
 * endpoint, credentials and TLS. The restore and VERIFY are the drill's ({@link RestoreClusterActivitiesImpl},
 * {@link RestoreVerifier}), with what differs on a cluster that serves traffic: the replica repository gets
 * a name of Snapdrill's own, the restored indices keep the snapshot's settings (replicas too), and no
 * cluster-wide setting (the drill's recovery throttle) is changed.
 */
public final class FailoverTargetActivitiesImpl implements FailoverTargetActivities {
  /** Indices per close or delete request: keeps the URL short on clusters with thousands of indices. */
  private static final int PER_REQUEST = 50;

  private final ClusterDirectory directory;
  private final EvidenceStore evidence;

  /** Evidence (VERIFY's stored batches) in a temporary directory: for tests and tools without reports. */
  public FailoverTargetActivitiesImpl(ClusterDirectory directory) {
    this(directory, EvidenceStore.temporary());
  }

  /** @param evidence where SNAPSHOT stored what its result does not list, and where VERIFY keeps its verdicts as it goes */
  public FailoverTargetActivitiesImpl(ClusterDirectory directory, EvidenceStore evidence) {
    this.directory = directory;
    this.evidence = evidence;
  }

  /** The name the replica repository of {@code sourceCluster} has on every target: never a target's own. */
  public static String repositoryName(String sourceCluster) {
    return "snapdrill-replica-" + sourceCluster;
  }

  @Override
  public String registerReplicaRepository(FailoverTargetRequest request) {
    ClusterConfig source = directory.cluster(request.sourceCluster());
    ClusterConfig target = target(request);
    RestoreTargetConfig how = target.restoreTarget();
    String repository = repositoryName(source.name());
    Map<String, Object> body = how.fs()
        ? ReplicaRepository.fs(how.location())
        : ReplicaRepository.s3(source.storage().replica(), how.client());
    try (ClusterConnection connection = ClusterConnection.open(target)) {
      connection.identity();
      HttpResult registered = connection.send("PUT", "/_snapshot/" + IndexProbe.path(repository), body);
      if (!registered.ok()) {
        throw FailureType.RESTORE_FAILED.failure(connection.name() + " cannot register the replica repository '" + repository
            + "' of cluster '" + source.name() + "' (" + body.get("type") + ", read-only, " + where(source, how) + "): HTTP "
            + registered.status() + ClusterConnection.errorReason(registered.body()));
      }
      SnapshotInfo snapshot = request.snapshot();
      HttpResult found = connection.send("GET", "/_snapshot/" + IndexProbe.path(repository) + "/"
          + IndexProbe.path(snapshot.name()), null);
      if (!found.ok()) {
        throw FailureType.RESTORE_FAILED.failure(connection.name() + " registered the replica repository '" + repository + "' ("
            + where(source, how) + ") but does not find snapshot '" + snapshot.name() + "' in it: HTTP " + found.status()
            + ClusterConnection.errorReason(found.body()) + "; check that the target reads the replica of cluster '"
            + source.name() + "'");
      }
      return repository;
    }
  }

  @Override
  public TargetConflicts checkConflicts(FailoverTargetRequest request) {
    List<String> targetIndices = List.copyOf(targets(request).values());
    try (ClusterConnection connection = ClusterConnection.open(target(request))) {
      Map<String, String> existing = indexStates(connection);
      List<String> open = new ArrayList<>();
      List<String> closed = new ArrayList<>();
      for (String index : targetIndices) {
        String state = existing.get(index);
        if ("open".equals(state)) {
          open.add(index);
        } else if (state != null) {
          closed.add(index);
        }
      }
      return new TargetConflicts(targetIndices, open, closed);
    }
  }

  @Override
  public List<String> closeIndices(FailoverTargetRequest request, List<String> indices) {
    try (ClusterConnection connection = ClusterConnection.open(target(request))) {
      for (int from = 0; from < indices.size(); from += PER_REQUEST) {
        List<String> batch = indices.subList(from, Math.min(indices.size(), from + PER_REQUEST));
        connection.call("POST", "/" + IndexProbe.path(String.join(",", batch)) + "/_close", null);
      }
      return List.copyOf(indices);
    }
  }

  @Override
  public RestoreResult restoreSnapshot(FailoverTargetRequest request) {
    ClusterConfig source = directory.cluster(request.sourceCluster());
    ClusterConfig target = target(request);
    SnapshotInfo snapshot = request.snapshot();
    RestoreConfig config = restoreConfig(source, request);
    Map<String, String> targets = targets(request);
    List<String> names = List.copyOf(targets.values());
    String repository = repositoryName(source.name());
    try (ClusterConnection connection = ClusterConnection.open(target)) {
      boolean started = Heartbeats.last(RestoreProgress.class).map(RestoreProgress::started).orElse(false)
          // an attempt that died between starting the restore and its first heartbeat
          || restoreOf(connection, repository, snapshot, names).keySet().containsAll(names);
      if (!started) {
        RestoreClusterActivitiesImpl.startRestore(connection, source, snapshot, repository, config, Map.of());
      }
      Heartbeats.beat(new RestoreProgress(true, names, 0, 0, 0));
      return RestoreClusterActivitiesImpl.awaitRecovery(connection, java.util.function.Supplier::get, snapshot, names,
          Heartbeats::beat);
    }
  }

  @Override
  public VerificationReport verifyRestore(FailoverVerifyRequest request) {
    ClusterConfig source = directory.cluster(request.target().sourceCluster());
    try (ClusterConnection connection = ClusterConnection.open(target(request.target()))) {
      // every expectation, not only those SNAPSHOT's payload lists
      return new RestoreVerifier(connection, source.verification())
          .verify(StoredExpectations.complete(request.snapshot(), evidence), targets(request.target()),
              RestoreClusterActivitiesImpl.resumedVerification(evidence, request.target().failoverId()));
    }
  }

  @Override
  public FailoverLeftBehind stopRestore(FailoverTargetRequest request) {
    ClusterConfig source = directory.cluster(request.sourceCluster());
    String repository = repositoryName(source.name());
    List<String> names = List.copyOf(targets(request).values());
    try (ClusterConnection connection = ClusterConnection.open(target(request))) {
      List<String> deleted = new ArrayList<>();
      if (request.snapshot() != null) {
        Map<String, Boolean> restoring = restoreOf(connection, repository, request.snapshot(), names);
        restoring.forEach((index, done) -> {
          if (!done) {
            deleted.add(index);
          }
        });
        for (int from = 0; from < deleted.size(); from += PER_REQUEST) {
          List<String> batch = deleted.subList(from, Math.min(deleted.size(), from + PER_REQUEST));
          connection.call("DELETE", "/" + IndexProbe.path(String.join(",", batch)), null);
        }
      }
      Map<String, String> states = indexStates(connection);
      List<String> remaining = names.stream().filter(states::containsKey).map(i -> i + " (" + states.get(i) + ")").toList();
      boolean registered = connection.send("GET", "/_snapshot/" + IndexProbe.path(repository), null).ok();
      return new FailoverLeftBehind(registered ? repository : null, List.copyOf(deleted), remaining);
    }
  }

  /** The target's configuration; CONFIGURATION_INVALID when it is no restore target (an old request, a changed file). */
  private ClusterConfig target(FailoverTargetRequest request) {
    ClusterConfig target = directory.cluster(request.targetCluster());
    if (target.restoreTarget() == null) {
      throw FailureType.CONFIGURATION_INVALID.failure("cluster '" + target.name() + "' is no restore target: give it a"
          + " restoreTarget block in this worker's configuration to restore onto it");
    }
    return target;
  }

  /** The source's restore selection, with the failover's rename in place of the source's own when it has one. */
  private static RestoreConfig restoreConfig(ClusterConfig source, FailoverTargetRequest request) {
    RestoreConfig own = source.restore();
    if (request.renamePattern() == null || request.renamePattern().isBlank()) {
      return own;
    }
    return new RestoreConfig(own.indices(), own.excludeIndices(), request.renamePattern(),
        request.renameReplacement() == null ? "" : request.renameReplacement(), own.maxBytesPerSec());
  }

  private Map<String, String> targets(FailoverTargetRequest request) {
    ClusterConfig source = directory.cluster(request.sourceCluster());
    // every index name, not only those SNAPSHOT's payload lists
    Map<String, String> targets = RestoreClusterActivitiesImpl.targets(StoredIndexNames.complete(request.snapshot(), evidence).indices(),
        restoreConfig(source, request));
    if (targets.isEmpty()) {
      throw FailureType.CONFIGURATION_INVALID.failure("restore settings of cluster '" + source.name() + "' (indices "
          + source.restore().indices() + ", excludeIndices " + source.restore().excludeIndices() + ") select none of snapshot '"
          + request.snapshot().name() + "''s indices " + RestoreClusterActivitiesImpl.named(request.snapshot()));
    }
    return targets;
  }

  /** Every index of the target with its state ({@code open} or {@code close}), hidden and closed ones too. */
  private static Map<String, String> indexStates(ClusterConnection connection) {
    JsonNode rows = connection.get("/_cat/indices?format=json&h=index,status&expand_wildcards=all");
    Map<String, String> states = new LinkedHashMap<>();
    for (JsonNode row : rows) {
      states.put(row.path("index").asText(), row.path("status").asText());
    }
    return states;
  }

  /**
   * The open indices among {@code indices} that are (or were) restored from this snapshot in this
   * repository, each with whether every shard's recovery is done. Only such indices are ever deleted
   * after a cancel: an index recovering for any other reason is the target's own.
   */
  private static Map<String, Boolean> restoreOf(ClusterConnection connection, String repository, SnapshotInfo snapshot,
      List<String> indices) {
    Map<String, String> states = indexStates(connection);
    List<String> open = indices.stream().filter(i -> "open".equals(states.get(i))).toList();
    Map<String, Boolean> restored = new LinkedHashMap<>();
    if (open.isEmpty()) {
      return restored;
    }
    JsonNode recovery = connection.get("/" + IndexProbe.path(String.join(",", open)) + "/_recovery");
    recovery.fields().forEachRemaining(entry -> {
      boolean fromThisSnapshot = false;
      boolean done = true;
      for (JsonNode shard : entry.getValue().path("shards")) {
        JsonNode from = shard.path("source");
        if ("SNAPSHOT".equals(shard.path("type").asText()) && repository.equals(from.path("repository").asText())
            && snapshot.name().equals(from.path("snapshot").asText())) {
          fromThisSnapshot = true;
          done &= "DONE".equals(shard.path("stage").asText());
        }
      }
      if (fromThisSnapshot) {
        restored.put(entry.getKey(), done);
      }
    });
    return restored;
  }

  private static String where(ClusterConfig source, RestoreTargetConfig how) {
    return how.fs() ? "directory " + how.location()
        : "s3://" + source.storage().replica().bucket() + "/" + source.storage().replica().prefix() + " via S3 client '"
            + how.client() + "'";
  }
}
