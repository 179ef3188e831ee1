variable "bucket_name" {
  description = "Name of the bucket Snapdrill uploads drill and restore-a-thon reports to (snapdrill.yaml reports.s3Bucket)."
  type        = string
}

variable "object_lock" {
  description = "S3 Object Lock for the reports: mode GOVERNANCE (a principal allowed s3:BypassGovernanceRetention may lift it) or COMPLIANCE (nobody can, not even the root user, until it ends), and days. Null: no Object Lock. Once on, a bucket's Object Lock cannot be turned off (back to null only removes the default retention). Set snapdrill.yaml reports.objectLock to the same values."
  type = object({
    mode = string
    days = number
  })
  default = null

  validation {
    condition     = var.object_lock == null || contains(["GOVERNANCE", "COMPLIANCE"], try(var.object_lock.mode, ""))
    error_message = "object_lock.mode must be GOVERNANCE or COMPLIANCE."
  }

  validation {
    condition     = var.object_lock == null || try(var.object_lock.days >= 1 && floor(var.object_lock.days) == var.object_lock.days, false)
    error_message = "object_lock.days must be a whole number of days, 1 or more."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
