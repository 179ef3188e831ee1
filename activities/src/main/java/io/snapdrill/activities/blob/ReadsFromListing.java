package io.snapdrill.activities.blob;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store listed once, whose listings are then answered from that one listing: checking every
 * snapshot of a repository costs one listing (1,000 keys a request) whatever the number of snapshots,
 * plus one read per metadata blob. A versioned store is listed with its versions, so a read of a blob
 * whose latest version is a delete marker returns the newest real version under it and the blob is
 * remembered as hidden (what lies under a hidden metadata blob is still worked out, and the marker is
 * the finding); a blob the listing does not hold is {@link BlobNotFoundException} without a request.
 */
public final class ReadsFromListing implements BlobStore {
  private final BlobStore store;
  private final VersionListing versions;
  private final List<BlobEntry> current;
  private final Set<String> currentKeys = new HashSet<>();
  private final Map<String, VersionListing.HiddenBlob> hiddenInListing = new LinkedHashMap<>();
  private final Map<String, BlobVersion> readThrough = new LinkedHashMap<>();

  private ReadsFromListing(BlobStore store, VersionListing versions, List<BlobEntry> current) {
    this.store = store;
    this.versions = versions;
    this.current = current;
    current.forEach(e -> currentKeys.add(e.key()));
    versions.hiddenBlobs().forEach(h -> hiddenInListing.put(h.key(), h));
  }

  /** Lists the whole store once: with versions where it keeps them, else its current blobs. */
  public static ReadsFromListing of(BlobStore store) {
    VersionListing versions = store.listVersions("");
    List<BlobEntry> current = new ArrayList<>();
    if (versions.supported()) {
      versions.currentSizes().forEach((key, size) -> current.add(new BlobEntry(key, size)));
    } else {
      current.addAll(store.list(""));
    }
    return new ReadsFromListing(store, versions, List.copyOf(current));
  }

  /** Whether the listing held versions, so a hidden blob is told apart from a missing one. */
  public boolean versionsKnown() {
    return versions.supported();
  }

  /** Each blob read through a delete marker, with the version read. */
  public Map<String, BlobVersion> readThroughMarkers() {
    return Map.copyOf(readThrough);
  }

  @Override
  public List<BlobEntry> list(String prefix) {
    return current.stream().filter(e -> e.key().startsWith(prefix)).toList();
  }

  @Override
  public VersionListing listVersions(String prefix) {
    if (!versions.supported()) {
      return versions;
    }
    return new VersionListing(true, versions.versions().stream().filter(v -> v.key().startsWith(prefix)).toList());
  }

  @Override
  public byte[] read(String key) {
    VersionListing.HiddenBlob hidden = hiddenInListing.get(key);
    if (hidden != null && hidden.previous() != null) {
      byte[] bytes = store.readVersion(key, hidden.previous().versionId());
      readThrough.put(key, hidden.previous());
      return bytes;
    }
    if (hidden == null && currentKeys.contains(key)) {
      return store.read(key);
    }
    throw new BlobNotFoundException(key, store.locate(key));
  }

  @Override
  public byte[] readVersion(String key, String versionId) {
    return store.readVersion(key, versionId);
  }

  @Override
  public String locate(String key) {
    return store.locate(key);
  }

  @Override
  public String objectKey(String key) {
    return store.objectKey(key);
  }

  @Override
  public String container() {
    return store.container();
  }
}
