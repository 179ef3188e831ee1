package io.snapdrill.activities.storage;

import java.util.List;
import java.util.Optional;

/**
 * Every IAM action healing needs from the heal role (or from the worker's role when no heal role is
 * configured), by the S3 operation that needs it. {@code HealRoleTest} fails when healing makes an S3
 * call missing here, and infra-terraform's checks fail when the heal role does not grant one: the
 * first heal in a real account does not meet an IAM gap.
 */
public final class HealPermissions {

  /**
   * @param operation the S3 API operation, as the SDK names it
   * @param action the IAM action S3 authorizes it by (a DeleteObject with a version id is
   *     {@code s3:DeleteObjectVersion})
   */
  public record Grant(String operation, String action, String usedFor) {}

  public static final List<Grant> HEAL_ROLE = List.of(
      new Grant("GetBucketVersioning", "s3:GetBucketVersioning", "the MFA Delete check before any delete"),
      new Grant("ListObjectVersions", "s3:ListBucketVersions",
          "listing the key's versions, immediately before each delete, under the repository prefix"),
      new Grant("DeleteObject", "s3:DeleteObjectVersion", "deleting a delete marker's version"));

  private HealPermissions() {}

  /** The grant an S3 operation of healing needs, if healing is known to call it. */
  public static Optional<Grant> forOperation(String operation) {
    return HEAL_ROLE.stream().filter(g -> g.operation().equals(operation)).findFirst();
  }
}
