# The restore host registers the replica repository with `readonly: true` and restores from it: it
# reads and lists the replica prefixes, and nothing else.

data "aws_iam_policy_document" "restore_host_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "restore_host" {
  name               = "${var.name_prefix}-restore-host"
  description        = "Snapdrill restore host: reads the replica snapshot repositories"
  assume_role_policy = data.aws_iam_policy_document.restore_host_assume.json
  tags               = var.tags
}

resource "aws_iam_instance_profile" "restore_host" {
  name = "${var.name_prefix}-restore-host"
  role = aws_iam_role.restore_host.name
  tags = var.tags
}

data "aws_iam_policy_document" "restore_host" {
  statement {
    sid       = "ReadReplicaRepositoryBlobs"
    actions   = ["s3:GetObject"]
    resources = local.replica_repository_objects
  }

  statement {
    # The repository lists index-* to find the newest root blob.
    sid       = "ListReplicaRepositoryKeys"
    actions   = ["s3:ListBucket"]
    resources = local.replica_buckets
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = local.repository_list_prefixes
    }
  }

  statement {
    sid       = "LocateReplicaBuckets"
    actions   = ["s3:GetBucketLocation"]
    resources = local.replica_buckets
  }

  statement {
    sid       = "DecryptReplicaBlobs"
    actions   = ["kms:Decrypt"]
    resources = local.replica_kms_keys
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${var.dr_region}.${local.dns_suffix}"]
    }
  }
}

resource "aws_iam_role_policy" "restore_host" {
  name   = "snapdrill-restore-host"
  role   = aws_iam_role.restore_host.id
  policy = data.aws_iam_policy_document.restore_host.json
}
