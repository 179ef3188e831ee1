package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.SnapshotConfig;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SNAPSHOT on the source cluster.
 *
 * <p>Idempotency: the snapshot name is rendered from the drill id and the time the activity was first
 * scheduled (the same for every attempt), and is heartbeated as soon as it is known; a retry resumes
 * the heartbeated snapshot, or finds the one it had started by name, instead of taking a second one.
 * A name template without {@code {drill}} or {@code {date}} would make different drills share a name,
 * and a later drill would then adopt an earlier drill's snapshot.
 *
 * <p>Expectations race with writes: a snapshot captures each shard at the moment that shard's snapshot
 * starts, and there is no API to count the documents inside a snapshot. So the expectations are read
 * (after a refresh) before the snapshot starts and again after it ends; when both readings agree for
 * every index, nothing was written meanwhile and the expectations are exact. When they differ, the
 * later reading is kept and {@code expectationsExact} is false (VERIFY then treats the count as an
 * upper bound and skips the sample comparison), as for an existing snapshot, whose expectations can
 * only be read afterwards.
 */
public final class SourceClusterActivitiesImpl implements SourceClusterActivities {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd-HH.mm.ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ClusterDirectory directory;
  private final EvidenceStore evidence;

  /** Expectations beyond those a result lists go to a temporary directory: for tests and tools without reports. */
  public SourceClusterActivitiesImpl(ClusterDirectory directory) {
    this(directory, EvidenceStore.temporary());
  }

  public SourceClusterActivitiesImpl(ClusterDirectory directory, EvidenceStore evidence) {
    this.directory = directory;
    this.evidence = evidence;
  }

  @Override
  public SnapshotResult takeSnapshot(SnapshotRequest request) {
    ClusterConfig cluster = directory.cluster(request.cluster());
    try (ClusterConnection connection = ClusterConnection.open(cluster)) {
      ClusterIdentity identity = connection.identity();
      SnapshotConfig config = cluster.snapshot();
      IndexProbe probe = new IndexProbe(connection);
      String repository = cluster.repository();
      String name = Heartbeats.last(SnapshotProgress.class).map(SnapshotProgress::snapshot)
          .orElseGet(() -> snapshotName(config.nameTemplate(), request.drillId(),
              Instant.ofEpochMilli(Heartbeats.context().getInfo().getScheduledTimestamp())));
      SnapshotProgress starting = new SnapshotProgress(name, "STARTING", 0, 0);
      Heartbeats.beat(starting);

      // A snapshot already there is one an earlier attempt started: its "before" reading is lost.
      boolean resumed = findByName(connection, repository, name) != null;
      Map<String, IndexExpectation> before = resumed ? Map.of() : readExpectations(probe, concreteIndices(connection, config.indices()), starting);
      if (!resumed) {
        startSnapshot(connection, cluster, name, config);
      }
      JsonNode done = awaitCompletion(connection, repository, name);
      SnapshotInfo info = toInfo(repository, done, identity);
      Map<String, IndexExpectation> after = readExpectations(probe, openIndices(connection, info.indices()),
          new SnapshotProgress(name, info.state(), info.indices().size(), info.indices().size()));
      boolean exact = !resumed && after.entrySet().stream().allMatch(e -> e.getValue().equals(before.get(e.getKey())));
      return bounded(new SnapshotResult(info, List.copyOf(after.values()), exact, previousSuccess(connection, info)), request);
    }
  }

