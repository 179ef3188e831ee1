# The heal role: the only Snapdrill role that may delete a version (a delete marker's), assumed by the
# worker for healing alone (snapdrill.yaml clusters[].storage.healRoleArn; session snapdrill-heal in
# CloudTrail). Exists only with enable_healing. Its grants are exactly what DeleteMarkerHealer calls
# (HealPermissions in activities/): the MFA Delete check, a listing of the key's versions immediately
# before each delete, and the delete of the marker's version.

data "aws_iam_policy_document" "heal_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.worker.arn]
    }
  }
}

resource "aws_iam_role" "heal" {
  count                = var.enable_healing ? 1 : 0
  name                 = local.heal_role_name
  description          = "Snapdrill healing: removes delete markers that hide snapshot repository blobs"
  assume_role_policy   = data.aws_iam_policy_document.heal_assume.json
  max_session_duration = 3600
  tags                 = var.tags
}

data "aws_iam_policy_document" "heal" {
  statement {
    # Under MFA Delete healing refuses before any delete.
    sid       = "ReadVersioning"
    actions   = ["s3:GetBucketVersioning"]
    resources = concat(local.primary_buckets, local.replica_buckets)
  }

  statement {
    sid       = "ListRepositoryVersions"
    actions   = ["s3:ListBucketVersions"]
    resources = concat(local.primary_buckets, local.replica_buckets)
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = local.repository_list_prefixes
    }
  }

  statement {
    # Removing a delete marker is a DeleteObjectVersion of the marker's version id; never a plain
    # DeleteObject, which would lay another marker. IAM cannot tell a marker from data: the healer
    # deletes only a version its listing just named a delete marker, and the buckets' policies deny
    # this action to everyone but this role.
    sid       = "HealDeleteMarkers"
    actions   = ["s3:DeleteObjectVersion"]
    resources = concat(local.primary_repository_objects, local.replica_repository_objects)
  }
}

resource "aws_iam_role_policy" "heal" {
  count  = var.enable_healing ? 1 : 0
  name   = "snapdrill-heal"
  role   = aws_iam_role.heal[0].id
  policy = data.aws_iam_policy_document.heal.json
}
