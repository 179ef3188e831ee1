variable "name_prefix" {
  description = "Prefix of the queue names."
  type        = string
  default     = "snapdrill"
}

variable "bucket_id" {
  description = "The primary bucket (S3 sends its events to a queue of the same region: use the primary region's provider)."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of the primary bucket; only it may send to the queue."
  type        = string
}

variable "repository_prefix" {
  description = "The repository's base_path, without slashes at either end."
  type        = string
}

variable "max_receive_count" {
  description = "Deliveries of one event before it moves to the dead-letter queue (an event the consumer fails on every time)."
  type        = number
  default     = 5
}

variable "visibility_timeout_seconds" {
  description = "How long a received event stays invisible; the consumer deletes it only after Temporal acknowledged the drill start."
  type        = number
  default     = 120
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
