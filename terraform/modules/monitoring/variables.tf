variable "stage" {
  type        = string
  description = "platform = install kube-prometheus-stack (Prometheus Operator CRDs); workloads = PodMonitor scraping the functions' /q/metrics."
  validation {
    condition     = contains(["platform", "workloads"], var.stage)
    error_message = "stage must be platform or workloads."
  }
}

variable "install_prometheus" {
  type        = bool
  description = "Install kube-prometheus-stack. Set false when the cluster already runs the Prometheus Operator (then only the PodMonitor is created)."
  default     = true
}

variable "chart_version" {
  type        = string
  description = "kube-prometheus-stack Helm chart version."
  default     = "79.5.0"
}

variable "namespace" {
  type        = string
  description = "Monitoring namespace; the marketfn NetworkPolicy admits scrapes from a namespace of this name (monitoring)."
  default     = "monitoring"
}

variable "marketfn_namespace" {
  type        = string
  description = "Namespace of the marketfn functions to scrape."
  default     = "marketfn"
}

variable "retention" {
  type        = string
  description = "Prometheus TSDB retention."
  default     = "15d"
}

variable "expected_ingest_interval_minutes" {
  type        = number
  description = "Longest expected gap between raw events (minutes); MarketfnStaleData fires after twice this without one."
  default     = 5
}

variable "backlog_records" {
  type        = number
  description = "MarketfnBacklog: consumer-group lag (records) a subscriber may stay above for backlog_for."
  default     = 1000
}

variable "backlog_for" {
  type        = string
  description = "MarketfnBacklog: how long the lag must stay above backlog_records (Prometheus duration)."
  default     = "10m"
}

variable "kafka_namespace" {
  type        = string
  description = "Namespace of the Strimzi Kafka cluster whose Kafka Exporter is scraped (terraform modules/kafka)."
  default     = "kafka"
}

variable "kafka_cluster_name" {
  type        = string
  description = "Name of the Strimzi Kafka cluster (its exporter's pods are labelled strimzi.io/name=<name>-kafka-exporter)."
  default     = "marketfn-kafka"
}
