mock_provider "kubernetes" {}
mock_provider "helm" {}

run "existing_prometheus_only_gets_podmonitor" {
  command = plan
  variables {
    stage              = "platform"
    install_prometheus = false
  }
  assert {
    condition     = length(helm_release.kube_prometheus_stack) == 0
    error_message = "install_prometheus = false must not install the chart"
  }
}

run "podmonitor_scrapes_q_metrics" {
  command = plan
  variables {
    stage = "workloads"
  }
  assert {
    condition     = kubernetes_manifest.functions[0].manifest.spec.podMetricsEndpoints[0].path == "/q/metrics"
    error_message = "functions expose Micrometer metrics on /q/metrics"
  }
  assert {
    condition     = kubernetes_manifest.dead_letter_alerts[0].manifest.spec.groups[0].rules[0].alert == "MarketfnDeadLetters"
    error_message = "the dead-letter alert is applied with the PodMonitor"
  }
}

run "operations_alerts_and_kafka_exporter" {
  command = plan
  variables {
    stage                            = "workloads"
    expected_ingest_interval_minutes = 3
  }
  assert {
    condition     = kubernetes_manifest.operations_alerts[0].manifest.metadata.name == "marketfn-operations"
    error_message = "the operations alerts are applied with the PodMonitor"
  }
  assert {
    condition     = strcontains(kubernetes_manifest.operations_alerts[0].manifest.spec.groups[1].rules[0].expr, "[6m]")
    error_message = "stale data means no raw event for twice the expected interval"
  }
  assert {
    condition     = kubernetes_manifest.kafka_exporter[0].manifest.spec.namespaceSelector.matchNames[0] == "kafka"
    error_message = "the Kafka Exporter is scraped in the kafka namespace"
  }
}
