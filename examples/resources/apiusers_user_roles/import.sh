# The import id is the user's login id. The imported role_ids are the roles
# the user holds now; the next apply takes away any the configuration does
# not list.
terraform import apiusers_user_roles.reporting reporting-sync
