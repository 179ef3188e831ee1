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

locals {
  # Repository blobs live under "<prefix>/"; the trailing slash keeps "snapshots" from also matching
  # "snapshots-old/".
  repository_key_prefix = "${var.repository_prefix}/"
  account_id            = data.aws_caller_identity.current.account_id
  # `name` works on provider v5 and v6 (v6 also calls it `region`)
  primary_region = data.aws_region.primary.name
  replica_region = data.aws_region.replica.name
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

# TLS only: deny every request that does not arrive over HTTPS, whoever makes it.
data "aws_iam_policy_document" "primary_tls_only" {
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
}

data "aws_iam_policy_document" "replica_tls_only" {
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
}

resource "aws_s3_bucket_policy" "primary" {
  provider = aws.primary
  bucket   = aws_s3_bucket.primary.id
  policy   = data.aws_iam_policy_document.primary_tls_only.json
  # A bucket policy put before the public access block would be judged without it.
  depends_on = [aws_s3_bucket_public_access_block.primary]
}

resource "aws_s3_bucket_policy" "replica" {
  provider   = aws.replica
  bucket     = aws_s3_bucket.replica.id
  policy     = data.aws_iam_policy_document.replica_tls_only.json
  depends_on = [aws_s3_bucket_public_access_block.replica]
}
