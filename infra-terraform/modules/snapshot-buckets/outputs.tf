output "primary_bucket_id" {
  description = "Primary bucket name (snapdrill.yaml clusters[].storage.primary.bucket)."
  value       = aws_s3_bucket.primary.id
}

output "primary_bucket_arn" {
  description = "Primary bucket ARN."
  value       = aws_s3_bucket.primary.arn
}

output "primary_region" {
  description = "Primary bucket region (clusters[].storage.primary.region)."
  value       = local.primary_region
}

output "replica_bucket_id" {
  description = "Replica bucket name (clusters[].storage.replica.bucket)."
  value       = aws_s3_bucket.replica.id
}

output "replica_bucket_arn" {
  description = "Replica bucket ARN."
  value       = aws_s3_bucket.replica.arn
}

output "replica_region" {
  description = "Replica bucket region (clusters[].storage.replica.region, and restoreHost.region)."
  value       = local.replica_region
}

output "repository_prefix" {
  description = "Repository base_path in both buckets (clusters[].storage.primary.prefix and .replica.prefix)."
  value       = var.repository_prefix
}

output "primary_kms_key_arn" {
  description = "KMS key encrypting the primary bucket."
  value       = aws_kms_key.primary.arn
}

output "replica_kms_key_arn" {
  description = "KMS key encrypting the replica bucket."
  value       = aws_kms_key.replica.arn
}

output "replication_role_arn" {
  description = "Role S3 replication runs as."
  value       = aws_iam_role.replication.arn
}

output "account_id" {
  description = "Account owning the buckets (clusters[].storage.batchReplication.accountId)."
  value       = local.account_id
}
