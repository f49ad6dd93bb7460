variable "stage" {
  type        = string
  description = "platform = install the CloudNativePG operator (CRDs); workloads = create the marketfn Cluster, backup credentials and schedule."
  validation {
    condition     = contains(["platform", "workloads"], var.stage)
    error_message = "stage must be platform or workloads."
  }
}

variable "operator_chart_version" {
  type        = string
  description = "CloudNativePG operator Helm chart version."
  default     = "0.26.0"
}

variable "namespace" {
  type        = string
  description = "Namespace of the database Cluster (the marketfn namespace: the app secret must sit beside the functions)."
  default     = "marketfn"
}

variable "cluster_name" {
  type        = string
  description = "CloudNativePG Cluster name. Services <name>-rw/-ro and the secret <name>-app derive from it (the functions expect marketfn-db)."
  default     = "marketfn-db"
}

variable "instances" {
  type        = number
  description = "PostgreSQL instances (1 primary + replicas): dev 1, prod 3."
  default     = 1
}

variable "postgres_image" {
  type        = string
  description = "PostgreSQL operand image."
  default     = "ghcr.io/cloudnative-pg/postgresql:17.7"
}

variable "storage_size" {
  type        = string
  description = "Data volume size per instance."
  default     = "20Gi"
}

variable "backup_destination" {
  type        = string
  description = "Object storage URL for base backups and WAL archive, e.g. s3://marketfn-backups/dev. Required in the workloads stage."
  default     = ""
}

variable "backup_endpoint_url" {
  type        = string
  description = "S3-compatible endpoint (MinIO, Ceph, R2); empty for AWS S3."
  default     = ""
}

variable "backup_access_key_id" {
  type        = string
  description = "Access key for the backup bucket. Required in the workloads stage."
  default     = ""
  sensitive   = true
}

variable "backup_secret_access_key" {
  type        = string
  description = "Secret key for the backup bucket. Required in the workloads stage."
  default     = ""
  sensitive   = true
}

variable "backup_retention" {
  type        = string
  description = "How long backups are kept (CloudNativePG retentionPolicy, e.g. 30d)."
  default     = "30d"
}

variable "backup_schedule" {
  type        = string
  description = "Base backup schedule (six-field cron with seconds, as CloudNativePG ScheduledBackup expects)."
  default     = "0 0 3 * * *"
}
