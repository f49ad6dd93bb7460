# Applies the kustomize overlay: the same YAML `kubectl apply -k` applies, so there is one
# source of truth for the workloads and infra/deploy-check validates it.
# Priorities from the kustomization provider: 0 = namespaces/CRDs, 1 = everything else,
# 2 = webhooks/bindings that must come last.

# Fails the plan early when the database is not there yet (stage order mistake), instead of
# functions crash-looping on a missing secret.
data "kubernetes_secret_v1" "db_app" {
  metadata {
    name      = var.db_app_secret
    namespace = var.namespace
  }
}

data "kustomization_build" "overlay" {
  path = var.overlay_path
}

resource "kustomization_resource" "p0" {
  for_each = data.kustomization_build.overlay.ids_prio[0]
  manifest = data.kustomization_build.overlay.manifests[each.value]
}

resource "kustomization_resource" "p1" {
  for_each   = data.kustomization_build.overlay.ids_prio[1]
  manifest   = data.kustomization_build.overlay.manifests[each.value]
  depends_on = [kustomization_resource.p0, data.kubernetes_secret_v1.db_app]
}

resource "kustomization_resource" "p2" {
  for_each   = data.kustomization_build.overlay.ids_prio[2]
  manifest   = data.kustomization_build.overlay.manifests[each.value]
  depends_on = [kustomization_resource.p1]
}
