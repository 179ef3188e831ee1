# Lifecycle rules. A rule that expires current versions lays delete markers over blobs every later
# snapshot shares (the outage Snapdrill was built after), so the only expiring rule is scoped to the
# housekeeping prefix, and a precondition refuses a housekeeping prefix that overlaps the repository.
# The infra-terraform checks feed these rules to `snapdrill audit-lifecycle` on every build.

locals {
  housekeeping_overlaps_repository = (
    startswith(local.repository_key_prefix, var.housekeeping_prefix) ||
    startswith(var.housekeeping_prefix, local.repository_key_prefix)
  )
}

resource "aws_s3_bucket_lifecycle_configuration" "primary" {
  provider = aws.primary
  bucket   = aws_s3_bucket.primary.id

  rule {
    id     = "housekeeping"
    status = "Enabled"

    filter {
      prefix = var.housekeeping_prefix
    }

    expiration {
      days = var.housekeeping_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.housekeeping_noncurrent_days
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    # Every key: aborting an unfinished upload never touches a stored blob.
    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_days
    }
  }

  lifecycle {
    precondition {
      condition     = !local.housekeeping_overlaps_repository
      error_message = "housekeeping_prefix '${var.housekeeping_prefix}' overlaps the repository prefix '${local.repository_key_prefix}': its expiring rule would lay delete markers over snapshot blobs."
    }
  }

  depends_on = [aws_s3_bucket_versioning.primary]
}

resource "aws_s3_bucket_lifecycle_configuration" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id

  rule {
    id     = "housekeeping"
    status = "Enabled"

    filter {
      prefix = var.housekeeping_prefix
    }

    expiration {
      days = var.housekeeping_expiration_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.housekeeping_noncurrent_days
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_days
    }
  }

  lifecycle {
    precondition {
      condition     = !local.housekeeping_overlaps_repository
      error_message = "housekeeping_prefix '${var.housekeeping_prefix}' overlaps the repository prefix '${local.repository_key_prefix}': its expiring rule would lay delete markers over snapshot blobs."
    }
  }

  depends_on = [aws_s3_bucket_versioning.replica]
}
