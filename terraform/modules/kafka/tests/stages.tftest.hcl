# Plan-only: mock providers, no cluster. Run with `terraform init && terraform test` in modules/kafka.
mock_provider "kubernetes" {}
mock_provider "helm" {}

run "platform_installs_only_the_operator" {
  command = plan
  variables {
    stage = "platform"
  }
  assert {
    condition     = length(helm_release.strimzi) == 1 && length(kubernetes_manifest.kafka) == 0 && length(kubernetes_manifest.node_pool) == 0
    error_message = "platform stage must install Strimzi and no custom resources"
  }
}

run "workloads_creates_kraft_cluster_on_v1" {
  command = plan
  variables {
    stage    = "workloads"
    replicas = 3
  }
  assert {
    condition     = length(helm_release.strimzi) == 0
    error_message = "workloads stage must not touch the operator"
  }
  assert {
    condition     = kubernetes_manifest.kafka[0].manifest.apiVersion == "kafka.strimzi.io/v1" && kubernetes_manifest.node_pool[0].manifest.apiVersion == "kafka.strimzi.io/v1"
    error_message = "Strimzi 1.x serves only kafka.strimzi.io/v1"
  }
  assert {
    condition     = kubernetes_manifest.node_pool[0].manifest.spec.replicas == 3 && kubernetes_manifest.kafka[0].manifest.spec.kafka.config["min.insync.replicas"] == 2
    error_message = "3 replicas must give min.insync.replicas 2"
  }
  assert {
    condition     = output.bootstrap_servers == "marketfn-kafka-kafka-bootstrap.kafka.svc:9093"
    error_message = "bootstrap address must match knative/overlays/*/kafka-broker-config.yaml"
  }
  assert {
    condition     = kubernetes_manifest.kafka[0].manifest.spec.kafka.authorization.type == "simple" && length(kubernetes_manifest.users) == 3
    error_message = "the cluster enforces ACLs and has the broker, Kafka-door and dead-letter users"
  }
  assert {
    condition     = length(kubernetes_manifest.topics) == 2
    error_message = "the dead-letter path's topics (marketfn.dead-letters, marketfn.dlq) exist"
  }
}

run "rejects_unknown_stage" {
  command = plan
  variables {
    stage = "both"
  }
  expect_failures = [var.stage]
}
