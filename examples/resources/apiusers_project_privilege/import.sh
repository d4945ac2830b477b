# The import id is "<project_id>/<login_id>": the project's id (e.g. badges,
# not its display name "Badges") and the user's login id, joined by a slash.
# Import fails if the user holds no privileges on the project.
terraform import apiusers_project_privilege.badge_printer badges/badge-printer
