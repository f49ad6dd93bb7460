variable "kubeconfig_path" {
  type        = string
  description = "Kubeconfig of the target cluster (the cluster itself is provisioned elsewhere)."
  default     = "~/.kube/config"
}

variable "kube_context" {
  type        = string
  description = "Kubeconfig context to use; null = current context."
  default     = null
}
