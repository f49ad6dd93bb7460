# Stage 1: operators and their CRDs. Nothing here needs a CRD at plan time.
# Identical in every envs/<env>/platform: the environments differ only in variables.tf.
module "namespace" {
  source = "../../../modules/namespace"
  labels = { "marketfn.dev/env" = var.environment }
}

module "kafka" {
  source   = "../../../modules/kafka"
  stage    = "platform"
  replicas = var.kafka_replicas
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
