# Cross-region replication of the repository prefix. Replication alone does not make the replica
# restorable: it may copy blobs out of order (a root index-N can arrive before the blobs it names),
# which is why Snapdrill compares the replica blob by blob before each restore.

data "aws_iam_policy_document" "replication_assume" {
  provider = aws.primary

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "replication" {
  provider           = aws.primary
  name_prefix        = "snapdrill-replication-"
  description        = "S3 replication of ${var.primary_bucket_name}/${local.repository_key_prefix} to ${var.replica_bucket_name}"
  assume_role_policy = data.aws_iam_policy_document.replication_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "replication" {
  provider = aws.primary

  statement {
    sid       = "ReadSourceConfiguration"
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = [aws_s3_bucket.primary.arn]
  }

  statement {
    sid = "ReadSourceVersions"
    actions = [
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ]
    resources = ["${aws_s3_bucket.primary.arn}/${local.repository_key_prefix}*"]
  }

  # With Object Lock, S3 replicates a locked version only when the role may read its retention and
  # legal hold.
  dynamic "statement" {
    for_each = var.object_lock_governance_days == null ? [] : [1]
    content {
      sid       = "ReadSourceRetention"
      actions   = ["s3:GetObjectRetention", "s3:GetObjectLegalHold"]
      resources = ["${aws_s3_bucket.primary.arn}/${local.repository_key_prefix}*"]
    }
  }

  statement {
    sid = "WriteReplicas"
    # ReplicateDelete only carries delete markers when delete_marker_replication is on.
    actions = [
      "s3:ReplicateObject",
      "s3:ReplicateDelete",
      "s3:ReplicateTags",
    ]
    resources = ["${aws_s3_bucket.replica.arn}/${local.repository_key_prefix}*"]
  }

  statement {
    sid       = "DecryptSource"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.primary.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.primary_region}.${local.dns_suffix}"]
    }
    # With S3 Bucket Keys the encryption context is the bucket ARN, without them the object ARN.
    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:s3:arn"
      values   = [aws_s3_bucket.primary.arn, "${aws_s3_bucket.primary.arn}/${local.repository_key_prefix}*"]
    }
  }

  statement {
    sid       = "EncryptReplicas"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.replica.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.replica_region}.${local.dns_suffix}"]
    }
    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:s3:arn"
      values   = [aws_s3_bucket.replica.arn, "${aws_s3_bucket.replica.arn}/${local.repository_key_prefix}*"]
    }
  }
}

resource "aws_iam_role_policy" "replication" {
  provider = aws.primary
  name     = "replicate-snapshot-repository"
  role     = aws_iam_role.replication.id
  policy   = data.aws_iam_policy_document.replication.json
}

resource "aws_s3_bucket_replication_configuration" "repository" {
  provider = aws.primary
  bucket   = aws_s3_bucket.primary.id
  role     = aws_iam_role.replication.arn

  rule {
    id       = "snapshot-repository"
    status   = "Enabled"
    priority = 1

    filter {
      prefix = local.repository_key_prefix
    }

    # Delete markers that lifecycle expiry lays are NEVER replicated, whatever this says, so the two
    # buckets can disagree anyway (Snapdrill audits both). This setting only decides about markers from
    # DELETE requests without a version id: the cluster deleting an old snapshot's blobs, or someone
    # running `aws s3 rm`. Disabled (the default): the replica keeps those blobs readable, so a mistaken
    # delete in the primary region does not reach the DR copy; the price is that blobs of deleted
    # snapshots stay current in the replica. Enabled: the replica mirrors every such delete, so it stays
    # the same size as the primary, and a mistaken delete hides blobs in both regions (recoverable only
    # by removing the markers, which is what Snapdrill's healing does when enable_healing is on).
    delete_marker_replication {
      status = var.delete_marker_replication ? "Enabled" : "Disabled"
    }

    # Every object is SSE-KMS encrypted; without this S3 silently skips them.
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }

    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = var.replica_storage_class

      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }

      dynamic "replication_time" {
        for_each = var.replication_time_control ? [1] : []
        content {
          status = "Enabled"
          time {
            minutes = 15
          }
        }
      }

      # Replication Time Control requires replication metrics with the same threshold.
      dynamic "metrics" {
        for_each = var.replication_time_control ? [1] : []
        content {
          status = "Enabled"
          event_threshold {
            minutes = 15
          }
        }
      }
    }
  }

  # S3 refuses a replication configuration on a bucket whose versioning is not (yet) enabled.
  depends_on = [
    aws_s3_bucket_versioning.primary,
    aws_s3_bucket_versioning.replica,
    aws_iam_role_policy.replication,
  ]
}
