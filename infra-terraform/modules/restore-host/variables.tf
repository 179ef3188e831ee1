variable "name_prefix" {
  description = "Prefix of resource names."
  type        = string
  default     = "snapdrill"
}

variable "vpc_id" {
  description = "VPC of the DR region the restore hosts run in; the worker must be able to reach it."
  type        = string
}

variable "subnet_ids" {
  description = "Existing private subnets for restore hosts, tried in order on capacity errors (snapdrill.yaml restoreHost.subnets)."
  type        = list(string)
  default     = []
}

variable "subnet_cidrs" {
  description = "Private subnets to create for restore hosts, CIDR per availability zone (e.g. { \"us-west-2a\" = \"10.40.8.0/24\" }). They need a route to S3 (a gateway endpoint) and outbound HTTPS (NAT) to download the node."
  type        = map(string)
  default     = {}
}

variable "route_table_id" {
  description = "Route table to associate created subnets with (one with the S3 gateway endpoint and a NAT route); null leaves them on the VPC's main table."
  type        = string
  default     = null
}

variable "worker_security_group_id" {
  description = "Security group of the Snapdrill worker: the only source allowed to reach the restore host's cluster port."
  type        = string
}

variable "cluster_port" {
  description = "HTTP port of the restored node (Snapdrill talks to it on 9200)."
  type        = number
  default     = 9200
}

variable "instance_profile_name" {
  description = "Instance profile of the restore hosts (the iam module's restore_host_instance_profile_name)."
  type        = string
}

variable "ami_ssm_parameter" {
  description = "Public SSM parameter naming the AMI (snapdrill.yaml restoreHost.amiSsmParameter)."
  type        = string
  default     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

variable "instance_types" {
  description = "Instance types tried in order on spot capacity errors (snapdrill.yaml restoreHost.instanceTypes); the first is the launch template's."
  type        = list(string)
  default     = ["r6i.large", "r5.large", "m6i.xlarge"]

  validation {
    condition     = length(var.instance_types) > 0
    error_message = "instance_types needs at least one instance type."
  }
}

variable "root_volume_size_gb" {
  description = "Root volume size: the node's installation plus the restored indices."
  type        = number
  default     = 100
}

variable "ebs_kms_key_arn" {
  description = "KMS key for the root volume; null uses the account's default EBS key (aws/ebs)."
  type        = string
  default     = null
}

variable "enable_ebs_encryption_by_default" {
  description = "Turn on EBS encryption by default for the whole DR region of this account. The worker launches restore hosts with RunInstances (not from the launch template), so this is what encrypts their volumes; it changes every later volume in the region, hence off unless asked."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
