# Stage 1 (dev): operators and their CRDs. Nothing here needs a CRD at plan time.
module "namespace" {
  source = "../../../modules/namespace"
  labels = { "marketfn.dev/env" = "dev" }
}

module "kafka" {
  source   = "../../../modules/kafka"
  stage    = "platform"
  replicas = 1
}

module "knative" {
  source = "../../../modules/knative"
  stage  = "platform"
}

module "postgres" {
  source = "../../../modules/postgres"
  stage  = "platform"
}

module "monitoring" {
  source = "../../../modules/monitoring"
  stage  = "platform"
}
