# The import id is the user's login id (matched case-insensitively, as the
# server does). Only API users can be imported, not people.
#
# The server never returns passwords, so an imported user keeps its current
# password and `password` stays null in state: no plan proposes a new one
# until you set `password`, set `password_wo` with `password_wo_version`, or
# change `keepers` after adopting them.
terraform import apiusers_api_user.payroll payroll-sync
