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
