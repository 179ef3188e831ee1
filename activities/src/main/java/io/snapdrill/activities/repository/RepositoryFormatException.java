package io.snapdrill.activities.repository;

/** A repository blob that cannot be read as Elasticsearch/OpenSearch wrote it; names the blob. */
public class RepositoryFormatException extends RuntimeException {
  private final String key;

  public RepositoryFormatException(String key, String message) {
    super(message);
    this.key = key;
  }

  public RepositoryFormatException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The repository key at fault, or null when the problem is not one blob's. */
  public String key() {
    return key;
  }
}
