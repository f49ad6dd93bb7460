output "bootstrap_servers" {
  description = "Kafka bootstrap address; must equal bootstrap.servers in the overlay's kafka-broker-config."
  value       = module.kafka.bootstrap_servers
}

output "reactive_url" {
  description = "QUARKUS_DATASOURCE_REACTIVE_URL; must equal the overlay's marketfn-runtime ConfigMap."
  value       = module.postgres.reactive_url
}

output "broker_ingress" {
  description = "Where to POST CloudEvents (in-cluster)."
  value       = module.marketfn.broker_ingress
}
