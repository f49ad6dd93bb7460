variable "stage" {
  type        = string
  description = "platform = install the Knative Operator (CRDs); workloads = create KnativeServing and KnativeEventing (with the Kafka broker)."
  validation {
    condition     = contains(["platform", "workloads"], var.stage)
    error_message = "stage must be platform or workloads."
  }
}

variable "operator_chart_version" {
  type        = string
  description = "Knative Operator Helm chart version (the Knative release it installs by default)."
  default     = "v1.22.0"
}

variable "knative_version" {
  type        = string
  description = "Knative Serving/Eventing version the operator installs (matches the CRD schemas in infra/deploy-check/src/test/resources/knative-schemas)."
  default     = "1.22"
}

variable "kafka_broker_version" {
  type        = string
  description = "eventing-kafka-broker release (knative-vX.Y.Z) whose controller and Kafka broker data plane are added to KnativeEventing."
  default     = "knative-v1.22.0"
}

variable "domain" {
  type        = string
  description = "Knative Serving domain. The functions are cluster-local, so this only matters for public services."
  default     = "svc.cluster.local"
}

variable "oidc_authentication" {
  type        = bool
  description = "Knative Eventing feature authentication-oidc: senders present a token and the broker enforces its EventPolicy. The functions and connectors attach the token their SinkBinding projects; a feed of your own must send one too. See docs/deploy.md."
  default     = false
}
