# S3 Batch Replication copies repository objects that live replication never copied (objects written
# before the rule existed, or whose replication FAILED). Snapdrill starts such a job per snapshot when
# clusters[].storage.batchReplication.enabled is true; the job runs as this role.

data "aws_iam_policy_document" "batch_replication_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["batchoperations.s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "batch_replication" {
  count              = var.enable_batch_replication ? 1 : 0
  name               = "${var.name_prefix}-batch-replication"
  description        = "S3 Batch Replication jobs Snapdrill starts for unreplicated repository objects"
  assume_role_policy = data.aws_iam_policy_document.batch_replication_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "batch_replication" {
  statement {
    sid       = "ReplicateRepositoryObjects"
    actions   = ["s3:InitiateReplication"]
    resources = local.primary_repository_objects
  }

  statement {
    # The job generates its manifest from the source bucket (no manifest output, no report).
    sid       = "GenerateManifest"
    actions   = ["s3:GetReplicationConfiguration", "s3:PutInventoryConfiguration"]
    resources = local.primary_buckets
  }
}

resource "aws_iam_role_policy" "batch_replication" {
  count  = var.enable_batch_replication ? 1 : 0
  name   = "replicate-repository-objects"
  role   = aws_iam_role.batch_replication[0].id
  policy = data.aws_iam_policy_document.batch_replication.json
}
