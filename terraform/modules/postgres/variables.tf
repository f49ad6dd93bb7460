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

variable "install_cert_manager" {
  type        = bool
  description = "Install cert-manager (needed by the Barman Cloud plugin) in the platform stage; false when the cluster already has it."
  default     = true
}

variable "cert_manager_chart_version" {
  type        = string
  description = "cert-manager Helm chart version (jetstack)."
  default     = "v1.18.2"
}

variable "barman_plugin_chart_version" {
  type        = string
  description = "Barman Cloud plugin Helm chart version (cloudnative-pg/charts plugin-barman-cloud; 0.3.1 = plugin v0.9.0, needs CloudNativePG >= 1.26)."
  default     = "0.3.1"
}

variable "max_connections" {
  type        = number
  description = "PostgreSQL max_connections. Must hold pooler_instances x (pooler_default_pool_size + pooler_reserve_pool_size) + connection_headroom."
  default     = 100
}

variable "connection_headroom" {
  type        = number
  description = "Connections kept free of the pooler: superuser_reserved_connections (3), replication, the operator, monitoring, psql."
  default     = 13
}

variable "pooler_instances" {
  type        = number
  description = "PgBouncer pods of the Pooler <cluster>-pooler-rw."
  default     = 2
}

variable "pooler_max_client_conn" {
  type        = number
  description = "PgBouncer max_client_conn per pod. Must hold sum over the Knative Services of max-scale x reactive pool max-size (one pod must carry every client when the others are gone)."
  default     = 500
}

variable "pooler_default_pool_size" {
  type        = number
  description = "PgBouncer default_pool_size: server connections per pod for the one database/user pair marketfn/marketfn."
  default     = 20
}

variable "pooler_reserve_pool_size" {
  type        = number
  description = "PgBouncer reserve_pool_size: extra server connections per pod under load."
  default     = 5
}

variable "pooler_max_prepared_statements" {
  type        = number
  description = "PgBouncer max_prepared_statements (> 0: protocol-level prepared statements survive transaction pooling; the Vert.x client prepares every query)."
  default     = 200
  validation {
    condition     = var.pooler_max_prepared_statements > 0
    error_message = "pooler_max_prepared_statements must be > 0: the functions' reactive client uses prepared statements."
  }
}
