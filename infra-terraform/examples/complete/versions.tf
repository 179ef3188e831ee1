terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
  }
}

# The source cluster's region: primary bucket, snapshot events.
provider "aws" {
  alias  = "primary"
  region = var.primary_region
}

# The DR region: replica bucket, restore hosts.
provider "aws" {
  alias  = "dr"
  region = var.dr_region
}
