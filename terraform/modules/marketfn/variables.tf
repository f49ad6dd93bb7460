variable "overlay_path" {
  type        = string
  description = "Path to the kustomize overlay to apply, e.g. \"$${path.root}/../../../../knative/overlays/dev\". The same directory users apply with kubectl apply -k."
}

variable "namespace" {
  type        = string
  description = "Namespace the overlay deploys into (created by the namespace module; passed here to order the apply after it)."
  default     = "marketfn"
}

variable "db_cluster" {
  type        = string
  description = "CloudNativePG Cluster the functions use; the apply stops unless it exists and is Ready (its app secret is never read)."
  default     = "marketfn-db"
}

variable "storage_config" {
  type        = map(string)
  description = "Values for the overlay's ConfigMap marketfn-storage (partition maintenance and retention, docs/storage-tiers.md), e.g. { MARKETFN_STORE_RETENTION_TICKS_DAYS = \"30\" }; keys not given keep the overlay's value."
  default     = {}
}
