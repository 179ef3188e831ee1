package io.snapdrill.activities.blob;

import java.util.List;

/**
 * One ListObjectVersions page: its versions and delete markers (newest first per key; a key's
 * versions may go on in the next page), and where the next page starts.
 *
 * @param nextKeyMarker the object key (with the store's prefix) to go on after, null when this was the last page
 * @param nextVersionIdMarker the version of {@code nextKeyMarker} to go on after
 * @param supported false when the store keeps no versions (a directory, or a server without the API)
 */
public record VersionPage(List<BlobVersion> versions, String nextKeyMarker, String nextVersionIdMarker,
    boolean supported) {

  public static VersionPage unsupported() {
    return new VersionPage(List.of(), null, null, false);
  }

  public boolean last() {
    return nextKeyMarker == null;
  }
}
