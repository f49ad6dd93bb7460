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

variable "backup_destination" {
  type        = string
  description = "Object storage URL for PostgreSQL backups of this environment."
}

variable "backup_endpoint_url" {
  type        = string
  description = "S3-compatible endpoint; empty for AWS S3."
  default     = ""
}

variable "backup_access_key_id" {
  type        = string
  description = "Backup bucket access key (pass via TF_VAR_backup_access_key_id)."
  sensitive   = true
}

variable "backup_secret_access_key" {
  type        = string
  description = "Backup bucket secret key (pass via TF_VAR_backup_secret_access_key)."
  sensitive   = true
}
