mock_provider "kubernetes" {}
mock_provider "helm" {}

run "platform_needs_no_backup_settings" {
  command = plan
  variables {
    stage = "platform"
  }
  assert {
    condition     = length(helm_release.cnpg) == 1 && length(kubernetes_manifest.cluster) == 0
    error_message = "platform stage installs only the operator"
  }
}

run "workloads_without_backups_fails" {
  command = plan
  variables {
    stage = "workloads"
  }
  expect_failures = [kubernetes_secret_v1.backup]
}

run "workloads_cluster_backs_up_to_object_storage" {
  command = plan
  variables {
    stage                    = "workloads"
    instances                = 3
    backup_destination       = "s3://marketfn-backups/test"
    backup_access_key_id     = "test"
    backup_secret_access_key = "test"
  }
  assert {
    condition     = kubernetes_manifest.cluster[0].manifest.spec.backup.barmanObjectStore.destinationPath == "s3://marketfn-backups/test"
    error_message = "backups must go to the configured bucket"
  }
  assert {
    condition     = output.app_secret_name == "marketfn-db-app"
    error_message = "the functions read secret marketfn-db-app"
  }
}
