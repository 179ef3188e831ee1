package io.snapdrill.activities.blob;

/**
 * A blob exists but is archived (S3 answers GetObject with 403 InvalidObjectState): a restore cannot
 * read it until it is restored with RestoreObject. Not a permission problem.
 */
public class BlobArchivedException extends RuntimeException {
  private final String key;

  public BlobArchivedException(String key, String location, String storageClass) {
    super(location + " is archived" + (storageClass == null ? "" : " in storage class " + storageClass)
        + " (InvalidObjectState): nothing can read it until it is restored with RestoreObject");
    this.key = key;
  }

  public String key() {
    return key;
  }
}
