mock_provider "kubernetes" {}
mock_provider "helm" {}

run "platform_installs_operator" {
  command = plan
  variables {
    stage = "platform"
  }
  assert {
    condition     = length(helm_release.operator) == 1 && length(kubernetes_manifest.eventing) == 0
    error_message = "platform stage installs only the operator"
  }
}

run "workloads_enable_kafka_broker" {
  command = plan
  variables {
    stage = "workloads"
  }
  assert {
    condition     = length([for m in kubernetes_manifest.eventing[0].manifest.spec.additionalManifests : m if endswith(m.URL, "/eventing-kafka-broker.yaml")]) == 1
    error_message = "KnativeEventing must add the Kafka broker data plane"
  }
}
