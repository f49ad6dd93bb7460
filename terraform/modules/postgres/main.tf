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

# The Barman Cloud plugin (backups/WAL archive through ObjectStore, barmancloud.cnpg.io/v1)
# talks to the operator over mTLS with cert-manager-issued certificates, so cert-manager
# comes first. Set install_cert_manager = false where the cluster already runs it.
resource "helm_release" "cert_manager" {
  count            = local.platform * (var.install_cert_manager ? 1 : 0)
  name             = "cert-manager"
  repository       = "https://charts.jetstack.io"
  chart            = "cert-manager"
  version          = var.cert_manager_chart_version
  namespace        = "cert-manager"
  create_namespace = true
  set {
    name  = "crds.enabled"
    value = "true"
  }
}

resource "helm_release" "barman_cloud" {
  count      = local.platform
  name       = "plugin-barman-cloud"
  repository = "https://cloudnative-pg.github.io/charts"
  chart      = "plugin-barman-cloud"
  version    = var.barman_plugin_chart_version
  # Must share the operator's namespace.
  namespace  = "cnpg-system"
  depends_on = [helm_release.cnpg, helm_release.cert_manager]
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
    image           = var.postgres_image
    storage_size    = var.storage_size
    max_connections = var.max_connections
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
  # The WAL archiver (plugin) needs its ObjectStore from the first segment on.
  depends_on = [kubernetes_manifest.object_store]
}

resource "kubernetes_manifest" "object_store" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/objectstore.yaml.tftpl", {
    name               = var.cluster_name
    namespace          = var.namespace
    destination        = var.backup_destination
    endpoint_url       = var.backup_endpoint_url
    retention          = var.backup_retention
    credentials_secret = kubernetes_secret_v1.backup[0].metadata[0].name
  }))
}

# PgBouncer between the functions and the primary (see manifests/pooler.yaml.tftpl).
resource "kubernetes_manifest" "pooler" {
  count = local.workloads
  lifecycle {
    precondition {
      condition     = var.pooler_instances * (var.pooler_default_pool_size + var.pooler_reserve_pool_size) + var.connection_headroom <= var.max_connections
      error_message = "pooler_instances x (pooler_default_pool_size + pooler_reserve_pool_size) + connection_headroom must not exceed max_connections."
    }
  }
  manifest = yamldecode(templatefile("${path.module}/manifests/pooler.yaml.tftpl", {
    name                    = var.cluster_name
    namespace               = var.namespace
    pooler_instances        = var.pooler_instances
    max_client_conn         = var.pooler_max_client_conn
    default_pool_size       = var.pooler_default_pool_size
    reserve_pool_size       = var.pooler_reserve_pool_size
    max_prepared_statements = var.pooler_max_prepared_statements
  }))
  depends_on = [kubernetes_manifest.cluster]
}

resource "kubernetes_manifest" "scheduled_backup" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/scheduledbackup.yaml.tftpl", {
    name      = var.cluster_name
    namespace = var.namespace
    schedule  = var.backup_schedule
  }))
  depends_on = [kubernetes_manifest.cluster, kubernetes_manifest.object_store]
}
