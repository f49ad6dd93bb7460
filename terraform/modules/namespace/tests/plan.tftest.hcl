mock_provider "kubernetes" {}

run "namespace_and_deployer_role" {
  command = plan
  variables {
    deployer_subjects = [{ kind = "Group", name = "marketfn-ops" }]
  }
  assert {
    condition     = kubernetes_namespace_v1.this.metadata[0].name == "marketfn"
    error_message = "the overlays deploy into namespace marketfn"
  }
  assert {
    condition     = kubernetes_namespace_v1.this.metadata[0].labels["pod-security.kubernetes.io/enforce"] == "restricted"
    error_message = "namespace must enforce the restricted pod security standard"
  }
}
