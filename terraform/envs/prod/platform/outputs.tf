output "namespace" {
  description = "marketfn namespace created in this stage."
  value       = module.namespace.name
}

output "next_step" {
  description = "What to apply next."
  value       = "terraform -chdir=../workloads apply (operators' CRDs are now installed)"
}
