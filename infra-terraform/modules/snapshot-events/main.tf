# A finished snapshot writes snap-<uuid>.dat at the root of its repository. S3 notification filters
# know only a key prefix and a key suffix, so "snap-*.dat" cannot be expressed: the filter takes every
# .dat under the repository prefix (meta-*.dat, per-shard indices/.../snap-*.dat too), and Snapdrill's
# trigger consumer ignores every key that is not <prefix>/snap-<uuid>.dat (and deletes those messages).

data "aws_caller_identity" "current" {}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "${var.name_prefix}-snapshot-events-dead-letters"
  message_retention_seconds = 1209600 # 14 days, the maximum: time to look at what went wrong
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "events" {
  name                       = "${var.name_prefix}-snapshot-events"
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = 345600 # 4 days: a worker outage over a weekend loses no snapshot event
  receive_wait_time_seconds  = 20
  # SSE-SQS: S3 can send to it (S3 cannot use the AWS-managed aws/sqs KMS key).
  sqs_managed_sse_enabled = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letters.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

resource "aws_sqs_queue_redrive_allow_policy" "dead_letters" {
  queue_url = aws_sqs_queue.dead_letters.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.events.arn]
  })
}

data "aws_iam_policy_document" "events_queue" {
  statement {
    sid       = "S3SendsSnapshotEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events.arn]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    # Only this bucket of this account: no other bucket can inject events (confused deputy).
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [var.bucket_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy    = data.aws_iam_policy_document.events_queue.json
}

# A bucket has ONE notification configuration: this resource replaces any other notification of the
# bucket. Add other queues, topics or functions here rather than in a second resource.
resource "aws_s3_bucket_notification" "snapshot_events" {
  bucket = var.bucket_id

  queue {
    id            = "snapdrill-snapshot-created"
    queue_arn     = aws_sqs_queue.events.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "${var.repository_prefix}/"
    filter_suffix = ".dat"
  }

  # The repository sentinel: a delete marker (or a deletion, or a lifecycle expiration) on any repository
  # key is judged at once against the snapshots the repository holds; on a needed blob, an alert.
  queue {
    id            = "snapdrill-repository-sentinel"
    queue_arn     = aws_sqs_queue.events.arn
    events        = ["s3:ObjectRemoved:*", "s3:LifecycleExpiration:*"]
    filter_prefix = "${var.repository_prefix}/"
  }

  # S3 sends a test event when the configuration is saved; it must be allowed to by then.
  depends_on = [aws_sqs_queue_policy.events]
}

data "aws_region" "current" {}
