output "bootstrap_servers" {
  description = "In-cluster TLS + SCRAM-SHA-512 bootstrap address for the Knative Kafka broker (kafka-broker-config bootstrap.servers)."
  value       = "${var.cluster_name}-kafka-bootstrap.${var.namespace}.svc:9093"
}

output "replication_factor" {
  description = "Replication factor the broker topics should use (kafka-broker-config default.topic.replication.factor)."
  value       = var.replicas
}

output "namespace" {
  description = "Namespace of the Strimzi operator and Kafka cluster."
  value       = var.namespace
}

output "broker_user" {
  description = "KafkaUser (and Strimzi secret in the kafka namespace) of the Knative Kafka broker data plane."
  value       = "knative-kafka-broker"
}
