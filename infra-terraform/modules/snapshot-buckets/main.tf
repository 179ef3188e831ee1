# Primary and replica buckets of one snapshot repository. Every snapshot after the first shares blobs
# with it, so one lost blob breaks every restore: versioning, encryption with keys that outlive a
# mistake, and no lifecycle rule that can reach the repository prefix.

data "aws_caller_identity" "current" {
  provider = aws.primary
}

data "aws_region" "primary" {
  provider = aws.primary
}

data "aws_region" "replica" {
  provider = aws.replica
}

data "aws_partition" "current" {
  provider = aws.primary
}

# Whoever runs Terraform, as the IAM role behind an assumed-role session (aws:PrincipalArn of a session
# is its role's ARN): it must keep changing the buckets' configuration after their policies exist.
data "aws_iam_session_context" "deployer" {
  provider = aws.primary
  arn      = data.aws_caller_identity.current.arn
}

locals {
  # Repository blobs live under "<prefix>/"; the trailing slash keeps "snapshots" from also matching
  # "snapshots-old/".
  repository_key_prefix = "${var.repository_prefix}/"
  account_id            = data.aws_caller_identity.current.account_id
  # `name` works on provider v5 and v6 (v6 also calls it `region`)
  primary_region = data.aws_region.primary.name
  replica_region = data.aws_region.replica.name
  # amazonaws.com, or amazonaws.com.cn in China: the service endpoints kms:ViaService names
  dns_suffix = data.aws_partition.current.dns_suffix

  # The only principals the bucket policies let change lifecycle, versioning and replication
  # configurations, or bypass Object Lock governance retention.
  bucket_admins = distinct(concat([data.aws_iam_session_context.deployer.issuer_arn], var.bucket_admin_arns))
  # The only principals the bucket policies let delete a version: the heal role, and Terraform itself
  # when force_destroy must empty the buckets.
  version_deleters = distinct(concat(var.version_deleter_arns, var.force_destroy ? [data.aws_iam_session_context.deployer.issuer_arn] : []))
}

# One key per region: S3 encrypts with a key of the bucket's own region, and replication re-encrypts
# with the replica region's key.
resource "aws_kms_key" "primary" {
  provider                = aws.primary
  description             = "Snapdrill snapshot repository ${var.primary_bucket_name}"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_days
  tags                    = var.tags
}

# Alias names allow no dots; bucket names may have them.
resource "aws_kms_alias" "primary" {
  provider      = aws.primary
  name          = "alias/snapdrill/${replace(var.primary_bucket_name, ".", "-")}"
  target_key_id = aws_kms_key.primary.key_id
}

resource "aws_kms_key" "replica" {
  provider                = aws.replica
  description             = "Snapdrill snapshot repository replica ${var.replica_bucket_name}"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_days
  tags                    = var.tags
}

resource "aws_kms_alias" "replica" {
  provider      = aws.replica
  name          = "alias/snapdrill/${replace(var.replica_bucket_name, ".", "-")}"
  target_key_id = aws_kms_key.replica.key_id
}

