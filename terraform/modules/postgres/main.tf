locals {
  platform  = var.stage == "platform" ? 1 : 0
  workloads = var.stage == "workloads" ? 1 : 0
}

# ---- stage: platform -------------------------------------------------------------------
resource "helm_release" "cnpg" {
  count            = local.platform
  name             = "cnpg"
  repository       = "https://cloudnative-pg.github.io/charts"
  chart            = "cloudnative-pg"
  version          = var.operator_chart_version
  namespace        = "cnpg-system"
  create_namespace = true
}

# ---- stage: workloads -------------------------------------------------------------------
resource "kubernetes_secret_v1" "backup" {
  count = local.workloads
  lifecycle {
    # A database without backups is not deployable: fail the plan, not the first restore.
    precondition {
      condition     = var.backup_destination != "" && var.backup_access_key_id != "" && var.backup_secret_access_key != ""
      error_message = "backup_destination, backup_access_key_id and backup_secret_access_key are required in the workloads stage."
    }
  }
  metadata {
    name      = "${var.cluster_name}-backup-s3"
    namespace = var.namespace
  }
  data = {
    ACCESS_KEY_ID     = var.backup_access_key_id
    ACCESS_SECRET_KEY = var.backup_secret_access_key
  }
}

# The Cluster bootstraps database `marketfn` owned by `marketfn`; CloudNativePG then creates
# secret <cluster>-app (keys username, password, uri...) that the functions read via
# secretKeyRef. The store module's migrations create the tables on first start.
resource "kubernetes_manifest" "cluster" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/cluster.yaml.tftpl", {
    name               = var.cluster_name
    namespace          = var.namespace
    instances          = var.instances
    image              = var.postgres_image
    storage_size       = var.storage_size
    destination        = var.backup_destination
    endpoint_url       = var.backup_endpoint_url
    retention          = var.backup_retention
    credentials_secret = kubernetes_secret_v1.backup[0].metadata[0].name
  }))
  wait {
    condition {
      type   = "Ready"
      status = "True"
    }
  }
  timeouts {
    create = "15m"
  }
}

resource "kubernetes_manifest" "scheduled_backup" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/scheduledbackup.yaml.tftpl", {
    name      = var.cluster_name
    namespace = var.namespace
    schedule  = var.backup_schedule
  }))
  depends_on = [kubernetes_manifest.cluster]
}
