output "reactive_url" {
  description = "QUARKUS_DATASOURCE_REACTIVE_URL for the functions (read-write service of the primary)."
  value       = "postgresql://${var.cluster_name}-rw.${var.namespace}.svc:5432/marketfn"
}

output "app_secret_name" {
  description = "Secret CloudNativePG creates with keys username/password for the app user."
  value       = "${var.cluster_name}-app"
}
