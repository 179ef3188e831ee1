# The Snapdrill worker's role: reads both buckets' repository prefixes and configuration, launches and
# terminates tagged restore hosts, reads the snapshot-events queue. It can delete nothing in a
# repository: with enable_healing it may assume the heal role (heal.tf), which alone deletes versions.

data "aws_iam_policy_document" "worker_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = var.worker_trusted_services
    }
  }

  dynamic "statement" {
    for_each = length(var.worker_trusted_role_arns) > 0 ? [1] : []
    content {
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = var.worker_trusted_role_arns
      }
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "${var.name_prefix}-worker"
  description        = "Snapdrill worker: restore drills of snapshot repositories"
  assume_role_policy = data.aws_iam_policy_document.worker_assume.json
  tags               = var.tags
}

resource "aws_iam_instance_profile" "worker" {
  name = "${var.name_prefix}-worker"
  role = aws_iam_role.worker.name
  tags = var.tags
}

data "aws_iam_policy_document" "worker" {
  statement {
    sid       = "ReadRepositoryBlobs"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = concat(local.primary_repository_objects, local.replica_repository_objects)
  }

  statement {
    sid       = "ListRepositoryKeysAndVersions"
    actions   = ["s3:ListBucket", "s3:ListBucketVersions"]
    resources = concat(local.primary_buckets, local.replica_buckets)
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = local.repository_list_prefixes
    }
  }

  statement {
    # CONFIRM_REPLICATION and AUDIT_STORAGE: replication rules, versioning, lifecycle rules and
    # Intelligent-Tiering archive configurations and default encryption (SSE-KMS needs its own
    # replication criteria) of both buckets. No GetBucketLocation: clients are built for the
    # configured region, and the worker never asks S3 for it (WorkerRolePermissions).
    sid = "ReadBucketConfiguration"
    actions = [
      "s3:GetReplicationConfiguration",
      "s3:GetBucketVersioning",
      "s3:GetLifecycleConfiguration",
      "s3:GetIntelligentTieringConfiguration",
      "s3:GetEncryptionConfiguration",
    ]
    resources = concat(local.primary_buckets, local.replica_buckets)
  }

  statement {
    sid       = "DecryptRepositoryBlobs"
    actions   = ["kms:Decrypt"]
    resources = concat(local.primary_kms_keys, local.replica_kms_keys)
  }

  statement {
    # The instance and its spot request must carry Snapdrill's tags at launch: the janitor and
    # TEARDOWN find hosts by them, and TerminateInstances below is allowed only on them.
    sid       = "LaunchTaggedRestoreHosts"
    actions   = ["ec2:RunInstances"]
    resources = [local.dr_instances, local.dr_spot_requests]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/snapdrill:namespace"
      values   = [var.temporal_namespace]
    }
    condition {
      test     = "Null"
      variable = "aws:RequestTag/snapdrill:host-key"
      values   = ["false"]
    }
    condition {
      test     = "Null"
      variable = "aws:RequestTag/snapdrill:workflow-id"
      values   = ["false"]
    }
  }

  statement {
    # The host's instance profile reads the replica: its credentials are served by IMDSv2 only, as the
    # worker's launches ask (HttpTokens required). A launch without it is refused, whoever wrote it.
    sid       = "LaunchOnlyWithImdsV2"
    effect    = "Deny"
    actions   = ["ec2:RunInstances"]
    resources = [local.dr_instances]
    condition {
      test     = "StringNotEquals"
      variable = "ec2:MetadataHttpTokens"
      values   = ["required"]
    }
  }

  statement {
    # Only the restore host instance types (snapdrill.yaml restoreHost.instanceTypes must be among them):
    # a worker whose configuration or credentials go wrong cannot start a fleet of the largest instances.
    sid       = "LaunchOnlyRestoreHostInstanceTypes"
    effect    = "Deny"
    actions   = ["ec2:RunInstances"]
    resources = [local.dr_instances]
    condition {
      test     = "StringNotLike"
      variable = "ec2:InstanceType"
      values   = var.restore_host_instance_types
    }
  }

  statement {
    sid     = "LaunchWithRestoreHostNetworkAndImage"
    actions = ["ec2:RunInstances"]
    resources = concat(
      local.restore_host_subnets,
      local.restore_host_security_groups,
      [
        "arn:${local.partition}:ec2:${var.dr_region}:${local.account_id}:network-interface/*",
        local.dr_volumes,
        "arn:${local.partition}:ec2:${var.dr_region}:${local.account_id}:key-pair/*",
        "arn:${local.partition}:ec2:${var.dr_region}::image/*",
      ],
    )
  }

  statement {
    # Tags only as part of the launch, never on an existing resource.
    sid       = "TagAtLaunchOnly"
    actions   = ["ec2:CreateTags"]
    resources = [local.dr_instances, local.dr_spot_requests, local.dr_volumes]
    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values   = ["RunInstances"]
    }
  }

  statement {
    # A restore that makes progress moves its host's expiry forward: only that one tag, only on
    # this namespace's restore hosts.
    sid       = "RenewOwnRestoreHostExpiry"
    actions   = ["ec2:CreateTags"]
    resources = [local.dr_instances]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/snapdrill:namespace"
      values   = [var.temporal_namespace]
    }
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "aws:TagKeys"
      values   = ["snapdrill:expires-at"]
    }
  }

  statement {
    sid       = "TerminateOwnRestoreHostsOnly"
    actions   = ["ec2:TerminateInstances", "ec2:CancelSpotInstanceRequests"]
    resources = [local.dr_instances, local.dr_spot_requests]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/snapdrill:namespace"
      values   = [var.temporal_namespace]
    }
    # The tags the janitor lists hosts by (namespace, host key), and no other: the janitor terminates
    # a host whose workflow-id tag is gone as orphaned, so this statement must not require that tag.
    condition {
      test     = "Null"
      variable = "aws:ResourceTag/snapdrill:host-key"
      values   = ["false"]
    }
  }

  statement {
    # Describe* calls have no resource-level permissions: "*" is the only resource they accept.
    # DescribeImages: the launch maps the resized root volume under the AMI's own root device name.
    sid       = "DescribeRestoreHosts"
    actions   = ["ec2:DescribeInstances", "ec2:DescribeSubnets", "ec2:DescribeSpotPriceHistory", "ec2:DescribeImages"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = [var.dr_region]
    }
  }

  statement {
    sid       = "FindRestoreHostAmi"
    actions   = ["ssm:GetParameter"]
    resources = local.ami_ssm_parameter_arns
  }

  statement {
    sid       = "PassRestoreHostRoleToEc2"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.restore_host.arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = var.events_queue_arn == null ? [] : [var.events_queue_arn]
    content {
      sid       = "ConsumeSnapshotEvents"
      # Only what SqsTriggerConsumer calls (WorkerRolePermissions): the queue's visibility timeout and
      # redrive policy do the rest, so no GetQueueAttributes or ChangeMessageVisibility.
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.dead_letter_queue_arn == null ? [] : [var.dead_letter_queue_arn]
    content {
      sid       = "KeepUnhandledEvents"
      actions   = ["sqs:SendMessage"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.reports_bucket_arn == null ? [] : [var.reports_bucket_arn]
    content {
      # The restore-a-thon report reads back the drill reports it includes, and VERIFY the evidence
      # too large for a workflow payload; an upload with an Object
      # Lock retention (reports.objectLock) is authorized by s3:PutObjectRetention as well.
      sid       = "WriteAndReadReports"
      actions   = ["s3:PutObject", "s3:PutObjectRetention", "s3:GetObject"]
      resources = ["${statement.value}/${var.reports_prefix}/*"]
    }
  }

  dynamic "statement" {
    for_each = var.reports_bucket_arn == null ? [] : [var.reports_bucket_arn]
    content {
      # The restore-a-thon report finds the previous restore-a-thon in <reports_prefix>/restore-a-thons/.
      sid       = "ListReports"
      actions   = ["s3:ListBucket"]
      resources = [statement.value]
      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = ["${var.reports_prefix}/*"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.enable_batch_replication ? [1] : []
    content {
      # CreateJob has no resource-level permissions; what the job may touch is the job role's policy.
      sid       = "StartBatchReplication"
      actions   = ["s3:CreateJob"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.enable_batch_replication ? [1] : []
    content {
      sid       = "PassBatchReplicationRole"
      actions   = ["iam:PassRole"]
      resources = [aws_iam_role.batch_replication[0].arn]
      condition {
        test     = "StringEquals"
        variable = "iam:PassedToService"
        values   = ["batchoperations.s3.amazonaws.com"]
      }
    }
  }

  # snapdrill repository ensure registers an Amazon OpenSearch Service domain's repository with
  # role_arn: the domain lets a principal name a role only if that principal may pass the role to it.
  # Only the snapshot roles of the domains listed, only to the OpenSearch service.
  dynamic "statement" {
    for_each = length(var.opensearch_domain_arns) > 0 ? [1] : []
    content {
      sid       = "PassSnapshotRoleToDomains"
      actions   = ["iam:PassRole"]
      resources = [for name in sort(keys(var.opensearch_domain_arns)) : aws_iam_role.snapshot_writer[name].arn]
      condition {
        test     = "StringEquals"
        variable = "iam:PassedToService"
        values   = ["es.amazonaws.com"]
      }
    }
  }

  # Healing runs as the heal role (heal.tf): the worker itself never holds s3:DeleteObjectVersion, so
  # its credentials alone cannot delete a version in either region.
  dynamic "statement" {
    for_each = var.enable_healing ? [1] : []
    content {
      sid       = "AssumeHealRole"
      actions   = ["sts:AssumeRole"]
      resources = [aws_iam_role.heal[0].arn]
    }
  }
}

resource "aws_iam_role_policy" "worker" {
  name   = "snapdrill-worker"
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker.json

  lifecycle {
    # The reports upload is the worker's only write: in a snapshot bucket it could overwrite
    # repository blobs (a reports_prefix equal to, or above, a repository prefix), in both regions
    # once replicated.
    precondition {
      condition     = var.reports_bucket_arn == null || !contains(concat(local.primary_buckets, local.replica_buckets), var.reports_bucket_arn)
      error_message = "reports_bucket_arn must not be a snapshot bucket (a repositories[] primary_bucket_arn or replica_bucket_arn): the worker role may write reports there, and writes nothing in a snapshot bucket."
    }
  }
}
