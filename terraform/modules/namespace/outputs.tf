output "name" {
  description = "Name of the marketfn namespace (depend on this to order resources after it)."
  value       = kubernetes_namespace_v1.this.metadata[0].name
}

output "deployer_service_account" {
  description = "Service account bound to the marketfn-deployer Role."
  value       = kubernetes_service_account_v1.deployer.metadata[0].name
}

output "ingest_service_account" {
  description = "Service account a provider feed runs as to post raw events to the broker (allowed by the EventPolicy)."
  value       = kubernetes_service_account_v1.ingest.metadata[0].name
}
