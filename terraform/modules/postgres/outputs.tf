output "reactive_url" {
  description = "QUARKUS_DATASOURCE_REACTIVE_URL for the functions: the PgBouncer Pooler in front of the primary (never the -rw service directly)."
  value       = "postgresql://${var.cluster_name}-pooler-rw.${var.namespace}.svc:5432/marketfn"
}

output "app_secret_name" {
  description = "Secret CloudNativePG creates with keys username/password for the app user."
  value       = "${var.cluster_name}-app"
}

output "ca_secret_name" {
  description = "Secret with the Cluster's CA (key ca.crt); the functions trust it for sslmode=require to the Pooler."
  value       = "${var.cluster_name}-ca"
}
