package io.snapdrill.activities.blob;

/** A blob the reader needs does not exist (or is hidden by a delete marker). */
public class BlobNotFoundException extends RuntimeException {
  private final String key;

  public BlobNotFoundException(String key, String location) {
    super(location + " does not exist (missing, or its latest version is a delete marker)");
    this.key = key;
  }

  public String key() {
    return key;
  }
}
