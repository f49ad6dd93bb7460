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
