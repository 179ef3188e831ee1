variable "name_prefix" {
  description = "Prefix of role, profile and policy names."
  type        = string
  default     = "snapdrill"
}

variable "repositories" {
  description = "The snapshot repositories Snapdrill drills, one per source cluster (name = snapdrill.yaml clusters[].name). prefix is the repository base_path without slashes at either end."
  type = list(object({
    name                = string
    primary_bucket_arn  = string
    replica_bucket_arn  = string
    prefix              = string
    primary_kms_key_arn = string
    replica_kms_key_arn = string
  }))

  validation {
    condition     = alltrue([for r in var.repositories : length(trimspace(r.prefix)) > 0 && !startswith(r.prefix, "/") && !endswith(r.prefix, "/")])
    error_message = "Every repository needs a non-empty prefix without leading or trailing '/': the policies grant access to '<bucket>/<prefix>/*' only."
  }
}

variable "dr_region" {
  description = "The DR region, where restore hosts run (snapdrill.yaml restoreHost.region)."
  type        = string
}

variable "temporal_namespace" {
  description = "Temporal namespace the worker runs in. Snapdrill tags every restore host with snapdrill:namespace; the worker may launch only instances tagged with it and terminate only instances carrying it."
  type        = string
  default     = "default"
}

variable "enable_healing" {
  description = "Create the heal role, which alone may remove delete markers that hide repository blobs (s3:DeleteObjectVersion on the repository prefixes), and let the worker assume it. Set snapdrill.yaml clusters[].storage.healRoleArn to heal_role_arn, and drill.heal to auto or ask, only when this is true; with false, a drill that finds hidden blobs fails and reports them."
  type        = bool
  default     = false
}

variable "restore_host_instance_types" {
  description = "Instance types the worker may launch restore hosts as (ec2:InstanceType, wildcards such as r6i.* allowed). snapdrill.yaml restoreHost.instanceTypes must be among them; any other type is refused by the worker policy."
  type        = list(string)
  default     = ["r6i.large", "r5.large", "m6i.xlarge"]

  validation {
    condition     = length(var.restore_host_instance_types) > 0
    error_message = "restore_host_instance_types must name at least one instance type: the worker could launch no restore host."
  }
}

variable "restore_host_subnet_arns" {
  description = "ARNs of the subnets restore hosts may be launched in (empty: any subnet of the DR region)."
  type        = list(string)
  default     = []
}

variable "restore_host_security_group_arns" {
  description = "ARNs of the security groups restore hosts may use (empty: any security group of the DR region)."
  type        = list(string)
  default     = []
}

variable "ami_ssm_parameter_arns" {
  description = "SSM parameters the worker may read to find the restore host AMI (snapdrill.yaml restoreHost.amiSsmParameter; empty: the public Amazon Linux parameters of the DR region)."
  type        = list(string)
  default     = []
}

variable "events_queue_arn" {
  description = "The snapshot-events SQS queue the worker's trigger consumer reads (null: no trigger consumer)."
  type        = string
  default     = null
}

variable "dead_letter_queue_arn" {
  description = "The queue the trigger consumer sends events it cannot handle to (snapdrill.yaml triggers.deadLetterQueueUrl; null: dead letters go to a directory)."
  type        = string
  default     = null
}

variable "reports_bucket_arn" {
  description = "Bucket the worker uploads drill reports to (snapdrill.yaml reports.s3Bucket; null: reports stay local)."
  type        = string
  default     = null
}

variable "reports_prefix" {
  description = "Key prefix of uploaded reports (reports.s3Prefix), without slashes at either end."
  type        = string
  default     = "snapdrill-reports"
}

variable "enable_batch_replication" {
  description = "Create the role S3 Batch Replication jobs run as and let the worker start such jobs for repository objects that never replicated (snapdrill.yaml clusters[].storage.batchReplication)."
  type        = bool
  default     = false
}

variable "worker_trusted_services" {
  description = "AWS services that may assume the worker role (ec2.amazonaws.com for an instance, ecs-tasks.amazonaws.com for ECS)."
  type        = list(string)
  default     = ["ec2.amazonaws.com"]
}

variable "worker_trusted_role_arns" {
  description = "Roles that may assume the worker role (e.g. an EKS pod role, or operators running drills from a laptop)."
  type        = list(string)
  default     = []
}

variable "cluster_trusted_services" {
  description = "Services that may assume the snapshot-writer roles: es.amazonaws.com for Amazon OpenSearch Service domains, ec2.amazonaws.com for self-managed nodes (an instance profile is created too)."
  type        = list(string)
  default     = ["es.amazonaws.com"]
}

variable "opensearch_domain_arns" {
  description = "Amazon OpenSearch Service domain ARN per cluster name. For each, the worker role may pass the cluster's snapshot-writer role to es.amazonaws.com (snapdrill repository ensure registers the repository with it as role_arn), and a policy lets another principal register it (iam:PassRole of the writer role plus es:ESHttpPut on _snapshot)."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
