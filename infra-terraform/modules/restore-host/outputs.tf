output "subnet_ids" {
  description = "Subnets restore hosts launch in, in the order they are tried (snapdrill.yaml restoreHost.subnets)."
  value       = local.subnet_ids
}

output "subnet_arns" {
  description = "ARNs of those subnets (the iam module's restore_host_subnet_arns)."
  value       = [for id in local.subnet_ids : "arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:subnet/${id}"]
}

output "security_group_id" {
  description = "Security group of the restore hosts (snapdrill.yaml restoreHost.securityGroups)."
  value       = aws_security_group.restore_host.id
}

output "security_group_arn" {
  description = "ARN of that security group (the iam module's restore_host_security_group_arns)."
  value       = aws_security_group.restore_host.arn
}

output "launch_template_id" {
  description = "Launch template with the restore host's settings."
  value       = aws_launch_template.restore_host.id
}

output "ami_ssm_parameter" {
  description = "SSM parameter of the AMI (snapdrill.yaml restoreHost.amiSsmParameter)."
  value       = var.ami_ssm_parameter
}

output "ami_ssm_parameter_arn" {
  description = "ARN of that parameter, in this partition and region (the iam module's ami_ssm_parameter_arns)."
  value       = "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}::parameter${var.ami_ssm_parameter}"
}

output "instance_types" {
  description = "Instance types in fallback order (snapdrill.yaml restoreHost.instanceTypes)."
  value       = var.instance_types
}

output "region" {
  description = "The DR region (snapdrill.yaml restoreHost.region)."
  value       = data.aws_region.current.name
}
