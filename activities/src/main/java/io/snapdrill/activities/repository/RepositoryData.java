package io.snapdrill.activities.repository;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The root {@code index-N} blob: which snapshots exist, which indices each holds, the shard
 * generations and the index metadata blob identifiers. Elasticsearch 7.17/8.x and OpenSearch 2.x.
 */
public record RepositoryData(
    long generation,
    List<SnapshotEntry> snapshots,
    Map<String, IndexEntry> indices,
    Map<String, String> indexMetadataIdentifiers) {

  /** SnapshotState as the repository stores it (a byte). */
  public enum State {
    IN_PROGRESS, SUCCESS, FAILED, PARTIAL, INCOMPATIBLE, UNKNOWN;

    static State of(int value) {
      return value >= 0 && value < UNKNOWN.ordinal() ? values()[value] : UNKNOWN;
    }
  }

  /**
   * @param indexMetadataLookup index id to index metadata identifier (ES 7.9+ / OpenSearch)
   * @param startTimeMillis when the snapshot started (Elasticsearch 7.16+), else null
   */
  public record SnapshotEntry(
      String name, String uuid, State state, String version, Map<String, String> indexMetadataLookup,
      Long startTimeMillis) {}

  /**
   * @param shardGenerations per shard the generation of its current {@code index-<gen>} blob; null
   *     entries for shards without one
   * @param shardPathType OpenSearch's shard path layout; 0 is the classic {@code indices/<id>/<shard>}
   */
  public record IndexEntry(
      String name, String id, List<String> snapshotUuids, List<String> shardGenerations, int shardPathType) {}

  public Optional<SnapshotEntry> snapshot(String nameOrUuid) {
    return snapshots.stream()
        .filter(s -> s.uuid().equals(nameOrUuid))
        .findFirst()
        .or(() -> snapshots.stream().filter(s -> s.name().equals(nameOrUuid)).findFirst());
  }

  /** The indices a snapshot holds. */
  public List<IndexEntry> indicesOf(SnapshotEntry snapshot) {
    return indices.values().stream().filter(i -> i.snapshotUuids().contains(snapshot.uuid())).toList();
  }

  static RepositoryData parse(String key, String location, long generation, JsonNode root) {
    List<SnapshotEntry> snapshots = new ArrayList<>();
    for (JsonNode s : root.path("snapshots")) {
      Map<String, String> lookup = new LinkedHashMap<>();
      s.path("index_metadata_lookup").fields().forEachRemaining(e -> lookup.put(e.getKey(), e.getValue().asText()));
      String uuid = s.path("uuid").asText(null);
      String name = s.path("name").asText(null);
      if (uuid == null || name == null) {
        throw new RepositoryFormatException(key, location + ": a snapshot entry lacks its name or uuid: " + s);
      }
      snapshots.add(new SnapshotEntry(name, uuid,
          s.has("state") ? State.of(s.path("state").asInt()) : State.UNKNOWN,
          s.path("version").asText(null), lookup,
          s.has("start_time_millis") ? s.path("start_time_millis").asLong() : null));
    }
    // Elasticsearch does not keep the list in creation order; where start times exist, use them
    // (stable sort: repository order otherwise; OpenSearch records none here and its order is not
    // always chronological either, so RepositoryCheck sorts by the times in each snap-<uuid>.dat)
    if (snapshots.stream().allMatch(s -> s.startTimeMillis() != null)) {
      snapshots.sort(java.util.Comparator.comparing(SnapshotEntry::startTimeMillis));
    }
    Map<String, IndexEntry> indices = new LinkedHashMap<>();
    root.path("indices").fields().forEachRemaining(e -> {
      JsonNode index = e.getValue();
      String id = index.path("id").asText(null);
      if (id == null) {
        throw new RepositoryFormatException(key, location + ": index '" + e.getKey() + "' has no id");
      }
      List<String> uuids = new ArrayList<>();
      for (JsonNode s : index.path("snapshots")) {
        // very old repositories list {name, uuid} objects instead of uuids
        uuids.add(s.isObject() ? s.path("uuid").asText() : s.asText());
      }
      List<String> generations = new ArrayList<>();
      for (JsonNode g : index.path("shard_generations")) {
        generations.add(g.isNull() ? null : g.asText());
      }
      indices.put(e.getKey(), new IndexEntry(e.getKey(), id, uuids, generations, index.path("shard_path_type").asInt(0)));
    });
    Map<String, String> identifiers = new LinkedHashMap<>();
    root.path("index_metadata_identifiers").fields().forEachRemaining(e -> identifiers.put(e.getKey(), e.getValue().asText()));
    return new RepositoryData(generation, List.copyOf(snapshots), indices, identifiers);
  }
}
