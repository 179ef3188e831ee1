package io.snapdrill.activities.repository;

/**
 * A blob a snapshot needs, with the size the primary repository says it has.
 *
 * @param key relative to the repository base path
 */
public record RequiredBlob(String key, long size, Need need) {

  /**
   * Why the blob is needed. Seen with Elasticsearch 8.19 (restore of snap-2's indices from a copy of
   * the repository with one blob removed): a missing data blob or shard/root {@code snap-} blob fails
   * the restore; a missing shard {@code index-<gen>}, root {@code meta-} or {@code index.latest} does
   * not. The replica is still held to all of them: the global metadata is read by restores with
   * global state, data streams or feature states, and the shard generations by the next snapshot
   * once the replica becomes the primary after a failover.
   */
  public enum Need {
    /** The root index-N naming the snapshot. */
    ROOT(true),
    /** Root snap-&lt;uuid&gt;.dat: the SnapshotInfo every restore reads first. */
    SNAPSHOT_INFO(true),
    /** Root meta-&lt;uuid&gt;.dat: cluster metadata, read when restoring global state. */
    GLOBAL_METADATA(false),
    /** indices/&lt;id&gt;/meta-&lt;identifier&gt;.dat: the index's settings and mappings. */
    INDEX_METADATA(true),
    /** indices/&lt;id&gt;/&lt;shard&gt;/snap-&lt;uuid&gt;.dat: the shard's file list. */
    SHARD_SNAPSHOT(true),
    /** indices/&lt;id&gt;/&lt;shard&gt;/index-&lt;gen&gt;: the shard's snapshot catalogue. */
    SHARD_GENERATION(false),
    /** indices/&lt;id&gt;/&lt;shard&gt;/__&lt;uuid&gt;[.partN]: segment file contents. */
    DATA(true);

    private final boolean readByIndexRestore;

    Need(boolean readByIndexRestore) {
      this.readByIndexRestore = readByIndexRestore;
    }

    /** Whether restoring the snapshot's indices (without global state) reads this blob. */
    public boolean readByIndexRestore() {
      return readByIndexRestore;
    }
  }
}
