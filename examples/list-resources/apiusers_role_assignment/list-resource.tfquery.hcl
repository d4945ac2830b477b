# Every holder of api_default that is an API user (Terraform 1.14+); without
# config, every role assignment the server holds, the administrator's
# account_admin among them.
list "apiusers_role_assignment" "api_default" {
  provider = apiusers
  config {
    role_id        = "api_default"
    api_users_only = true
  }
}
