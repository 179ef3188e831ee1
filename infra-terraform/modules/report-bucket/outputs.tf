output "bucket_id" {
  description = "reports.s3Bucket"
  value       = aws_s3_bucket.reports.id
}

output "bucket_arn" {
  description = "The iam module's reports_bucket_arn."
  value       = aws_s3_bucket.reports.arn
}

output "region" {
  description = "reports.s3Region"
  value       = aws_s3_bucket.reports.region
}

output "object_lock" {
  description = "reports.objectLock ({mode, days}), or null without Object Lock."
  value       = var.object_lock
}
