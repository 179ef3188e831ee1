terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
      # The primary bucket lives in the source cluster's region, the replica in the DR region.
      configuration_aliases = [aws.primary, aws.replica]
    }
  }
}
