package io.snapdrill.activities.blob;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.BucketConfig;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A repository in an S3 bucket under a key prefix (the repository's {@code base_path}). */
public final class S3BlobStore implements BlobStore {
  /** S3's largest listing page. */
  public static final int MAX_PAGE = 1000;
  private final S3Client s3;
  private final String bucket;
  private final String keyPrefix;
  private final int pageSize;

  /** @param keyPrefix "" for the bucket root, else the base path with a trailing slash */
  public S3BlobStore(S3Client s3, String bucket, String keyPrefix) {
    this(s3, bucket, keyPrefix, MAX_PAGE);
  }

  /** @param pageSize keys per listing request, at most S3's 1,000 (tests use small pages to have many) */
  public S3BlobStore(S3Client s3, String bucket, String keyPrefix, int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE + ", was " + pageSize);
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix == null ? "" : keyPrefix;
    this.pageSize = pageSize;
  }

  /** The repository in a configured bucket, read with the worker's client for it. */
  public static S3BlobStore of(AwsClients aws, BucketConfig bucket) {
    return new S3BlobStore(aws.s3(bucket), bucket.bucket(), bucket.keyPrefix());
  }

  public S3Client client() {
    return s3;
  }

  public String bucket() {
    return bucket;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  /** The full object key of a repository key. */
  @Override
  public String objectKey(String key) {
    return keyPrefix + key;
  }

  @Override
  public List<BlobEntry> list(String prefix) {
    List<BlobEntry> entries = new ArrayList<>();
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix + prefix).maxKeys(pageSize)).contents()) {
      entries.add(new BlobEntry(object.key().substring(keyPrefix.length()), object.size()));
    }
    return entries;
  }

  @Override
  public byte[] read(String key) {
    return get(key, null);
  }

  @Override
  public byte[] readVersion(String key, String versionId) {
    return get(key, versionId);
  }

  private byte[] get(String key, String versionId) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(keyPrefix + key).versionId(versionId)).asByteArray();
    } catch (NoSuchKeyException e) {
      throw new BlobNotFoundException(key, locate(key));
    } catch (InvalidObjectStateException e) {
      throw new BlobArchivedException(key, locate(key), e.storageClassAsString());
    } catch (S3Exception e) {
      if (e.awsErrorDetails() != null && "InvalidObjectState".equals(e.awsErrorDetails().errorCode())) {
        throw new BlobArchivedException(key, locate(key), null);
      }
      if (e.statusCode() == 404) {
        throw new BlobNotFoundException(key, locate(key));
      }
      throw e;
    }
  }

  @Override
  public VersionListing listVersions(String prefix) {
    List<BlobVersion> versions = new ArrayList<>();
    String keyMarker = null;
    String versionIdMarker = null;
    do {
      VersionPage page = listVersionsPage(prefix, keyMarker, versionIdMarker);
      if (!page.supported()) {
        return VersionListing.unsupported();
      }
      versions.addAll(page.versions());
      keyMarker = page.nextKeyMarker();
      versionIdMarker = page.nextVersionIdMarker();
    } while (keyMarker != null);
    return new VersionListing(true, versions);
  }

  /**
   * One page of {@link #listVersions}, starting after {@code keyMarker}/{@code versionIdMarker} (both
   * null for the first page): what a paged scan heartbeats between, and resumes from.
   */
  @Override
  public VersionPage listVersionsPage(String prefix, String keyMarker, String versionIdMarker) {
    ListObjectVersionsRequest request = ListObjectVersionsRequest.builder().bucket(bucket).prefix(keyPrefix + prefix)
        .maxKeys(pageSize).keyMarker(keyMarker).versionIdMarker(keyMarker == null ? null : versionIdMarker).build();
    ListObjectVersionsResponse page;
    try {
      page = s3.listObjectVersions(request);
    } catch (S3Exception e) {
      if (e.statusCode() == 501) {
        return VersionPage.unsupported();
      }
      throw e;
    }
    // S3 returns versions and markers in separate lists; merge them back into per-key order
    // (newest first) through the latest flag and the last-modified time.
    List<BlobVersion> pageVersions = new ArrayList<>();
    List<java.time.Instant> times = new ArrayList<>();
    page.versions().forEach(v -> {
      pageVersions.add(new BlobVersion(strip(v.key()), v.versionId(), false, Boolean.TRUE.equals(v.isLatest()),
          v.size() == null ? 0 : v.size(), v.storageClassAsString()));
      times.add(v.lastModified());
    });
    page.deleteMarkers().forEach(m -> {
      pageVersions.add(new BlobVersion(strip(m.key()), m.versionId(), true, Boolean.TRUE.equals(m.isLatest()), 0, null));
      times.add(m.lastModified());
    });
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < pageVersions.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> {
      BlobVersion va = pageVersions.get(a);
      BlobVersion vb = pageVersions.get(b);
      int byKey = va.key().compareTo(vb.key());
      if (byKey != 0) {
        return byKey;
      }
      if (va.latest() != vb.latest()) {
        return va.latest() ? -1 : 1;
      }
      java.time.Instant ta = times.get(a);
      java.time.Instant tb = times.get(b);
      return ta == null || tb == null ? 0 : tb.compareTo(ta);
    });
    List<BlobVersion> sorted = new ArrayList<>(pageVersions.size());
    order.forEach(i -> sorted.add(pageVersions.get(i)));
    boolean truncated = Boolean.TRUE.equals(page.isTruncated());
    return new VersionPage(sorted, truncated ? page.nextKeyMarker() : null,
        truncated ? page.nextVersionIdMarker() : null, true);
  }

  private String strip(String objectKey) {
    return objectKey.substring(keyPrefix.length());
  }

  @Override
  public String locate(String key) {
    return "s3://" + bucket + "/" + keyPrefix + key;
  }

  @Override
  public String container() {
    return bucket;
  }

  /** An S3 error as one line naming the bucket, for activity failures. */
  public static String describe(SdkException e) {
    if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
      return s3e.awsErrorDetails().errorCode() + " (" + s3e.statusCode() + "): " + s3e.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }
}