  @Override
  public SnapshotResult describeSnapshot(SnapshotRequest request) {
    ClusterConfig cluster = directory.cluster(request.cluster());
    if (request.snapshot() == null || request.snapshot().isBlank()) {
      throw FailureType.CONFIGURATION_INVALID.failure("describeSnapshot needs a snapshot name or UUID for cluster '" + cluster.name() + "'");
    }
    try (ClusterConnection connection = ClusterConnection.open(cluster)) {
      ClusterIdentity identity = connection.identity();
      String repository = cluster.repository();
      JsonNode snapshot = findByName(connection, repository, request.snapshot());
      if (snapshot == null) {
        snapshot = findByUuid(connection, repository, request.snapshot());
      }
      if (snapshot == null) {
        throw FailureType.SNAPSHOT_FAILED.failure("snapshot '" + request.snapshot() + "' (name or UUID) is not in repository '"
            + repository + "' of cluster '" + cluster.name() + "'; list it with GET _snapshot/" + repository + "/_all");
      }
      String name = snapshot.path("snapshot").asText();
      Heartbeats.beat(new SnapshotProgress(name, snapshot.path("state").asText(), 0, 0));
      JsonNode done = awaitCompletion(connection, repository, name);
      SnapshotInfo info = toInfo(repository, done, identity);
      Map<String, IndexExpectation> now = readExpectations(new IndexProbe(connection), openIndices(connection, info.indices()),
          new SnapshotProgress(name, info.state(), info.indices().size(), info.indices().size()));
      return bounded(new SnapshotResult(info, List.copyOf(now.values()), false, previousSuccess(connection, info)), request);
    }
  }

  private SnapshotResult bounded(SnapshotResult full, SnapshotRequest request) {
    String run = EvidenceStore.currentRun(request.drillId() != null ? request.drillId() : request.cluster() + "-" + full.snapshot().uuid());
    SnapshotResult result = StoredExpectations.bounded(full, evidence, run);
    return result.withSnapshot(StoredIndexNames.bounded(result.snapshot(), evidence, run));
  }

  /** Renders {@code {date}} (UTC, from the first scheduling time) and {@code {drill}} (hash of the drill id). */
  static String snapshotName(String template, String drillId, Instant scheduled) {
    String drill = IndexProbe.sha256(drillId == null ? "" : drillId).substring(0, 10);
    return template.replace("{date}", DATE.format(scheduled)).replace("{drill}", drill).toLowerCase(Locale.ROOT);
  }

  private static void startSnapshot(ClusterConnection connection, ClusterConfig cluster, String name, SnapshotConfig config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("indices", String.join(",", config.indices()));
    body.put("include_global_state", config.includeGlobalState());
    // partial: an unavailable shard yields a PARTIAL snapshot that we report with its shard failures,
    // instead of a refusal that names no shard
    body.put("partial", true);
    String path = "/_snapshot/" + IndexProbe.path(cluster.repository()) + "/" + IndexProbe.path(name) + "?wait_for_completion=false";
    HttpResult result = connection.send("PUT", path, body);
    if (result.ok()) {
      return;
    }
    String reason = ClusterConnection.errorReason(result.body());
    if (result.body().contains("repository_missing_exception")) {
      throw FailureType.CONFIGURATION_INVALID.failure("repository '" + cluster.repository() + "' is not registered on cluster '"
          + cluster.name() + "'" + reason + "; register it or fix the cluster's repository setting");
    }
    if (result.body().contains("readonly")) {
      throw FailureType.SNAPSHOT_FAILED.failure("cluster '" + cluster.name() + "' registered repository '" + cluster.repository()
          + "' read-only, so it cannot take snapshot '" + name + "' there" + reason
          + "; snapshot on the cluster that owns (writes) the repository");
    }
    if (result.body().contains("invalid_snapshot_name_exception")) {
      throw FailureType.CONFIGURATION_INVALID.failure("snapshot name '" + name + "' from template '" + config.nameTemplate()
          + "' is invalid on cluster '" + cluster.name() + "'" + reason);
    }
    if (result.status() >= 400 && result.status() < 500 && result.status() != 409 && result.status() != 429) {
      throw FailureType.SNAPSHOT_FAILED.failure("cluster '" + cluster.name() + "' refused snapshot '" + name + "' in repository '"
          + cluster.repository() + "' (HTTP " + result.status() + reason + ")");
    }
    // 409/429/5xx: another snapshot running, overload: retry the activity
    throw new ClusterRequestException("cluster '" + cluster.name() + "' could not start snapshot '" + name + "' now (HTTP "
        + result.status() + reason + "); retrying", result.status(), result.body());
  }

