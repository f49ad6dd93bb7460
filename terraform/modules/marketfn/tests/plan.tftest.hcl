mock_provider "kubernetes" {}
mock_provider "kustomization" {}

run "applies_the_dev_overlay" {
  command = plan
  override_data {
    target = data.kubernetes_resources.db_cluster
    values = { objects = [{ status = { conditions = [{ type = "Ready", status = "True" }] } }] }
  }
  variables {
    overlay_path = "../../../knative/overlays/dev"
  }
  assert {
    condition     = output.broker_ingress == "http://kafka-broker-ingress.knative-eventing.svc.cluster.local/marketfn/marketfn"
    error_message = "broker ingress URL must name namespace and broker marketfn"
  }
}

run "missing_database_stops_the_apply" {
  command = plan
  variables {
    overlay_path = "../../../knative/overlays/dev"
  }
  override_data {
    target = data.kubernetes_resources.db_cluster
    values = { objects = [] }
  }
  expect_failures = [data.kubernetes_resources.db_cluster]
}
