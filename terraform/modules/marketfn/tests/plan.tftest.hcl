mock_provider "kubernetes" {}
mock_provider "kustomization" {}

run "applies_the_dev_overlay" {
  command = plan
  variables {
    overlay_path = "../../../knative/overlays/dev"
  }
  assert {
    condition     = output.broker_ingress == "http://kafka-broker-ingress.knative-eventing.svc.cluster.local/marketfn/marketfn"
    error_message = "broker ingress URL must name namespace and broker marketfn"
  }
}