resource "aws_s3_bucket" "primary" {
  provider      = aws.primary
  bucket        = var.primary_bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket" "replica" {
  provider      = aws.replica
  bucket        = var.replica_bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "primary" {
  provider = aws.primary
  bucket   = aws_s3_bucket.primary.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_ownership_controls" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "primary" {
  provider                = aws.primary
  bucket                  = aws_s3_bucket.primary.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "replica" {
  provider                = aws.replica
  bucket                  = aws_s3_bucket.replica.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Versioning turns a delete (or a lifecycle expiry) into a delete marker over a version that still
# exists, which is what lets Snapdrill heal a hidden blob. Replication requires it on both buckets.
resource "aws_s3_bucket_versioning" "primary" {
  provider = aws.primary
  bucket   = aws_s3_bucket.primary.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "primary" {
  provider = aws.primary
  bucket   = aws_s3_bucket.primary.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.primary.arn
    }
    # S3 Bucket Keys: one KMS call per bucket key instead of one per blob (a snapshot writes thousands).
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.replica.arn
    }
    bucket_key_enabled = true
  }
}

# Each bucket's policy, whoever the request comes from and whatever their IAM policies allow: TLS only;
# deleting a version only by the named version deleters (the heal role); changing lifecycle,
# versioning or replication only by the named admins (Terraform's own principal and
# bucket_admin_arns). One mistaken or stolen role then cannot purge the repository in both regions.
# The account's root user can still replace a bucket policy: that is the way back from a lock-out.
data "aws_iam_policy_document" "primary_bucket" {
  provider = aws.primary

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.primary.arn,
      "${aws_s3_bucket.primary.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "OnlyNamedPrincipalsDeleteVersions"
    effect    = "Deny"
    actions   = ["s3:DeleteObjectVersion"]
    resources = ["${aws_s3_bucket.primary.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    # No one named: no one deletes a version (an empty ArnNotLike list is not a valid condition).
    dynamic "condition" {
      for_each = length(local.version_deleters) > 0 ? [1] : []
      content {
        test     = "ArnNotLike"
        variable = "aws:PrincipalArn"
        values   = local.version_deleters
      }
    }
  }

  statement {
    # DeleteBucketLifecycle and DeleteBucketReplication are authorized as the Put actions.
    sid    = "OnlyNamedPrincipalsChangeProtection"
    effect = "Deny"
    actions = [
      "s3:PutLifecycleConfiguration",
      "s3:PutBucketVersioning",
      "s3:PutReplicationConfiguration",
      "s3:BypassGovernanceRetention",
    ]
    resources = [
      aws_s3_bucket.primary.arn,
      "${aws_s3_bucket.primary.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnNotLike"
      variable = "aws:PrincipalArn"
      values   = local.bucket_admins
    }
  }
}

data "aws_iam_policy_document" "replica_bucket" {
  provider = aws.replica

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.replica.arn,
      "${aws_s3_bucket.replica.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "OnlyNamedPrincipalsDeleteVersions"
    effect    = "Deny"
    actions   = ["s3:DeleteObjectVersion"]
    resources = ["${aws_s3_bucket.replica.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    # No one named: no one deletes a version (an empty ArnNotLike list is not a valid condition).
    dynamic "condition" {
      for_each = length(local.version_deleters) > 0 ? [1] : []
      content {
        test     = "ArnNotLike"
        variable = "aws:PrincipalArn"
        values   = local.version_deleters
      }
    }
  }

  statement {
    # DeleteBucketLifecycle and DeleteBucketReplication are authorized as the Put actions.
    sid    = "OnlyNamedPrincipalsChangeProtection"
    effect = "Deny"
    actions = [
      "s3:PutLifecycleConfiguration",
      "s3:PutBucketVersioning",
      "s3:PutReplicationConfiguration",
      "s3:BypassGovernanceRetention",
    ]
    resources = [
      aws_s3_bucket.replica.arn,
      "${aws_s3_bucket.replica.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnNotLike"
      variable = "aws:PrincipalArn"
      values   = local.bucket_admins
    }
  }
}

resource "aws_s3_bucket_policy" "primary" {
  provider = aws.primary
  bucket   = aws_s3_bucket.primary.id
  policy   = data.aws_iam_policy_document.primary_bucket.json
  # A bucket policy put before the public access block would be judged without it.
  depends_on = [aws_s3_bucket_public_access_block.primary]
}

resource "aws_s3_bucket_policy" "replica" {
  provider   = aws.replica
  bucket     = aws_s3_bucket.replica.id
  policy     = data.aws_iam_policy_document.replica_bucket.json
  depends_on = [aws_s3_bucket_public_access_block.replica]
}

# Optional Object Lock in GOVERNANCE mode: every new version (blob, replica) is kept for
# object_lock_governance_days, so not even a principal allowed to delete versions can purge it sooner,
# unless it may s3:BypassGovernanceRetention (the bucket policies leave that to the admins). Delete
# markers are not locked, so healing works as before. Once enabled, a bucket's Object Lock cannot be
# turned off (setting the variable back to null only removes the default retention). COMPLIANCE mode
# is deliberately not offered: not even the root user could shorten it.
resource "aws_s3_bucket_object_lock_configuration" "primary" {
  count    = var.object_lock_governance_days == null ? 0 : 1
  provider = aws.primary
  bucket   = aws_s3_bucket.primary.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = var.object_lock_governance_days
    }
  }
  depends_on = [aws_s3_bucket_versioning.primary]
}

resource "aws_s3_bucket_object_lock_configuration" "replica" {
  count    = var.object_lock_governance_days == null ? 0 : 1
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = var.object_lock_governance_days
    }
  }
  depends_on = [aws_s3_bucket_versioning.replica]
}
