# The bucket auditors read Snapdrill's evidence from: drill reports and restore-a-thon reports (each
# with a SHA-256 manifest of the drill reports it includes). With object_lock, every report version is
# kept unchanged for that long: the evidence of a quarter's restore-a-thon cannot be rewritten after
# the fact. The worker sends the same retention with each upload (snapdrill.yaml reports.objectLock);
# the bucket's default retention locks whatever else is written there.

# No object_lock_enabled here: on the bucket resource it forces a new bucket, which would destroy the
# evidence already in it. aws_s3_bucket_object_lock_configuration enables Object Lock on this
# versioned bucket instead (as in snapshot-buckets), whether it is new or already holds reports.
resource "aws_s3_bucket" "reports" {
  bucket = var.bucket_name
  tags   = var.tags
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = aws_s3_bucket.reports.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "reports" {
  count  = var.object_lock == null ? 0 : 1
  bucket = aws_s3_bucket.reports.id
  rule {
    default_retention {
      mode = var.object_lock.mode
      days = var.object_lock.days
    }
  }
  depends_on = [aws_s3_bucket_versioning.reports]
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_ownership_controls" "reports" {
  bucket = aws_s3_bucket.reports.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket                  = aws_s3_bucket.reports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "reports" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
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

resource "aws_s3_bucket_policy" "reports" {
  bucket     = aws_s3_bucket.reports.id
  policy     = data.aws_iam_policy_document.reports.json
  depends_on = [aws_s3_bucket_public_access_block.reports]
}
