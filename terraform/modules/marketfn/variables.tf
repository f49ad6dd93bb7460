variable "overlay_path" {
  type        = string
  description = "Path to the kustomize overlay to apply, e.g. \"$${path.root}/../../../../knative/overlays/dev\". The same directory users apply with kubectl apply -k."
}

variable "namespace" {
  type        = string
  description = "Namespace the overlay deploys into (created by the namespace module; passed here to order the apply after it)."
  default     = "marketfn"
}

variable "db_app_secret" {
  type        = string
  description = "Secret with keys username/password for the functions (created by CloudNativePG). Only checked for existence before the apply."
  default     = "marketfn-db-app"
}
