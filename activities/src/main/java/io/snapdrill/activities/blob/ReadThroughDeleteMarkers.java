package io.snapdrill.activities.blob;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A versioned store read as it was before delete markers hid some of its blobs: a read whose latest
 * version is a delete marker returns the newest real version under it, and the blob is remembered as
 * hidden. A lifecycle expiry on a repository bucket hides blobs every later snapshot shares (since
 * Elasticsearch 7.9 also {@code indices/<id>/meta-*.dat}); reading through the marker still tells
 * which blobs a snapshot needs, and {@link #hidden()} is the finding to report, never to skip.
 * A blob with no real version left stays {@link BlobNotFoundException}.
 */
public final class ReadThroughDeleteMarkers implements BlobStore {
  private final BlobStore store;
  // reads may run in parallel (RepositoryReader reads metadata ahead)
  private final Map<String, BlobVersion> hidden = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  public ReadThroughDeleteMarkers(BlobStore store) {
    this.store = store;
  }

  /** Each blob read through a delete marker, with the version read. */
  public Map<String, BlobVersion> hidden() {
    synchronized (hidden) {
      return Map.copyOf(hidden);
    }
  }

  @Override
  public byte[] read(String key) {
    try {
      return store.read(key);
    } catch (BlobNotFoundException notCurrent) {
      // a listing of the key's prefix may name longer keys too ("index-1" lists "index-10")
      VersionListing.HiddenBlob blob = store.listVersions(key).hiddenBlobs().stream()
          .filter(h -> h.key().equals(key) && h.previous() != null).findFirst().orElseThrow(() -> notCurrent);
      byte[] bytes = store.readVersion(key, blob.previous().versionId());
      hidden.put(key, blob.previous());
      return bytes;
    }
  }

  @Override
  public byte[] readVersion(String key, String versionId) {
    return store.readVersion(key, versionId);
  }

  @Override
  public List<BlobEntry> list(String prefix) {
    return store.list(prefix);
  }

  @Override
  public VersionListing listVersions(String prefix) {
    return store.listVersions(prefix);
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
