locals {
  platform  = var.stage == "platform" && var.install_prometheus ? 1 : 0
  workloads = var.stage == "workloads" ? 1 : 0
}

resource "helm_release" "kube_prometheus_stack" {
  count            = local.platform
  name             = "kube-prometheus-stack"
  repository       = "https://prometheus-community.github.io/helm-charts"
  chart            = "kube-prometheus-stack"
  version          = var.chart_version
  namespace        = var.namespace
  create_namespace = true

  # Select PodMonitors in every namespace, not only those labelled with the Helm release.
  set {
    name  = "prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues"
    value = "false"
  }
  # Likewise PrometheusRules (the dead-letter alert lives in the marketfn namespace).
  set {
    name  = "prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues"
    value = "false"
  }
  set {
    name  = "prometheus.prometheusSpec.retention"
    value = var.retention
  }
}

# Scrapes each function pod directly (a Knative revision's pods come and go with scale to
# zero; a Service-based ServiceMonitor would miss nothing but adds a hop).
resource "kubernetes_manifest" "functions" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/podmonitor.yaml.tftpl", {
    namespace = var.marketfn_namespace
  }))
}

# The live connectors' /metrics (Deployments, always up while subscribed).
resource "kubernetes_manifest" "connectors" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/podmonitor-connectors.yaml.tftpl", {
    namespace = var.marketfn_namespace
  }))
}

# MarketfnDeadLetters: an event exhausted its delivery retries (docs/dead-letter.md).
resource "kubernetes_manifest" "dead_letter_alerts" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/prometheusrule.yaml.tftpl", {
    namespace = var.marketfn_namespace
  }))
}

# The pipeline's operations alerts: stale data, a silent provider, backlog, store write
# failures, crash loops, an event retried in a loop, the model's breaker (docs/contract/observability.md).
resource "kubernetes_manifest" "operations_alerts" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/prometheusrule-operations.yaml.tftpl", {
    namespace       = var.marketfn_namespace
    stale_after     = "${2 * var.expected_ingest_interval_minutes}m"
    backlog_records = var.backlog_records
    backlog_for     = var.backlog_for
  }))
}

# Consumer-group lag from Kafka itself (Strimzi Kafka Exporter), for the Triggers' backlog.
resource "kubernetes_manifest" "kafka_exporter" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/podmonitor-kafka-exporter.yaml.tftpl", {
    namespace       = var.marketfn_namespace
    kafka_namespace = var.kafka_namespace
    kafka_cluster   = var.kafka_cluster_name
  }))
}

# Grafana dashboards (dashboards/*.json), one ConfigMap each, picked up by the kube-prometheus-stack
# Grafana sidecar through the label grafana_dashboard=1 (the chart's default sidecar label). With the
# Prometheus stack: an existing Grafana needs its sidecar to watch this namespace.
resource "kubernetes_config_map_v1" "dashboards" {
  for_each = var.stage == "platform" ? fileset("${path.module}/dashboards", "*.json") : []
  metadata {
    name      = "marketfn-dashboard-${trimsuffix(each.value, ".json")}"
    namespace = var.namespace
    labels    = { grafana_dashboard = "1" }
  }
  data = {
    (each.value) = file("${path.module}/dashboards/${each.value}")
  }
  depends_on = [helm_release.kube_prometheus_stack]
}
