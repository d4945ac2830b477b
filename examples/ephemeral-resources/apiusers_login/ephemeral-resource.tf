# Prove that a password works: every plan and apply logs in once as the API
# user. The token never reaches the plan or the state; pass it on to a
# write-only argument of a secret store the integration reads (for example
# `data_json_wo` of vault_kv_secret_v2).
variable "payroll_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

ephemeral "apiusers_login" "payroll" {
  login_id = "payroll-sync"
  password = var.payroll_password
}
