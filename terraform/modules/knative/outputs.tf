output "serving_namespace" {
  description = "Namespace of Knative Serving (activator, autoscaler): admitted by the marketfn NetworkPolicy."
  value       = "knative-serving"
}

output "eventing_namespace" {
  description = "Namespace of Knative Eventing and the Kafka broker data plane: admitted by the marketfn NetworkPolicy."
  value       = "knative-eventing"
}

output "kafka_broker_version" {
  description = "eventing-kafka-broker release installed with KnativeEventing."
  value       = var.kafka_broker_version
}
