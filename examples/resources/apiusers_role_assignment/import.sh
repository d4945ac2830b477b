# The import id is "<role_id>/<login_id>": the role's id (e.g. api_default,
# not its display name "API default role") and the user's login id, joined
# by a slash. Import fails if the user does not hold the role.
terraform import apiusers_role_assignment.billing_api_default api_default/billing-sync
