output "namespace" {
  description = "Monitoring namespace (admitted by the marketfn NetworkPolicy for scrapes)."
  value       = var.namespace
}
