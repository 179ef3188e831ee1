package io.snapdrill.model;

/**
 * A blob a restore needs that the replica does not hold as it should, or (HIDDEN_BY_DELETE_MARKER
 * only) that a delete marker hides in the primary: {@code bucket} says which.
 */
public record BlobProblem(
    String bucket, String key, BlobProblemKind kind, long expectedSize, long actualSize) {

  public String describe() {
    return switch (kind) {
      case MISSING -> "s3://" + bucket + "/" + key + " is missing";
      case WRONG_SIZE ->
          "s3://" + bucket + "/" + key + " has " + actualSize + " bytes, expected " + expectedSize;
      case HIDDEN_BY_DELETE_MARKER -> "s3://" + bucket + "/" + key + " is hidden by a delete marker";
      case STALE_ROOT -> "s3://" + bucket + "/" + key + " is not the newest root blob";
      case ARCHIVED -> "s3://" + bucket + "/" + key
          + " is in an archive storage class (GLACIER or DEEP_ARCHIVE): a restore cannot read it until it is restored";
    };
  }
}
