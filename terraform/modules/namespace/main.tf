# The namespace and a least-privilege deployer role: CI or an operator applies the kustomize
# overlay with these rights only, never cluster-admin.
resource "kubernetes_namespace_v1" "this" {
  metadata {
    name = var.name
    labels = merge(var.labels, {
      "app.kubernetes.io/part-of" = "marketfn"
      # Restricted pod security: the functions run non-root, read-only, no capabilities.
      "pod-security.kubernetes.io/enforce" = "restricted"
    })
  }
}

resource "kubernetes_service_account_v1" "deployer" {
  metadata {
    name      = "marketfn-deployer"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
  automount_service_account_token = false
}

# Identity of whatever posts provider data (dev.marketfn.raw.v1) to the broker: the
# EventPolicy admits tokens of system:serviceaccount:marketfn:marketfn-ingest.
resource "kubernetes_service_account_v1" "ingest" {
  metadata {
    name      = "marketfn-ingest"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
}

resource "kubernetes_role_v1" "deployer" {
  metadata {
    name      = "marketfn-deployer"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }

  # Exactly the kinds knative/overlays/* renders, plus read access for debugging.
  rule {
    api_groups = ["serving.knative.dev"]
    resources  = ["services", "revisions", "configurations", "routes"]
    verbs      = ["get", "list", "watch", "create", "update", "patch", "delete"]
  }
  rule {
    api_groups = ["eventing.knative.dev"]
    resources  = ["brokers", "triggers", "kafkasinks", "eventpolicies"]
    verbs      = ["get", "list", "watch", "create", "update", "patch", "delete"]
  }
  rule {
    api_groups = ["sources.knative.dev"]
    resources  = ["pingsources", "sinkbindings"]
    verbs      = ["get", "list", "watch", "create", "update", "patch", "delete"]
  }
  rule {
    api_groups = [""]
    resources  = ["configmaps", "services"]
    verbs      = ["get", "list", "watch", "create", "update", "patch", "delete"]
  }
  # The dead-letter workload: a Deployment, because its Kafka door must keep consuming.
  rule {
    api_groups = ["apps"]
    resources  = ["deployments"]
    verbs      = ["get", "list", "watch", "create", "update", "patch", "delete"]
  }
  rule {
    api_groups = ["networking.k8s.io"]
    resources  = ["networkpolicies"]
    verbs      = ["get", "list", "watch", "create", "update", "patch", "delete"]
  }
  rule {
    api_groups = [""]
    resources  = ["pods", "pods/log", "events"]
    verbs      = ["get", "list", "watch"]
  }
}

resource "kubernetes_role_binding_v1" "deployer" {
  metadata {
    name      = "marketfn-deployer"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Role"
    name      = kubernetes_role_v1.deployer.metadata[0].name
  }
  subject {
    kind      = "ServiceAccount"
    name      = kubernetes_service_account_v1.deployer.metadata[0].name
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
  dynamic "subject" {
    for_each = var.deployer_subjects
    content {
      api_group = "rbac.authorization.k8s.io"
      kind      = subject.value.kind
      name      = subject.value.name
    }
  }
}
