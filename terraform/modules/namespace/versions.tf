terraform {
  # 1.7: `terraform test` with mock_provider (tests/*.tftest.hcl run plans without a cluster).
  required_version = ">= 1.7.0"

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.36.0"
    }
  }
}
