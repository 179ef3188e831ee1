# The disposable restore host's network and launch settings in the DR region. The worker launches
# hosts with RunInstances (spot first, tagged snapdrill:*), IMDSv2 required and terminate-on-shutdown,
# using the subnets, security group and instance profile below through snapdrill.yaml restoreHost.
# The launch template carries the same settings for a host started by hand during a real recovery.

data "aws_ssm_parameter" "ami" {
  name = var.ami_ssm_parameter
}

resource "aws_subnet" "restore_host" {
  for_each                = var.subnet_cidrs
  vpc_id                  = var.vpc_id
  availability_zone       = each.key
  cidr_block              = each.value
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { Name = "${var.name_prefix}-restore-host-${each.key}" })
}

resource "aws_route_table_association" "restore_host" {
  for_each       = var.route_table_id == null ? {} : var.subnet_cidrs
  subnet_id      = aws_subnet.restore_host[each.key].id
  route_table_id = var.route_table_id
}

locals {
  subnet_ids = concat(var.subnet_ids, [for az in sort(keys(var.subnet_cidrs)) : aws_subnet.restore_host[az].id])
}

resource "aws_security_group" "restore_host" {
  name_prefix = "${var.name_prefix}-restore-host-"
  description = "Snapdrill restore host: cluster port from the Snapdrill worker only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name_prefix}-restore-host" })

  lifecycle {
    create_before_destroy = true
  }
}

# Only the worker reaches the restored node: no CIDR rule, no transport port, no SSH.
resource "aws_vpc_security_group_ingress_rule" "cluster_port_from_worker" {
  security_group_id            = aws_security_group.restore_host.id
  description                  = "Snapdrill worker to the restored node's HTTP port"
  ip_protocol                  = "tcp"
  from_port                    = var.cluster_port
  to_port                      = var.cluster_port
  referenced_security_group_id = var.worker_security_group_id
}

# The host downloads the Elasticsearch/OpenSearch distribution and reads S3 over HTTPS.
resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.restore_host.id
  description       = "HTTPS: node download, S3, SSM"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_ebs_encryption_by_default" "dr_region" {
  count   = var.enable_ebs_encryption_by_default ? 1 : 0
  enabled = true
}

resource "aws_launch_template" "restore_host" {
  name_prefix            = "${var.name_prefix}-restore-host-"
  description            = "Snapdrill restore host (a restore started by hand uses the same settings as the worker's launches)"
  image_id               = data.aws_ssm_parameter.ami.insecure_value
  instance_type          = var.instance_types[0]
  update_default_version = true
  vpc_security_group_ids = [aws_security_group.restore_host.id]

  # A host that shuts itself down must not keep costing money.
  instance_initiated_shutdown_behavior = "terminate"

  iam_instance_profile {
    name = var.instance_profile_name
  }

  # IMDSv2 only: the instance credentials read the replica bucket, so no SSRF through IMDSv1.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = var.root_volume_size_gb
      volume_type           = "gp3"
      encrypted             = true
      kms_key_id            = var.ebs_kms_key_arn
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = "${var.name_prefix}-restore-host" })
  }

  tags = var.tags
}

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}
