package io.snapdrill.activities.blob;

import java.util.List;

/**
 * A snapshot repository's blob container: an S3 bucket and prefix, or a local directory. Keys are
 * relative to the repository's base path ("index-5", "indices/abc/0/__x").
 */
public interface BlobStore {

  /** Current blobs whose key starts with {@code prefix}, with sizes (S3: 1,000 keys a request). */
  List<BlobEntry> list(String prefix);

  /**
   * The blob's bytes; {@link BlobNotFoundException} naming the location when there is none,
   * {@link BlobArchivedException} when S3 holds it in an archive storage class.
   */
  byte[] read(String key);

  /**
   * One version of a blob, as {@link #read} reads the latest; {@link BlobNotFoundException} when the
   * store keeps no versions (a directory) or has no such version.
   */
  default byte[] readVersion(String key, String versionId) {
    throw new BlobNotFoundException(key, locate(key) + " version " + versionId);
  }

  /**
   * Every version and delete marker under {@code prefix}, newest first per key, or an empty result
   * with {@link VersionListing#supported()} false when the store keeps no versions (a directory).
   */
  VersionListing listVersions(String prefix);

  /**
   * One page of {@link #listVersions}, going on after {@code keyMarker}/{@code versionIdMarker} (null
   * for the first page). Stores without pages answer the whole listing as one page.
   */
  default VersionPage listVersionsPage(String prefix, String keyMarker, String versionIdMarker) {
    if (keyMarker != null) {
      return new VersionPage(List.of(), null, null, true);
    }
    VersionListing all = listVersions(prefix);
    return all.supported() ? new VersionPage(all.versions(), null, null, true) : VersionPage.unsupported();
  }

  /** Where a key lives, for messages: "s3://bucket/prefix/key" or a file path. */
  String locate(String key);

  /** The key as the store itself names it (S3: with the repository prefix), for reports. */
  default String objectKey(String key) {
    return key;
  }

  /** The bucket name, or the directory, for messages and reports. */
  String container();
}
