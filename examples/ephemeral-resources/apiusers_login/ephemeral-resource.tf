# Prove that the password Terraform set works: every plan and apply logs in
# once as the API user. The token never reaches the plan or the state; here it
# goes to a write-only argument of a secret store the integration reads.
ephemeral "apiusers_login" "payroll" {
  login_id = apiusers_api_user.payroll.login_id
  password = apiusers_api_user.payroll.password
}

resource "vault_kv_secret_v2" "payroll_token" {
  mount                = "kv"
  name                 = "payroll/token"
  data_json_wo         = jsonencode({ token = ephemeral.apiusers_login.payroll.token })
  data_json_wo_version = 1
}
