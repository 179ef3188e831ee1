# One source cluster's repository replicated to the DR region, Snapdrill's worker and restore hosts,
# and snapshot events: everything a snapdrill.yaml with `restoreHost.provider: ec2` and triggers needs.

module "buckets" {
  source = "../../modules/snapshot-buckets"
  providers = {
    aws.primary = aws.primary
    aws.replica = aws.dr
  }

  primary_bucket_name         = var.primary_bucket_name
  replica_bucket_name         = var.replica_bucket_name
  repository_prefix           = var.repository_prefix
  replication_time_control    = var.replication_time_control
  object_lock_governance_days = var.object_lock_governance_days
  bucket_admin_arns           = var.bucket_admin_arns
  # The heal role is the only principal the bucket policies let delete a version (none without healing).
  version_deleter_arns = module.iam.heal_role_arn == null ? [] : [module.iam.heal_role_arn]
  tags                 = var.tags
}

module "events" {
  source    = "../../modules/snapshot-events"
  providers = { aws = aws.primary }

  bucket_id         = module.buckets.primary_bucket_id
  bucket_arn        = module.buckets.primary_bucket_arn
  repository_prefix = module.buckets.repository_prefix
  tags              = var.tags
}

# The worker runs in the DR VPC (an EC2 instance or ECS task with this security group): restore
# hosts accept the cluster port from it only. Add egress to your source clusters' endpoints if they
# listen on another port than 443.
resource "aws_security_group" "worker" {
  provider    = aws.dr
  name_prefix = "snapdrill-worker-"
  description = "Snapdrill worker"
  vpc_id      = var.dr_vpc_id
  tags        = merge(var.tags, { Name = "snapdrill-worker" })
}

resource "aws_vpc_security_group_egress_rule" "worker_to_restore_hosts" {
  provider                     = aws.dr
  security_group_id            = aws_security_group.worker.id
  description                  = "restored node's HTTP port"
  ip_protocol                  = "tcp"
  from_port                    = 9200
  to_port                      = 9200
  referenced_security_group_id = module.restore_host.security_group_id
}

resource "aws_vpc_security_group_egress_rule" "worker_https" {
  provider          = aws.dr
  security_group_id = aws_security_group.worker.id
  description       = "AWS APIs, Temporal Cloud, source clusters"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# Where auditors read the reports; with reports_object_lock, nobody can rewrite them.
module "reports" {
  count     = var.reports_bucket_name == null ? 0 : 1
  source    = "../../modules/report-bucket"
  providers = { aws = aws.dr }

  bucket_name = var.reports_bucket_name
  object_lock = var.reports_object_lock
  tags        = var.tags
}

module "iam" {
  source    = "../../modules/iam"
  providers = { aws = aws.dr }

  repositories = [{
    name                = var.cluster_name
    primary_bucket_arn  = module.buckets.primary_bucket_arn
    replica_bucket_arn  = module.buckets.replica_bucket_arn
    prefix              = module.buckets.repository_prefix
    primary_kms_key_arn = module.buckets.primary_kms_key_arn
    replica_kms_key_arn = module.buckets.replica_kms_key_arn
  }]
  dr_region                        = var.dr_region
  temporal_namespace               = var.temporal_namespace
  enable_healing                   = var.enable_healing
  enable_batch_replication         = var.enable_batch_replication
  restore_host_subnet_arns         = module.restore_host.subnet_arns
  restore_host_security_group_arns = [module.restore_host.security_group_arn]
  ami_ssm_parameter_arns           = [module.restore_host.ami_ssm_parameter_arn]
  restore_host_instance_types      = module.restore_host.instance_types
  events_queue_arn                 = module.events.queue_arn
  dead_letter_queue_arn            = module.events.dead_letter_queue_arn
  cluster_trusted_services         = ["ec2.amazonaws.com"]
  reports_bucket_arn               = one(module.reports[*].bucket_arn)
  reports_prefix                   = local.reports_prefix
  tags                             = var.tags
}

module "restore_host" {
  source    = "../../modules/restore-host"
  providers = { aws = aws.dr }

  vpc_id                   = var.dr_vpc_id
  subnet_ids               = var.restore_host_subnet_ids
  worker_security_group_id = aws_security_group.worker.id
  instance_profile_name    = module.iam.restore_host_instance_profile_name
  tags                     = var.tags
}

# What Terraform knows of snapdrill.yaml, under the config's own field names (the checks compare
# every key with the configuration records). Endpoint, auth, repository name and verification are
# the cluster's, not the infrastructure's: fill them in by hand.
locals {
  reports_prefix = "snapdrill-reports"

  snapdrill_config = {
    clusters = [{
      name = var.cluster_name
      storage = {
        primary = {
          bucket = module.buckets.primary_bucket_id
          prefix = module.buckets.repository_prefix
          region = module.buckets.primary_region
        }
        replica = {
          bucket = module.buckets.replica_bucket_id
          prefix = module.buckets.repository_prefix
          region = module.buckets.replica_region
        }
        batchReplication = {
          enabled   = var.enable_batch_replication
          accountId = module.buckets.account_id
          roleArn   = module.iam.batch_replication_role_arn
        }
        healRoleArn = module.iam.heal_role_arn
      }
    }]
    restoreHost = {
      provider        = "ec2"
      region          = module.restore_host.region
      instanceTypes   = module.restore_host.instance_types
      subnets         = module.restore_host.subnet_ids
      securityGroups  = [module.restore_host.security_group_id]
      instanceProfile = module.iam.restore_host_instance_profile_name
      amiSsmParameter = module.restore_host.ami_ssm_parameter
    }
    drill = {
      heal = var.enable_healing ? "ask" : "never"
    }
    reports = {
      s3Bucket   = one(module.reports[*].bucket_id)
      s3Prefix   = local.reports_prefix
      s3Region   = one(module.reports[*].region)
      objectLock = one(module.reports[*].object_lock)
    }
    triggers = {
      queueUrl           = module.events.queue_url
      region             = module.events.region
      deadLetterQueueUrl = module.events.dead_letter_queue_url
    }
  }
}
