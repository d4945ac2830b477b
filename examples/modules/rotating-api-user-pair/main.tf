# Two API users for one integration, rotated in turn, so that an apply never
# changes the password the integration is using.
#
# Both users have the same rotate_after, and their passwords are half a
# period apart in age: user b joins when a's password is half a period old.
# From then on a due rotation always falls on the older password, the
# standby, and the newer one is the current credential. After a rotation the
# previous current one keeps working for half a period, which is how long
# the integration has to pick up the new one.
#
# Only the provider compares with the present time (rotate_after,
# password_older_than); the module compares times the provider reports, so
# it needs no time_* resource and no plantimestamp(). It needs a server that
# reports passwordChangedAt, and a pipeline that applies on a schedule.

terraform {
  required_version = ">= 1.5"

  required_providers {
    apiusers = {
      source = "apiusers/apiusers"
    }
  }
}

locals {
  login_ids    = { a = "${var.login_id}-a", b = "${var.login_id}-b" }
  rotate_after = "${var.rotate_after_days}d"
  # Half and a quarter of the period, in the hours timeadd and
  # password_older_than read.
  half_period    = "${var.rotate_after_days * 12}h"
  quarter_period = "${var.rotate_after_days * 6}h"
  # A login_id_regex matching one login id: the server compares login ids
  # ignoring case, and "." is the only character of a login id that a
  # regular expression reads as more than itself.
  exactly = { for k, id in local.login_ids : k => "(?i)^${replace(id, ".", "\\.")}$" }
}

# Data sources are read before the plan's changes: what the server holds now.
data "apiusers_users" "b" {
  login_id_regex = local.exactly.b
}

data "apiusers_users" "a_half_period_old" {
  login_id_regex      = local.exactly.a
  password_older_than = local.half_period
}

resource "apiusers_api_user" "a" {
  login_id     = local.login_ids.a
  first_name   = var.first_name
  last_name    = var.last_name
  description  = var.description
  rotate_after = local.rotate_after
  keepers      = var.keepers.a
}

resource "apiusers_api_user" "b" {
  # b joins once a's password is half a period old, and then stays (it
  # exists on the server). Created together, the two would be due together.
  count = length(data.apiusers_users.b.login_ids) > 0 || length(data.apiusers_users.a_half_period_old.login_ids) > 0 ? 1 : 0

  login_id     = local.login_ids.b
  first_name   = var.first_name
  last_name    = var.last_name
  description  = var.description
  rotate_after = local.rotate_after
  keepers      = var.keepers.b
}

locals {
  # The users that exist, by key: their login ids and when each is due. The
  # users themselves are not passed around: they hold their passwords, and a
  # value built from a secret is a secret too.
  present = merge({ a = apiusers_api_user.a.login_id }, { for u in apiusers_api_user.b : "b" => u.login_id })
  due_at  = merge({ a = apiusers_api_user.a.rotation_due_at }, { for u in apiusers_api_user.b : "b" => u.rotation_due_at })
  paired  = length(apiusers_api_user.b) > 0

  # The newer password is the current one: the older is due first, so the
  # next rotation never touches the credential the integration uses. With
  # the same rotate_after, the later rotation_due_at is the newer password.
  # (Terraform's && and || evaluate both sides: b only under a condition.)
  current = local.paired ? (timecmp(local.due_at.b, local.due_at.a) > 0 ? "b" : "a") : "a"
  standby = local.paired ? (local.current == "a" ? "b" : "a") : null
}

resource "apiusers_role_assignment" "this" {
  for_each = { for pair in setproduct(keys(local.present), var.roles) : "${pair[0]}/${pair[1]}" => pair }

  role_id  = each.value[1]
  login_id = local.present[each.value[0]]
}

# The pair stops alternating when both passwords were set close together:
# when no apply ran for more than half a period, one apply rotates both.
check "pair_alternates" {
  assert {
    condition     = local.paired ? timecmp(timeadd(local.due_at[local.standby], local.quarter_period), local.due_at[local.current]) <= 0 : true
    error_message = "The passwords of the pair are due within a quarter of rotate_after_days of each other, so they no longer alternate: the next apply that rotates one may rotate the other too, while the integration uses it. To stagger them again, change the standby's keepers once the current password is half a period old."
  }
}
