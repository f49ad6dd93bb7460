variable "name" {
  type        = string
  description = "Namespace holding the marketfn functions, broker, triggers and database."
  default     = "marketfn"
}

variable "labels" {
  type        = map(string)
  description = "Extra labels on the namespace (e.g. environment, cost centre)."
  default     = {}
}

variable "deployer_subjects" {
  type = list(object({
    kind = string
    name = string
  }))
  description = "Users or groups (kind User/Group) allowed to deploy marketfn into the namespace (kubectl apply -k, rollouts)."
  default     = []
}
