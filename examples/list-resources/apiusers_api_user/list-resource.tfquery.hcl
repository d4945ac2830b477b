# Every active API user whose login id ends in "-sync" (Terraform 1.14+):
# `terraform query` lists them, `terraform query -generate-config-out=generated.tf`
# writes a resource and an import block for each. People are never listed.
list "apiusers_api_user" "sync" {
  provider = apiusers
  config {
    login_id_regex = "-sync$"
    status         = "active"
  }
}
