variable "primary_region" {
  description = "Region of the source cluster and the primary bucket."
  type        = string
  default     = "us-east-1"
}

variable "dr_region" {
  description = "Disaster-recovery region: replica bucket and restore hosts."
  type        = string
  default     = "us-west-2"
}

variable "cluster_name" {
  description = "The source cluster's name in snapdrill.yaml (clusters[].name): lowercase letters, digits, '.', '_' and '-'."
  type        = string
  default     = "logs-prod"
}

variable "primary_bucket_name" {
  description = "Primary bucket name."
  type        = string
}

variable "replica_bucket_name" {
  description = "Replica bucket name."
  type        = string
}

variable "repository_prefix" {
  description = "The repository's base_path in both buckets."
  type        = string
  default     = "prod/logs"
}

variable "dr_vpc_id" {
  description = "VPC in the DR region for the restore hosts and the worker."
  type        = string
}

variable "restore_host_subnet_ids" {
  description = "Private subnets of that VPC for restore hosts (with an S3 gateway endpoint and outbound HTTPS)."
  type        = list(string)
}

variable "temporal_namespace" {
  description = "Temporal namespace of the Snapdrill worker."
  type        = string
  default     = "default"
}

variable "enable_healing" {
  description = "Let Snapdrill remove delete markers that hide repository blobs, as the heal role (drill.heal: ask, clusters[].storage.healRoleArn)."
  type        = bool
  default     = false
}

variable "object_lock_governance_days" {
  description = "S3 Object Lock (GOVERNANCE) default retention of both buckets, in days; null: no Object Lock. Cannot be turned off once on; read the snapshot-buckets notes first."
  type        = number
  default     = null
}

variable "bucket_admin_arns" {
  description = "Principals besides the one running Terraform that may change the buckets' lifecycle, versioning and replication (CI, break-glass roles)."
  type        = list(string)
  default     = []
}

variable "replication_time_control" {
  description = "S3 Replication Time Control on the repository prefix."
  type        = bool
  default     = false
}

variable "enable_batch_replication" {
  description = "Let Snapdrill start S3 Batch Replication jobs for repository objects that never replicated."
  type        = bool
  default     = false
}

variable "reports_bucket_name" {
  description = "Create a bucket for Snapdrill's reports in the DR region (reports.s3Bucket) and let the worker write and read them there; null: reports stay on the worker's disk."
  type        = string
  default     = null
}

variable "reports_object_lock" {
  description = "S3 Object Lock of the reports bucket, e.g. { mode = \"COMPLIANCE\", days = 2555 }; null: none. Only takes effect when the bucket is created (read the report-bucket notes first)."
  type = object({
    mode = string
    days = number
  })
  default = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = { "app" = "snapdrill" }
}
