locals {
  platform          = var.stage == "platform" ? 1 : 0
  workloads         = var.stage == "workloads" ? 1 : 0
  kafka_release_url = "https://github.com/knative-extensions/eventing-kafka-broker/releases/download/${var.kafka_broker_version}"
}

# ---- stage: platform -------------------------------------------------------------------
resource "kubernetes_namespace_v1" "knative" {
  for_each = var.stage == "platform" ? toset(["knative-serving", "knative-eventing", "knative-operator"]) : toset([])
  metadata {
    name = each.key
  }
}

resource "helm_release" "operator" {
  count      = local.platform
  name       = "knative-operator"
  repository = "https://knative.github.io/operator"
  chart      = "knative-operator"
  version    = var.operator_chart_version
  namespace  = "knative-operator"
  depends_on = [kubernetes_namespace_v1.knative]
}

# ---- stage: workloads (needs the operator's CRDs) ---------------------------------------
resource "kubernetes_manifest" "serving" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/knativeserving.yaml.tftpl", {
    version = var.knative_version
    domain  = var.domain
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

resource "kubernetes_manifest" "eventing" {
  count = local.workloads
  manifest = yamldecode(templatefile("${path.module}/manifests/knativeeventing.yaml.tftpl", {
    version             = var.knative_version
    kafka_release_url   = local.kafka_release_url
    oidc_authentication = var.oidc_authentication ? "enabled" : "disabled"
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
