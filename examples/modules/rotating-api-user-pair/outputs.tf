output "current_login_id" {
  description = "Login id of the current user: the one whose password is newer. The integration should use it."
  value       = local.present[local.current]
}

output "current_password" {
  description = "Password of the current user."
  value       = local.current == "b" ? apiusers_api_user.b[0].password : apiusers_api_user.a.password
  sensitive   = true
}

output "standby_login_id" {
  description = "Login id of the other user, whose password still works until its rotation at next_rotation_at; null before b joins."
  value       = local.paired ? local.present[local.standby] : null
}

output "next_rotation_at" {
  description = "When the next change is due (RFC 3339): the standby's rotation, or b joining."
  value       = local.paired ? local.due_at[local.standby] : timeadd(local.due_at.a, "-${local.half_period}")
}

output "login_ids" {
  description = "Login ids of the users of the pair that exist, for grants made outside this module."
  value       = values(local.present)
}