  /** Polls until the snapshot is no longer in progress, heartbeating shards done and total. */
  static JsonNode awaitCompletion(ClusterConnection connection, String repository, String name) {
    for (int poll = 0; ; poll++) {
      JsonNode snapshot = findByName(connection, repository, name);
      if (snapshot == null) {
        throw FailureType.SNAPSHOT_FAILED.failure("snapshot '" + name + "' disappeared from repository '" + repository + "' of "
            + connection.name() + " while it was being taken (deleted by someone else?)");
      }
      String state = snapshot.path("state").asText();
      JsonNode shards = snapshot.path("shards");
      if (!"IN_PROGRESS".equals(state) && !"STARTED".equals(state)) {
        Heartbeats.beat(new SnapshotProgress(name, state, shards.path("successful").asInt(), shards.path("total").asInt()));
        return switch (state) {
          case "SUCCESS" -> snapshot;
          case "PARTIAL" -> throw FailureType.SNAPSHOT_PARTIAL.failure("snapshot '" + name + "' of " + connection.name()
              + " is PARTIAL: " + shardSummary(snapshot) + "; fix the failed shards (cluster health) and take a new snapshot");
          default -> throw FailureType.SNAPSHOT_FAILED.failure("snapshot '" + name + "' of " + connection.name() + " ended "
              + state + (snapshot.hasNonNull("reason") ? " (" + snapshot.path("reason").asText() + ")" : "") + ": "
              + shardSummary(snapshot));
        };
      }
      JsonNode status = connection.get("/_snapshot/" + IndexProbe.path(repository) + "/" + IndexProbe.path(name) + "/_status")
          .path("snapshots").path(0).path("shards_stats");
      Heartbeats.beat(new SnapshotProgress(name, state, status.path("done").asInt(), status.path("total").asInt()));
      Heartbeats.sleep(Heartbeats.pause(poll));
    }
  }

  static String shardSummary(JsonNode snapshot) {
    JsonNode shards = snapshot.path("shards");
    List<String> failures = new ArrayList<>();
    snapshot.path("failures").forEach(f -> failures.add("[" + f.path("index").asText() + "][" + f.path("shard_id").asText() + "] "
        + f.path("reason").asText()));
    return shards.path("failed").asInt() + " of " + shards.path("total").asInt() + " shards failed"
        + (failures.isEmpty() ? "" : ": " + String.join("; ", failures));
  }

  /** The snapshot's entry, or null when the repository has no snapshot of that name. */
  static JsonNode findByName(ClusterConnection connection, String repository, String name) {
    String path = "/_snapshot/" + IndexProbe.path(repository) + "/" + IndexProbe.path(name);
    HttpResult result = connection.send("GET", path, null);
    if (result.status() == 404 && result.body().contains("snapshot_missing_exception")) {
      return null;
    }
    if (result.status() == 404 && result.body().contains("repository_missing_exception")) {
      throw FailureType.CONFIGURATION_INVALID.failure("repository '" + repository + "' is not registered on " + connection.name()
          + "; register it or fix the cluster's repository setting");
    }
    if (!result.ok()) {
      throw new ClusterRequestException(connection.name() + " answered GET " + path + " with HTTP " + result.status()
          + ClusterConnection.errorReason(result.body()), result.status(), result.body());
    }
    JsonNode snapshot = connection.parse(result.body()).path("snapshots").path(0);
    return snapshot.isMissingNode() ? null : snapshot;
  }

