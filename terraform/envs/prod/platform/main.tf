# Stage 1 (prod): operators and their CRDs. Nothing here needs a CRD at plan time.
module "namespace" {
  source = "../../../modules/namespace"
  labels = { "marketfn.dev/env" = "prod" }
}

module "kafka" {
  source   = "../../../modules/kafka"
  stage    = "platform"
  replicas = 3
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
