# The role each source cluster writes its snapshots as: the only principal that may write (and, when
# the cluster deletes an old snapshot, delete) under its repository prefix. Only one cluster may write
# to a repository; every other cluster registers it read-only.

data "aws_iam_policy_document" "snapshot_writer_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = var.cluster_trusted_services
    }
  }
}

# For an Amazon OpenSearch Service domain this is the role the domain assumes for its manual snapshots
# (the repository's role_arn, which snapdrill repository ensure registers): it must trust
# es.amazonaws.com, and its grants below are what AWS documents for it (list the bucket, read, write
# and delete under the repository prefix), narrowed to the prefix.
resource "aws_iam_role" "snapshot_writer" {
  for_each           = local.repositories
  name               = "${var.name_prefix}-${each.key}-snapshots"
  description        = "Writes the snapshots of cluster ${each.key} to ${each.value.primary_bucket_arn}/${each.value.prefix}/"
  assume_role_policy = data.aws_iam_policy_document.snapshot_writer_assume.json
  tags               = var.tags

  lifecycle {
    precondition {
      condition     = !contains(keys(var.opensearch_domain_arns), each.key) || contains(var.cluster_trusted_services, "es.amazonaws.com")
      error_message = "Cluster ${each.key} is an Amazon OpenSearch Service domain (opensearch_domain_arns): its snapshot role must trust es.amazonaws.com; add it to cluster_trusted_services."
    }
  }
}

# Self-managed nodes on EC2 take the role through an instance profile (the repository-s3 plugin uses
# the instance credentials).
resource "aws_iam_instance_profile" "snapshot_writer" {
  for_each = contains(var.cluster_trusted_services, "ec2.amazonaws.com") ? local.repositories : {}
  name     = "${var.name_prefix}-${each.key}-snapshots"
  role     = aws_iam_role.snapshot_writer[each.key].name
  tags     = var.tags
}

data "aws_iam_policy_document" "snapshot_writer" {
  for_each = local.repositories

  statement {
    sid       = "ListRepository"
    actions   = ["s3:ListBucket"]
    resources = [each.value.primary_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${each.value.prefix}/", "${each.value.prefix}/*"]
    }
  }

  statement {
    # GetBucketLocation and ListBucketMultipartUploads are asked without a prefix.
    sid       = "LocateRepositoryBucket"
    actions   = ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
    resources = [each.value.primary_bucket_arn]
  }

  statement {
    sid = "WriteRepository"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${each.value.primary_bucket_arn}/${each.value.prefix}/*"]
  }

  statement {
    sid       = "EncryptRepositoryBlobs"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [each.value.primary_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "snapshot_writer" {
  for_each = local.repositories
  name     = "write-snapshot-repository"
  role     = aws_iam_role.snapshot_writer[each.key].id
  policy   = data.aws_iam_policy_document.snapshot_writer[each.key].json
}

# Amazon OpenSearch Service: the principal that registers the repository (PUT _snapshot/<repo> with
# "role_arn") must be allowed to pass the writer role to the domain. Attach this policy to that
# principal (an operator role, a CI role).
data "aws_iam_policy_document" "snapshot_registration" {
  for_each = var.opensearch_domain_arns

  statement {
    sid       = "PassSnapshotWriterRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.snapshot_writer[each.key].arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["es.amazonaws.com"]
    }
  }

  statement {
    sid       = "RegisterRepository"
    actions   = ["es:ESHttpPut"]
    resources = ["${each.value}/_snapshot/*"]
  }
}

resource "aws_iam_policy" "snapshot_registration" {
  for_each    = var.opensearch_domain_arns
  name        = "${var.name_prefix}-${each.key}-register-repository"
  description = "Register the snapshot repository of ${each.key} with its Amazon OpenSearch Service domain"
  policy      = data.aws_iam_policy_document.snapshot_registration[each.key].json
  tags        = var.tags
}
