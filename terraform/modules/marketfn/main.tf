# Applies the kustomize overlay: the same YAML `kubectl apply -k` applies, so there is one
# source of truth for the workloads and infra/deploy-check validates it.
# Priorities from the kustomization provider: 0 = namespaces/CRDs, 1 = everything else,
# 2 = webhooks/bindings that must come last.

# Guard: the functions need the database (its app secret, its CA, the Pooler) before the
# overlay is applied. Reads the CloudNativePG Cluster object -- never a Secret, so no
# credential reaches the state -- and fails unless it exists and reports Ready. (A
# `kubernetes_secret_v1` data source does not fail on NotFound and would copy the password
# into state.) CloudNativePG creates <cluster>-app and <cluster>-ca while bootstrapping, so a
# Ready Cluster implies both. In the workloads root the read is deferred to apply time,
# after module.postgres; `terraform plan` against a cluster that already has the database
# evaluates it during the plan.
data "kubernetes_resources" "db_cluster" {
  api_version    = "postgresql.cnpg.io/v1"
  kind           = "Cluster"
  namespace      = var.namespace
  field_selector = "metadata.name=${var.db_cluster}"
  lifecycle {
    postcondition {
      condition     = length(self.objects) == 1
      error_message = "CloudNativePG Cluster ${var.namespace}/${var.db_cluster} does not exist: apply modules/postgres (workloads stage) first."
    }
    postcondition {
      condition     = length(self.objects) == 1 && anytrue([for c in try(self.objects[0].status.conditions, []) : c.type == "Ready" && c.status == "True"])
      error_message = "CloudNativePG Cluster ${var.namespace}/${var.db_cluster} is not Ready (secret ${var.db_cluster}-app may not exist yet)."
    }
  }
}

data "kustomization_build" "overlay" {
  path = var.overlay_path
}

resource "kustomization_resource" "p0" {
  for_each = data.kustomization_build.overlay.ids_prio[0]
  manifest = data.kustomization_build.overlay.manifests[each.value]
}

# The environment's storage settings (var.storage_config) go into the overlay's ConfigMap marketfn-storage, so the
# overlay stays the one source of the workloads and its values are the defaults of a plain `kubectl apply -k`.
locals {
  manifests = {
    for id, m in data.kustomization_build.overlay.manifests : id => (
      try(jsondecode(m).kind, "") == "ConfigMap" && try(jsondecode(m).metadata.name, "") == "marketfn-storage"
      ? jsonencode(merge(jsondecode(m), { data = merge(try(jsondecode(m).data, {}), var.storage_config) }))
      : m
    )
  }
}

resource "kustomization_resource" "p1" {
  for_each   = data.kustomization_build.overlay.ids_prio[1]
  manifest   = local.manifests[each.value]
  depends_on = [kustomization_resource.p0, data.kubernetes_resources.db_cluster]
}

resource "kustomization_resource" "p2" {
  for_each   = data.kustomization_build.overlay.ids_prio[2]
  manifest   = data.kustomization_build.overlay.manifests[each.value]
  depends_on = [kustomization_resource.p1]
}
