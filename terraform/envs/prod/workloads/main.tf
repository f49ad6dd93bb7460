# Stage 2 (prod): custom resources (need the CRDs from ../platform at plan time), then the
# marketfn workloads from knative/overlays/prod.
module "kafka" {
  source   = "../../../modules/kafka"
  stage    = "workloads"
  replicas = 3
}

module "knative" {
  source = "../../../modules/knative"
  stage  = "workloads"
}

module "postgres" {
  source                   = "../../../modules/postgres"
  stage                    = "workloads"
  instances                = 3
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
  overlay_path = "${path.root}/../../../../knative/overlays/prod"
  depends_on   = [module.kafka, module.knative, module.postgres]
}
