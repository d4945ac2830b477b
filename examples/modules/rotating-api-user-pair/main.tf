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
# Every time this module compares with "now" is the provider's: rotate_after
# and password_older_than. The module itself only compares the times the
# provider reports, so no time_* resource and no plantimestamp() are needed.

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
  users = merge({ a = apiusers_api_user.a }, { for u in apiusers_api_user.b : "b" => u })

  # The newer password is the current one: the older is due first, so the
  # next rotation never touches the credential the integration uses. With
  # the same rotate_after, the later rotation_due_at is the newer password.
  # (Terraform's && and || evaluate both sides: b[0] only under a condition.)
  b_is_current = length(apiusers_api_user.b) == 0 ? false : timecmp(apiusers_api_user.b[0].rotation_due_at, apiusers_api_user.a.rotation_due_at) > 0
  current      = local.b_is_current ? apiusers_api_user.b[0] : apiusers_api_user.a
  standby      = local.b_is_current ? apiusers_api_user.a : one(apiusers_api_user.b)
}

resource "apiusers_role_assignment" "this" {
  for_each = { for pair in setproduct(keys(local.users), var.roles) : "${pair[0]}/${pair[1]}" => pair }

  role_id  = each.value[1]
  login_id = local.users[each.value[0]].login_id
}

# The pair stops alternating when both passwords were set close together:
# when no apply ran for more than half a period, one apply rotates both.
check "pair_alternates" {
  assert {
    condition     = local.standby == null ? true : timecmp(timeadd(local.standby.rotation_due_at, local.quarter_period), local.current.rotation_due_at) <= 0
    error_message = "The passwords of the pair are due within a quarter of rotate_after_days of each other, so they no longer alternate: the next apply that rotates one may rotate the other too, while the integration uses it. To stagger them again, change the standby's keepers once the current password is half a period old."
  }
}
