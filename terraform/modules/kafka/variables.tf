variable "stage" {
  type        = string
  description = "platform = install the Strimzi operator (CRDs); workloads = create the Kafka cluster. Two stages because a plan cannot see CRDs installed by the same apply."
  validation {
    condition     = contains(["platform", "workloads"], var.stage)
    error_message = "stage must be platform or workloads."
  }
}

variable "namespace" {
  type        = string
  description = "Namespace for the Strimzi operator and the Kafka cluster."
  default     = "kafka"
}

variable "strimzi_chart_version" {
  type        = string
  description = "Strimzi operator Helm chart version. 1.x serves only kafka.strimzi.io/v1 and requires KRaft + KafkaNodePool."
  default     = "1.2.0"
}

variable "cluster_name" {
  type        = string
  description = "Kafka cluster name; the bootstrap service is <name>-kafka-bootstrap.<namespace>.svc:9092 (referenced by knative/overlays/*/kafka-broker-config.yaml)."
  default     = "marketfn-kafka"
}

variable "kafka_version" {
  type        = string
  description = "Apache Kafka version run by Strimzi (must be one the operator release supports)."
  default     = "4.1.1"
}

variable "replicas" {
  type        = number
  description = "Broker+controller nodes in the node pool (dev 1, prod 3). Also the topic replication factor."
  default     = 1
  validation {
    condition     = var.replicas >= 1
    error_message = "replicas must be at least 1."
  }
}

variable "storage_size" {
  type        = string
  description = "Persistent volume size per Kafka node."
  default     = "20Gi"
}

variable "storage_class" {
  type        = string
  description = "StorageClass for the Kafka volumes; empty = cluster default."
  default     = ""
}
