output "current_login_id" {
  description = "Login id of the current user: the one whose password is newer. The integration should use it."
  value       = local.current.login_id
}

output "current_password" {
  description = "Password of the current user."
  value       = local.current.password
  sensitive   = true
}

output "standby_login_id" {
  description = "Login id of the other user, whose password still works until its rotation at next_rotation_at; null before b joins."
  value       = local.standby == null ? null : local.standby.login_id
}

output "next_rotation_at" {
  description = "When the next change is due (RFC 3339): the standby's rotation, or b joining."
  value       = local.standby == null ? timeadd(apiusers_api_user.a.rotation_due_at, "-${local.half_period}") : local.standby.rotation_due_at
}

output "login_ids" {
  description = "Login ids of the users of the pair that exist, for grants made outside this module."
  value       = [for u in values(local.users) : u.login_id]
}
