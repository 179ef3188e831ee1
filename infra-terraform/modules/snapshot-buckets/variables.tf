variable "primary_bucket_name" {
  description = "Name of the bucket the source cluster writes snapshots to (source region)."
  type        = string
}

variable "replica_bucket_name" {
  description = "Name of the cross-region replica bucket the restore host reads from (DR region)."
  type        = string
}

variable "repository_prefix" {
  description = "The snapshot repository's base_path in both buckets, without slashes at either end (snapdrill.yaml storage.primary.prefix and storage.replica.prefix)."
  type        = string
  default     = "snapshots"

  validation {
    condition     = length(trimspace(var.repository_prefix)) > 0 && !startswith(var.repository_prefix, "/") && !endswith(var.repository_prefix, "/")
    error_message = "repository_prefix must be a non-empty key prefix without leading or trailing '/': a repository at the bucket root shares its keyspace with everything else in the bucket, including the housekeeping prefix."
  }
}

variable "housekeeping_prefix" {
  description = "The only prefix the expiring lifecycle rule applies to. Objects that may be thrown away (scratch files, test uploads) go under it; it can never reach the repository."
  type        = string
  default     = "auto-purge/"

  validation {
    condition     = length(var.housekeeping_prefix) > 1 && endswith(var.housekeeping_prefix, "/")
    error_message = "housekeeping_prefix must be a folder-like prefix ending in '/', never '' (an empty prefix would make the expiring rule match every key in the bucket)."
  }
}

variable "housekeeping_expiration_days" {
  description = "Days after which current versions under housekeeping_prefix expire."
  type        = number
  default     = 7
}

variable "housekeeping_noncurrent_days" {
  description = "Days after which noncurrent versions under housekeeping_prefix are deleted."
  type        = number
  default     = 1
}

variable "abort_incomplete_multipart_days" {
  description = "Days after which incomplete multipart uploads are aborted, bucket-wide (harmless for the repository: an aborted upload never was a blob)."
  type        = number
  default     = 7
}

variable "delete_marker_replication" {
  description = "Replicate delete markers made by DELETE requests without a version id (snapshot deletion by the cluster, a mistaken `aws s3 rm`). false (recommended) keeps the replica readable when something deletes in the primary. Markers made by lifecycle expiry are never replicated, whatever this says. See the README."
  type        = bool
  default     = false
}

variable "replication_time_control" {
  description = "Enable S3 Replication Time Control (99.99% of objects replicated within 15 minutes, with replication metrics; extra cost per GB). Snapdrill still checks the replica blob by blob."
  type        = bool
  default     = false
}

variable "replica_storage_class" {
  description = "Storage class of replicas. Only classes a restore can read directly are accepted: never GLACIER or DEEP_ARCHIVE."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR", "INTELLIGENT_TIERING"], var.replica_storage_class)
    error_message = "replica_storage_class must be readable without RestoreObject: STANDARD, STANDARD_IA, ONEZONE_IA, GLACIER_IR or INTELLIGENT_TIERING (without archive tiers)."
  }
}

variable "kms_key_deletion_window_days" {
  description = "Waiting period before a scheduled KMS key deletion takes effect. Every snapshot blob is encrypted with these keys."
  type        = number
  default     = 30
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete non-empty buckets. Keep false for real repositories."
  type        = bool
  default     = false
}

variable "version_deleter_arns" {
  description = "IAM principals (role or user ARNs) that may delete object versions in either bucket: the iam module's heal_role_arn when healing is enabled. Both bucket policies deny s3:DeleteObjectVersion to every other principal, whatever its IAM policies say; empty: nobody (but Terraform itself with force_destroy)."
  type        = list(string)
  default     = []
}

variable "bucket_admin_arns" {
  description = "IAM principals (role or user ARNs), besides the one running Terraform, that may change the buckets' lifecycle, versioning and replication configurations and bypass Object Lock governance retention. Both bucket policies deny that to everyone else. Name every principal that applies this module (CI and people): another one is refused until the bucket policy names it."
  type        = list(string)
  default     = []
}

variable "object_lock_governance_days" {
  description = "Days every new object version is kept by S3 Object Lock in GOVERNANCE mode, in both buckets (null: no Object Lock). Once enabled, a bucket's Object Lock cannot be turned off. The source cluster's repository-s3 must send Content-MD5 or an x-amz-checksum header with each upload, or every snapshot fails (see the README)."
  type        = number
  default     = null

  validation {
    condition     = var.object_lock_governance_days == null ? true : var.object_lock_governance_days >= 1
    error_message = "object_lock_governance_days must be null (no Object Lock) or a whole number of days, 1 or more."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
