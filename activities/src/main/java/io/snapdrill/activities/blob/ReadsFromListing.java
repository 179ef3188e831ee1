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
 * whose latest version is a delete marker returns the newest real version under it (what lies under a
 * hidden metadata blob is still worked out; the listing names the marker, which is the finding); a
 * blob the listing does not hold is {@link BlobNotFoundException} without a request.
 */
public final class ReadsFromListing implements BlobStore {
  private final BlobStore store;
  private final VersionListing versions;
  private final List<BlobEntry> current;
  private final Set<String> currentKeys = new HashSet<>();
  private final Map<String, VersionListing.HiddenBlob> hiddenInListing = new LinkedHashMap<>();

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
      return store.readVersion(key, hidden.previous().versionId());
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
