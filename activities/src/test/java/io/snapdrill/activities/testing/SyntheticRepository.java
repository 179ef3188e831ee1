package io.snapdrill.activities.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A repository of any size in Elasticsearch 8's format (one snapshot of one index), for benchmarks:
 * the metadata blobs are encoded as ChecksumBlobStoreFormat writes them, data blobs are one byte.
 */
public final class SyntheticRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SyntheticRepository() {}

  public record Layout(Map<String, byte[]> metadata, Map<String, Integer> dataBlobs, String snapshotUuid) {
    public int objects() {
      return metadata.size() + dataBlobs.size();
    }
  }

  public static Layout generate(int shards, int filesPerShard) {
    String uuid = "benchSnapshotUuid000001";
    String indexId = "benchIndexId0000000001";
    Map<String, byte[]> metadata = new LinkedHashMap<>();
    Map<String, Integer> data = new LinkedHashMap<>();

    ObjectNode root = JSON.createObjectNode();
    ObjectNode snapshot = root.putArray("snapshots").addObject();
    snapshot.put("name", "bench").put("uuid", uuid).put("state", 1).put("version", "8.11.0");
    snapshot.putObject("index_metadata_lookup").put(indexId, "bench-lookup");
    ObjectNode index = root.putObject("indices").putObject("bench");
    index.put("id", indexId);
    index.putArray("snapshots").add(uuid);
    ArrayNode generations = index.putArray("shard_generations");
    root.putObject("index_metadata_identifiers").put("bench-lookup", "benchMetaId");

    metadata.put("snap-" + uuid + ".dat", dat("snapshot", "{\"snapshot\":{\"name\":\"bench\",\"uuid\":\"" + uuid + "\",\"failures\":[]}}"));
    metadata.put("meta-" + uuid + ".dat", dat("metadata", "{\"meta-data\":{}}"));
    metadata.put("indices/" + indexId + "/meta-benchMetaId.dat",
        dat("index-metadata", "{\"bench\":{\"settings\":{\"index.number_of_shards\":\"" + shards + "\"}}}"));
    for (int shard = 0; shard < shards; shard++) {
      String path = "indices/" + indexId + "/" + shard + "/";
      String generation = "gen" + shard;
      generations.add(generation);
      metadata.put(path + "index-" + generation, "{\"snapshots\":[]}".getBytes(StandardCharsets.UTF_8));
      ObjectNode shardSnapshot = JSON.createObjectNode().put("name", "bench");
      ArrayNode files = shardSnapshot.putArray("files");
      for (int f = 0; f < filesPerShard; f++) {
        String name = "__s" + shard + "f" + f;
        files.addObject().put("name", name).put("physical_name", "_" + f + ".cfs").put("length", 1).put("checksum", "0");
        data.put(path + name, 1);
      }
      metadata.put(path + "snap-" + uuid + ".dat", dat("snapshot", shardSnapshot.toString()));
    }
    metadata.put("index-1", root.toString().getBytes(StandardCharsets.UTF_8));
    return new Layout(metadata, data, uuid);
  }

  /**
   * A repository of {@code indices} one-shard indices with {@code filesPerIndex} data blobs each, in
   * one snapshot, plus what a versioned bucket collects: {@code strays} keys no snapshot needs, each
   * a version under a delete marker (what deleting old snapshots leaves), and {@code hiddenNeeded}
   * data blobs the snapshot needs hidden by a marker (a lifecycle expiry). Generated as a stream, so
   * that a million objects never sit in one heap.
   */
  public record Spec(int indices, int filesPerIndex, int strays, int hiddenNeeded) {
    public static final String SNAPSHOT_UUID = "scaleSnapshotUuid00001";

    /** Current objects of the repository (what the snapshot needs, plus index.latest). */
    public long repositoryObjects() {
      return 4L + indices * (3L + filesPerIndex);
    }

    /** Blobs the snapshot needs: the root, snap- and meta-, per index its metadata, shard snap-, shard index- and data blobs. */
    public long requiredBlobs() {
      return 3L + indices * (3L + filesPerIndex);
    }

    /** Metadata blobs a reader of the snapshot reads (the root, index.latest, and the UUID-named ones). */
    public long metadataBlobs() {
      return 4L + indices * 3L;
    }

    /** Entries (versions and delete markers) a version listing of the primary holds. */
    public long primaryEntries() {
      return repositoryObjects() + 2L * strays + hiddenNeeded;
    }

    /** Entries a version listing of the replica holds: the repository only (S3 never replicates an expiry's markers). */
    public long replicaEntries() {
      return repositoryObjects();
    }

    public String indexId(int index) {
      return String.format("scaleIndex%012d", index);
    }

    /** Every object of the repository, each once: key (relative to the repository) and bytes. */
    public void forEachObject(java.util.function.BiConsumer<String, byte[]> sink) {
      byte[] one = {7};
      ObjectNode root = JSON.createObjectNode();
      ObjectNode snapshot = root.putArray("snapshots").addObject();
      snapshot.put("name", "scale").put("uuid", SNAPSHOT_UUID).put("state", 1).put("version", "8.11.0");
      ObjectNode lookup = snapshot.putObject("index_metadata_lookup");
      ObjectNode identifiers = root.putObject("index_metadata_identifiers");
      ObjectNode indexNodes = root.putObject("indices");
      for (int i = 0; i < indices; i++) {
        String id = indexId(i);
        lookup.put(id, "lookup-" + i);
        identifiers.put("lookup-" + i, "meta" + id);
        ObjectNode index = indexNodes.putObject("scale-" + i);
        index.put("id", id);
        index.putArray("snapshots").add(SNAPSHOT_UUID);
        index.putArray("shard_generations").add("gen" + id);
      }
      sink.accept("index-1", root.toString().getBytes(StandardCharsets.UTF_8));
      sink.accept("index.latest", ByteBuffer.allocate(8).putLong(1).array());
      sink.accept("snap-" + SNAPSHOT_UUID + ".dat",
          dat("snapshot", "{\"snapshot\":{\"name\":\"scale\",\"uuid\":\"" + SNAPSHOT_UUID + "\",\"failures\":[]}}"));
      sink.accept("meta-" + SNAPSHOT_UUID + ".dat", dat("metadata", "{\"meta-data\":{}}"));
      for (int i = 0; i < indices; i++) {
        String path = "indices/" + indexId(i) + "/";
        sink.accept(path + "meta-meta" + indexId(i) + ".dat",
            dat("index-metadata", "{\"scale-" + i + "\":{\"settings\":{\"index.number_of_shards\":\"1\"}}}"));
        sink.accept(path + "0/index-gen" + indexId(i), "{\"snapshots\":[]}".getBytes(StandardCharsets.UTF_8));
        ObjectNode shardSnapshot = JSON.createObjectNode().put("name", "scale");
        ArrayNode files = shardSnapshot.putArray("files");
        for (int f = 0; f < filesPerIndex; f++) {
          String name = "__" + i + "f" + f;
          files.addObject().put("name", name).put("physical_name", "_" + f + ".cfs").put("length", 1).put("checksum", "0");
          sink.accept(path + "0/" + name, one);
        }
        sink.accept(path + "0/snap-" + SNAPSHOT_UUID + ".dat", dat("snapshot", shardSnapshot.toString()));
      }
    }

    /** Keys of stray blobs (each to be written, then deleted). */
    public String strayKey(int stray) {
      return "indices/stray" + (stray / 1000) + "/0/__left-over-" + stray;
    }

    /** Keys of needed data blobs to hide, spread over the indices. */
    public String hiddenKey(int hidden) {
      int index = (int) ((long) hidden * indices / Math.max(1, hiddenNeeded));
      return "indices/" + indexId(index) + "/0/__" + index + "f0";
    }
  }

  /** Lucene codec header, DFL\0 + raw deflate of JSON, Lucene footer with CRC32. */
  public static byte[] dat(String codec, String json) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] name = codec.getBytes(StandardCharsets.UTF_8);
      out.write(ByteBuffer.allocate(4).putInt(0x3fd76c17).array());
      out.write(name.length);
      out.write(name);
      out.write(ByteBuffer.allocate(4).putInt(1).array());
      out.write(new byte[] {'D', 'F', 'L', 0});
      DeflaterOutputStream deflate = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true));
      deflate.write(json.getBytes(StandardCharsets.UTF_8));
      deflate.finish();
      out.write(ByteBuffer.allocate(8).putInt(~0x3fd76c17).putInt(0).array());
      CRC32 crc = new CRC32();
      crc.update(out.toByteArray());
      out.write(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
