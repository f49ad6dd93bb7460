# The only file that differs between envs/dev/workloads and envs/prod/workloads. The
# connection settings are sized together with knative/overlays/prod (max-scale x reactive
# pool max-size); infra/deploy-check ConnectionBudgetTest recomputes the budget from these
# defaults, so change them here, not with -var.
variable "environment" {
  type        = string
  description = "Environment name: selects knative/overlays/<environment>."
  default     = "prod"
}

variable "kafka_replicas" {
  type        = number
  description = "Kafka broker+controller nodes (dev 1, prod 3); also the topic replication factor."
  default     = 3
}

variable "postgres_instances" {
  type        = number
  description = "PostgreSQL instances (1 primary + replicas)."
  default     = 3
}

variable "postgres_max_connections" {
  type        = number
  description = "PostgreSQL max_connections."
  default     = 200
}

variable "pooler_instances" {
  type        = number
  description = "PgBouncer pods."
  default     = 3
}

variable "pooler_max_client_conn" {
  type        = number
  description = "PgBouncer max_client_conn per pod (>= sum of max-scale x pool max-size of the overlay)."
  default     = 800
}

variable "pooler_default_pool_size" {
  type        = number
  description = "PgBouncer default_pool_size (server connections per pod)."
  default     = 30
}

variable "pooler_reserve_pool_size" {
  type        = number
  description = "PgBouncer reserve_pool_size (extra server connections per pod under load)."
  default     = 5
}

variable "oidc_authentication" {
  type        = bool
  description = "Enforce the broker's EventPolicy (Knative feature authentication-oidc). See docs/deploy.md before enabling."
  default     = false
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

# Storage tiers (docs/storage-tiers.md): hot days in PostgreSQL per table, passed to the functions' config
# (ConfigMap marketfn-storage). 0 = keep every day. raw_events days are dropped only once the archive holds them.
variable "partitions_ahead_days" {
  type        = number
  description = "Day partitions created ahead of today."
  default     = 3
}

variable "retention_days" {
  type        = map(number)
  description = "Days each table keeps in PostgreSQL (hot: raw_events, ticks, bar_trades, late_trades, quality_alerts; warm: bars, indicator_values, signals)."
  default = {
    raw_events       = 7
    ticks            = 30
    bar_trades       = 30
    late_trades      = 30
    quality_alerts   = 90
    bars             = 1825
    indicator_values = 1825
    signals          = 1825
  }
}
