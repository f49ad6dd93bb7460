locals {
  platform  = var.stage == "platform" ? 1 : 0
  workloads = var.stage == "workloads" ? 1 : 0
  # min.insync.replicas: with 3 replicas, 2 acks survive one broker loss; with 1 it must be 1.
  min_isr = var.replicas >= 3 ? 2 : 1
  template_vars = {
    name          = var.cluster_name
    namespace     = var.namespace
    kafka_version = var.kafka_version
    replicas      = var.replicas
    min_isr       = local.min_isr
    storage_size  = var.storage_size
    storage_class = var.storage_class
  }
}

# ---- stage: platform -------------------------------------------------------------------
resource "helm_release" "strimzi" {
  count            = local.platform
  name             = "strimzi"
  repository       = "https://strimzi.io/charts/"
  chart            = "strimzi-kafka-operator"
  version          = var.strimzi_chart_version
  namespace        = var.namespace
  create_namespace = true
  # Operator watches only its own namespace: the Kafka cluster lives there.
  set {
    name  = "watchAnyNamespace"
    value = "false"
  }
}

# ---- stage: workloads (needs the CRDs from the platform stage) -------------------------
# The manifests are YAML templates so the deploy-check tests can render them and validate
# them against the Strimzi CRD schemas (kafka.strimzi.io/v1 only).
resource "kubernetes_manifest" "node_pool" {
  count    = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/kafkanodepool.yaml.tftpl", local.template_vars))
}

resource "kubernetes_manifest" "kafka" {
  count    = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/kafka.yaml.tftpl", local.template_vars))

  wait {
    condition {
      type   = "Ready"
      status = "True"
    }
  }
  timeouts {
    create = "20m"
  }
  depends_on = [kubernetes_manifest.node_pool]
}

# SCRAM-SHA-512 users with ACLs (the cluster runs `authorization: simple`); one
# kubernetes_manifest per YAML document of the template.
locals {
  users = {
    for doc in split("\n---\n", templatefile("${path.module}/manifests/kafkausers.yaml.tftpl", local.template_vars)) :
    yamldecode(doc).metadata.name => yamldecode(doc)
  }
}

resource "kubernetes_manifest" "users" {
  for_each   = local.workloads == 1 ? local.users : {}
  manifest   = each.value
  depends_on = [kubernetes_manifest.kafka]
}

# The dead-letter path's topics (the cluster does not auto-create topics).
locals {
  topics = {
    for doc in split("\n---\n", templatefile("${path.module}/manifests/kafkatopics.yaml.tftpl", local.template_vars)) :
    yamldecode(doc).metadata.name => yamldecode(doc)
  }
}

resource "kubernetes_manifest" "topics" {
  for_each   = local.workloads == 1 ? local.topics : {}
  manifest   = each.value
  depends_on = [kubernetes_manifest.kafka]
}

# Ingress to the kafka namespace: its own pods (brokers, operators) and Prometheus only.
# Client access to the TLS listener is added by Strimzi's generated NetworkPolicy from the
# listener's networkPolicyPeers (NetworkPolicies are additive).
resource "kubernetes_network_policy_v1" "kafka" {
  count = local.workloads
  metadata {
    name      = "kafka-namespace-ingress"
    namespace = var.namespace
  }
  spec {
    pod_selector {}
    policy_types = ["Ingress"]
    ingress {
      from {
        pod_selector {}
      }
      from {
        namespace_selector {
          match_labels = { "kubernetes.io/metadata.name" = "monitoring" }
        }
      }
    }
  }
}
