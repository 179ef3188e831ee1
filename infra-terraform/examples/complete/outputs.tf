# Each output is named after the snapdrill.yaml field it fills; `snapdrill_yaml` is all of them as a
# YAML fragment to merge into the file.

output "snapdrill_yaml" {
  description = "The infrastructure's part of snapdrill.yaml."
  value       = yamlencode(local.snapdrill_config)
}

output "clusters_storage_primary_bucket" {
  description = "clusters[].storage.primary.bucket"
  value       = module.buckets.primary_bucket_id
}

output "clusters_storage_primary_prefix" {
  description = "clusters[].storage.primary.prefix"
  value       = module.buckets.repository_prefix
}

output "clusters_storage_primary_region" {
  description = "clusters[].storage.primary.region"
  value       = module.buckets.primary_region
}

output "clusters_storage_replica_bucket" {
  description = "clusters[].storage.replica.bucket"
  value       = module.buckets.replica_bucket_id
}

output "clusters_storage_replica_prefix" {
  description = "clusters[].storage.replica.prefix"
  value       = module.buckets.repository_prefix
}

output "clusters_storage_replica_region" {
  description = "clusters[].storage.replica.region"
  value       = module.buckets.replica_region
}

output "clusters_storage_batch_replication_account_id" {
  description = "clusters[].storage.batchReplication.accountId"
  value       = module.buckets.account_id
}

output "clusters_storage_batch_replication_role_arn" {
  description = "clusters[].storage.batchReplication.roleArn (null unless enable_batch_replication)"
  value       = module.iam.batch_replication_role_arn
}

output "clusters_storage_heal_role_arn" {
  description = "clusters[].storage.healRoleArn (null unless enable_healing)"
  value       = module.iam.heal_role_arn
}

output "restore_host_region" {
  description = "restoreHost.region"
  value       = module.restore_host.region
}

output "restore_host_instance_types" {
  description = "restoreHost.instanceTypes"
  value       = module.restore_host.instance_types
}

output "restore_host_subnets" {
  description = "restoreHost.subnets"
  value       = module.restore_host.subnet_ids
}

output "restore_host_security_groups" {
  description = "restoreHost.securityGroups"
  value       = [module.restore_host.security_group_id]
}

output "restore_host_instance_profile" {
  description = "restoreHost.instanceProfile"
  value       = module.iam.restore_host_instance_profile_name
}

output "restore_host_ami_ssm_parameter" {
  description = "restoreHost.amiSsmParameter"
  value       = module.restore_host.ami_ssm_parameter
}

output "drill_heal" {
  description = "drill.heal: 'ask' when the worker may heal, else 'never'"
  value       = local.snapdrill_config.drill.heal
}

output "triggers_queue_url" {
  description = "triggers.queueUrl"
  value       = module.events.queue_url
}

output "triggers_region" {
  description = "triggers.region"
  value       = module.events.region
}

output "triggers_dead_letter_queue_url" {
  description = "triggers.deadLetterQueueUrl"
  value       = module.events.dead_letter_queue_url
}

# Not snapdrill.yaml fields, but needed to run the pieces Snapdrill does not start itself.
output "worker_role_arn" {
  description = "Role the Snapdrill worker runs as."
  value       = module.iam.worker_role_arn
}

output "worker_instance_profile" {
  description = "Instance profile for a worker on EC2."
  value       = module.iam.worker_instance_profile_name
}

output "worker_security_group_id" {
  description = "Security group to give the worker."
  value       = aws_security_group.worker.id
}

output "snapshot_writer_instance_profile" {
  description = "Instance profile for the source cluster's nodes (the role its repository-s3 client writes as)."
  value       = module.iam.snapshot_writer_instance_profile_names[var.cluster_name]
}

output "repository_settings" {
  description = "Settings for PUT _snapshot/<repository> on the source cluster (type s3)."
  value = {
    # No server_side_encryption: it would ask for SSE-S3 and override the bucket's SSE-KMS default.
    bucket    = module.buckets.primary_bucket_id
    base_path = module.buckets.repository_prefix
  }
}
