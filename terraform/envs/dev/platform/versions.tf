terraform {
  required_version = ">= 1.7.0"

  # State: configure a remote backend per environment (e.g. `terraform init
  # -backend-config=...` with an s3/gcs/azurerm backend block added here); local state is
  # only for trying it out.

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
