mock_provider "kubernetes" {}
mock_provider "helm" {}

run "platform_needs_no_backup_settings" {
  command = plan
  variables {
    stage = "platform"
  }
  assert {
    condition     = length(helm_release.cnpg) == 1 && length(helm_release.barman_cloud) == 1 && length(kubernetes_manifest.cluster) == 0
    error_message = "platform stage installs only the operator and the Barman Cloud plugin"
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
    condition     = kubernetes_manifest.object_store[0].manifest.spec.configuration.destinationPath == "s3://marketfn-backups/test"
    error_message = "backups must go to the configured bucket"
  }
  assert {
    condition     = kubernetes_manifest.cluster[0].manifest.spec.plugins[0].parameters.barmanObjectName == kubernetes_manifest.object_store[0].manifest.metadata.name
    error_message = "the Cluster archives through the Barman Cloud plugin into its ObjectStore"
  }
  assert {
    condition     = kubernetes_manifest.pooler[0].manifest.spec.pgbouncer.poolMode == "transaction"
    error_message = "the Pooler multiplexes in transaction mode"
  }
  assert {
    condition     = output.app_secret_name == "marketfn-db-app"
    error_message = "the functions read secret marketfn-db-app"
  }
}

run "pooler_larger_than_max_connections_fails" {
  command = plan
  variables {
    stage                    = "workloads"
    backup_destination       = "s3://marketfn-backups/test"
    backup_access_key_id     = "test"
    backup_secret_access_key = "test"
    max_connections          = 50
  }
  expect_failures = [kubernetes_manifest.pooler]
}
