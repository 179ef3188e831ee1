output "worker_role_arn" {
  description = "Role the Snapdrill worker runs as."
  value       = aws_iam_role.worker.arn
}

output "worker_instance_profile_name" {
  description = "Instance profile of the worker role, for a worker on EC2."
  value       = aws_iam_instance_profile.worker.name
}

output "restore_host_role_arn" {
  description = "Role of the restore hosts."
  value       = aws_iam_role.restore_host.arn
}

output "restore_host_instance_profile_name" {
  description = "Instance profile of the restore hosts (snapdrill.yaml restoreHost.instanceProfile)."
  value       = aws_iam_instance_profile.restore_host.name
}

output "snapshot_writer_role_arns" {
  description = "Snapshot-writer role per cluster name (role_arn of an Amazon OpenSearch Service repository registration)."
  value       = { for name, role in aws_iam_role.snapshot_writer : name => role.arn }
}

output "snapshot_writer_instance_profile_names" {
  description = "Snapshot-writer instance profile per cluster name, for self-managed nodes on EC2."
  value       = { for name, profile in aws_iam_instance_profile.snapshot_writer : name => profile.name }
}

output "snapshot_registration_policy_arns" {
  description = "Per Amazon OpenSearch Service cluster: the policy to attach to whoever registers the repository."
  value       = { for name, policy in aws_iam_policy.snapshot_registration : name => policy.arn }
}

output "batch_replication_role_arn" {
  description = "Role S3 Batch Replication jobs run as (clusters[].storage.batchReplication.roleArn), or null."
  value       = var.enable_batch_replication ? aws_iam_role.batch_replication[0].arn : null
}

output "healing_enabled" {
  description = "Whether the worker may remove delete markers (snapdrill.yaml drill.heal may be auto or ask only when true)."
  value       = var.enable_healing
}

output "heal_role_arn" {
  description = "Role healing runs as (snapdrill.yaml clusters[].storage.healRoleArn), or null unless enable_healing. Built from its name, so the buckets' policies can name it before it exists."
  value       = var.enable_healing ? local.heal_role_arn : null
}
