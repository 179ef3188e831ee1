data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  # amazonaws.com, or amazonaws.com.cn in China: the service endpoints kms:ViaService names
  dns_suffix = data.aws_partition.current.dns_suffix

  repositories = { for r in var.repositories : r.name => r }

  # Repository blobs only: "<bucket>/<prefix>/*", never the whole bucket.
  primary_repository_objects = [for r in var.repositories : "${r.primary_bucket_arn}/${r.prefix}/*"]
  replica_repository_objects = [for r in var.repositories : "${r.replica_bucket_arn}/${r.prefix}/*"]
  primary_buckets            = distinct([for r in var.repositories : r.primary_bucket_arn])
  replica_buckets            = distinct([for r in var.repositories : r.replica_bucket_arn])
  # s3:prefix values a listing may ask for: the repository folder and anything below it.
  repository_list_prefixes = distinct(flatten([for r in var.repositories : ["${r.prefix}/", "${r.prefix}/*"]]))
  primary_kms_keys         = distinct([for r in var.repositories : r.primary_kms_key_arn])
  replica_kms_keys         = distinct([for r in var.repositories : r.replica_kms_key_arn])

  # Known before the role exists: the snapshot buckets' policies (another module, perhaps applied
  # first) name it as the only principal that may delete versions.
  heal_role_name = "${var.name_prefix}-heal"
  heal_role_arn  = "arn:${local.partition}:iam::${local.account_id}:role/${local.heal_role_name}"

  dr_instances     = "arn:${local.partition}:ec2:${var.dr_region}:${local.account_id}:instance/*"
  dr_spot_requests = "arn:${local.partition}:ec2:${var.dr_region}:${local.account_id}:spot-instances-request/*"
  dr_volumes       = "arn:${local.partition}:ec2:${var.dr_region}:${local.account_id}:volume/*"

  ami_ssm_parameter_arns = length(var.ami_ssm_parameter_arns) > 0 ? var.ami_ssm_parameter_arns : [
    "arn:${local.partition}:ssm:${var.dr_region}::parameter/aws/service/ami-amazon-linux-latest/*",
  ]
  restore_host_subnets = length(var.restore_host_subnet_arns) > 0 ? var.restore_host_subnet_arns : [
    "arn:${local.partition}:ec2:${var.dr_region}:${local.account_id}:subnet/*",
  ]
  restore_host_security_groups = length(var.restore_host_security_group_arns) > 0 ? var.restore_host_security_group_arns : [
    "arn:${local.partition}:ec2:${var.dr_region}:${local.account_id}:security-group/*",
  ]
}
