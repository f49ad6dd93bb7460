output "resource_ids" {
  description = "Kubernetes object ids applied from the overlay."
  value       = sort(concat(keys(kustomization_resource.p0), keys(kustomization_resource.p1), keys(kustomization_resource.p2)))
}

output "broker_ingress" {
  description = "In-cluster URL of the marketfn broker ingress (Kafka broker receiver) for posting CloudEvents."
  value       = "http://kafka-broker-ingress.knative-eventing.svc.cluster.local/${var.namespace}/marketfn"
}