  private static JsonNode findByUuid(ClusterConnection connection, String repository, String uuid) {
    for (JsonNode s : connection.get("/_snapshot/" + IndexProbe.path(repository) + "/_all?verbose=false").path("snapshots")) {
      if (uuid.equals(s.path("uuid").asText())) {
        return findByName(connection, repository, s.path("snapshot").asText());
      }
    }
    return null;
  }

  /**
   * Start of the newest SUCCESS snapshot that started before {@code info}: the previous restorable
   * point, for the RPO. Null when there is none, or when the repository cannot be listed: the drill
   * reports the interval as unknown rather than failing over a number it only reports. _cat/snapshots
   * answers the same on Elasticsearch 7, 8 and OpenSearch, in whole seconds.
   */
  static Instant previousSuccess(ClusterConnection connection, SnapshotInfo info) {
    if (info.startTime() == null) {
      return null;
    }
    JsonNode rows;
    try {
      rows = connection.get("/_cat/snapshots/" + IndexProbe.path(info.repository()) + "?format=json&h=id,status,start_epoch");
    } catch (ClusterRequestException e) {
      return null;
    }
    Instant previous = null;
    for (JsonNode row : rows) {
      Instant start = Instant.ofEpochSecond(row.path("start_epoch").asLong());
      if ("SUCCESS".equals(row.path("status").asText()) && !info.name().equals(row.path("id").asText())
          && start.isBefore(info.startTime()) && (previous == null || start.isAfter(previous))) {
        previous = start;
      }
    }
    return previous;
  }

  private static SnapshotInfo toInfo(String repository, JsonNode s, ClusterIdentity identity) {
    List<String> indices = new ArrayList<>();
    s.path("indices").forEach(i -> indices.add(i.asText()));
    indices.sort(null);
    return new SnapshotInfo(repository, s.path("snapshot").asText(), s.path("uuid").asText(), s.path("state").asText(),
        instant(s, "start_time_in_millis"), instant(s, "end_time_in_millis"), indices, identity.product().id(), identity.version());
  }

  private static Instant instant(JsonNode s, String field) {
    return s.hasNonNull(field) && s.path(field).asLong() > 0 ? Instant.ofEpochMilli(s.path(field).asLong()) : null;
  }

  /** The open, non-system indices the snapshot's patterns match right now. */
  private static List<String> concreteIndices(ClusterConnection connection, List<String> patterns) {
    return recordable(openIndices(connection).stream().filter(i -> IndexPatterns.matches(patterns, i)).toList());
  }

  /**
   * The snapshot's indices that can be read now: closed indices are snapshotted but cannot be counted
   * or searched, and an index may have been deleted since an existing snapshot was taken.
   */
  private static List<String> openIndices(ClusterConnection connection, List<String> snapshotIndices) {
    List<String> open = openIndices(connection);
    return recordable(snapshotIndices.stream().filter(open::contains).toList());
  }

  /** Open indices that can be read: a red index cannot be counted (its snapshot ends PARTIAL anyway). */
  private static List<String> openIndices(ClusterConnection connection) {
    List<String> indices = new ArrayList<>();
    connection.get("/_cat/indices?format=json&h=index,health,status&expand_wildcards=open")
        .forEach(r -> {
          if (!"red".equals(r.path("health").asText())) {
            indices.add(r.path("index").asText());
          }
        });
    return indices;
  }

  /** System and hidden (dot) indices are left out: a restore with "*" does not bring them back. */
  private static List<String> recordable(List<String> indices) {
    return indices.stream().filter(i -> !i.startsWith(".")).sorted().toList();
  }

  private static Map<String, IndexExpectation> readExpectations(IndexProbe probe, List<String> indices, SnapshotProgress progress) {
    probe.refresh(indices);
    Map<String, IndexExpectation> expectations = new LinkedHashMap<>();
    for (String index : indices) {
      expectations.put(index, probe.expectation(index));
      // many indices take a while: keep the heartbeat (and the snapshot name in it) alive
      Heartbeats.beat(progress);
    }
    return expectations;
  }
}
