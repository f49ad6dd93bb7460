terraform {
  required_version = ">= 1.10.0"

  # Remote state in S3 (or any S3-compatible store), partial configuration: bucket, region,
  # endpoint and the per-root key come from `terraform init -backend-config=...` (see
  # docs/deploy.md and ../../backend.hcl.example). use_lockfile = S3-native state locking.
  backend "s3" {}

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.36.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.17.0"
    }
  }
}

provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = var.kube_context
}

provider "helm" {
  kubernetes {
    config_path    = var.kubeconfig_path
    config_context = var.kube_context
  }
}
