package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// linkReader reads what the server holds per object of a catalogue: the
// holders of each role, the privilege sets on each project. The data
// sources apiusers_role_holders and apiusers_project_privileges, and the
// list resources of the link types and of apiusers_user_roles, all read
// through it; the store caches each object's links per run.
type linkReader struct {
	// selectIDs is the catalogue's selectIDs, checking an id with check.
	selectIDs func(context.Context, *store.Store, catalogueCheck, types.String, string, *diag.Diagnostics) []string
	check     catalogueCheck
	// links lists the links on one object: login id -> the link's values
	// (the privileges; nil for a role).
	links func(s *store.Store, ctx context.Context, id string) (map[string][]string, error)
	title string // what is read, title case, e.g. "Role Holders"
	// listed says what could not be listed, from the object's id.
	listed string
}

// roleHolders reads the holders of roles.
var roleHolders = linkReader{
	selectIDs: roleCatalogue.selectIDs, check: roleIDCheck, title: "Role Holders",
	listed: "the holders of role %q (GET /roles/{roleId}/users)",
	links: func(s *store.Store, ctx context.Context, roleID string) (map[string][]string, error) {
		logins, err := s.RoleHolders(ctx, roleID)
		links := make(map[string][]string, len(logins))
		for _, login := range logins {
			links[login] = nil
		}
		return links, err
	},
}

// projectPrivileges reads the privilege sets on projects.
var projectPrivileges = linkReader{
	selectIDs: projectCatalogue.selectIDs, check: projectIDCheck, title: "Project Privileges",
	listed: "the privileges on project %q (GET /projects/{projectId}/privileges)",
	links:  (*store.Store).ProjectPrivilegesByUser,
}

// read lists the links on the object id names (checked against the
// catalogue), or on every object when it is null: object id -> login id ->
// the link's values. typeName names the caller in the error of a server
// without the catalogue. When diags has an error the links are not usable.
func (r linkReader) read(ctx context.Context, data *providerData, id types.String, typeName string, diags *diag.Diagnostics) map[string]map[string][]string {
	s := data.requireStore(diags)
	if s == nil {
		return nil
	}
	ids := r.selectIDs(ctx, s, r.check, id, typeName, diags)
	if diags.HasError() {
		return nil
	}
	links := make(map[string]map[string][]string, len(ids))
	count := 0
	for _, id := range ids {
		byLogin, err := r.links(s, ctx, id)
		if err != nil {
			diags.AddError("Unable to Read "+r.title,
				withCause("Could not list "+fmt.Sprintf(r.listed, id)+". Check the endpoint and try again.", err))
			return nil
		}
		links[id] = byLogin
		count += len(byLogin)
	}
	tflog.Debug(ctx, "listed links", map[string]any{"catalogue": r.check.plural, "objects": len(links), "links": count})
	return links
}
