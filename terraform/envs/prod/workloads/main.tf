# Stage 2: custom resources (need the CRDs from ../platform at plan time), then the
# marketfn workloads from knative/overlays/<environment>.
# Identical in every envs/<env>/workloads: the environments differ only in variables.tf.
module "kafka" {
  source   = "../../../modules/kafka"
  stage    = "workloads"
  replicas = var.kafka_replicas
}

module "knative" {
  source              = "../../../modules/knative"
  stage               = "workloads"
  oidc_authentication = var.oidc_authentication
}

module "postgres" {
  source                   = "../../../modules/postgres"
  stage                    = "workloads"
  instances                = var.postgres_instances
  max_connections          = var.postgres_max_connections
  pooler_instances         = var.pooler_instances
  pooler_max_client_conn   = var.pooler_max_client_conn
  pooler_default_pool_size = var.pooler_default_pool_size
  pooler_reserve_pool_size = var.pooler_reserve_pool_size
  backup_destination       = var.backup_destination
  backup_endpoint_url      = var.backup_endpoint_url
  backup_access_key_id     = var.backup_access_key_id
  backup_secret_access_key = var.backup_secret_access_key
}

module "monitoring" {
  source = "../../../modules/monitoring"
  stage  = "workloads"
}

module "marketfn" {
  source       = "../../../modules/marketfn"
  overlay_path = "${path.root}/../../../../knative/overlays/${var.environment}"
  storage_config = merge(
    { MARKETFN_STORE_PARTITIONS_AHEAD_DAYS = tostring(var.partitions_ahead_days) },
    { for table, days in var.retention_days : "MARKETFN_STORE_RETENTION_${upper(table)}_DAYS" => tostring(days) }
  )
  depends_on = [module.kafka, module.knative, module.postgres]
}
