# The only file that differs between envs/dev/platform and envs/prod/platform.
variable "environment" {
  type        = string
  description = "Environment name: the namespace label marketfn.dev/env."
  default     = "prod"
}

variable "kafka_replicas" {
  type        = number
  description = "Kafka broker+controller nodes (dev 1, prod 3)."
  default     = 3
}

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
