package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// This file holds what the two link resources (a user's role, a user's
// privileges on a project) share: the form of their ids, their import, and
// the checks that each half of the id names something that exists.
//
// Both are identified by two server ids joined with a slash:
// "<role_id>/<login_id>", "<project_id>/<login_id>". A login id cannot hold a
// slash (API.md: A-Z a-z 0-9 . _ @ -) and role_id and project_id are refused
// with one (idHalfValidator), so the split is unambiguous.
const idSeparator = "/"

// twoPartID names the two halves of such an id, e.g. {"role_id", "login_id"}.
// The names are the resource's attribute names, so that messages and the
// import documentation show exactly what goes where.
type twoPartID struct {
	first, second string
	// example is a valid id shown in messages and documentation.
	example string
}

// format is the expected form, e.g. "<role_id>/<login_id>".
func (f twoPartID) format() string {
	return "<" + f.first + ">" + idSeparator + "<" + f.second + ">"
}

// join builds the id from its two halves.
func (f twoPartID) join(first, second string) string {
	return first + idSeparator + second
}

// withLogFields adds both halves to the log context under their attribute
// names, so that every log line of an operation says which link it is about.
func (f twoPartID) withLogFields(ctx context.Context, first, second string) context.Context {
	ctx = tflog.SetField(ctx, f.first, first)
	return tflog.SetField(ctx, f.second, second)
}

// parse splits id into its halves; both must be non-empty and there must be
// exactly one separator.
func (f twoPartID) parse(id string) (first, second string, err error) {
	first, second, ok := strings.Cut(id, idSeparator)
	if !ok || first == "" || second == "" || strings.Contains(second, idSeparator) {
		return "", "", fmt.Errorf("expected an id of the form %s, got %q", f.format(), id)
	}
	return first, second, nil
}

// importState is the ImportState of a resource identified by f: it parses
// the import id and writes both halves and the id itself into state; Read
// then fills in the rest from the server.
func (f twoPartID) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	first, second, err := f.parse(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("The import id %q cannot be used. Give it as %s, e.g. %q.\n\nOriginal Error: %s",
				req.ID, f.format(), f.example, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(f.first), first)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(f.second), second)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), f.join(first, second))...)
}

// catalogueCheck refuses at plan time a link resource's catalogue id
// (role_id, project_id) that the server does not have, naming the valid ids,
// so that a typo fails before anything is applied.
type catalogueCheck struct {
	attr string // the attribute holding the id, e.g. "role_id"
	what string // the kind of object, lower case, e.g. "role"
	// ids lists the server's ids; the store reads each catalogue once per
	// run, so the check costs one request per plan, not one per resource.
	ids func(context.Context, *store.Store) ([]string, error)
}

// modifyPlan is the resource's ModifyPlan.
func (c catalogueCheck) modifyPlan(ctx context.Context, data *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !data.configured() {
		return // destroying, or the server is not known until apply
	}
	var id types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(c.attr), &id)...)
	if resp.Diagnostics.HasError() || id.IsUnknown() || id.IsNull() {
		return
	}
	valid, err := c.ids(ctx, data.store)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read "+c.title()+"s",
			fmt.Sprintf("The provider reads the server's %ss to check %s before applying, and that failed. Check the endpoint and that the server supports %ss.\n\nOriginal Error: %s",
				c.what, c.attr, c.what, err))
		return
	}
	c.check(id.ValueString(), valid, &resp.Diagnostics)
}

// check adds an error at the attribute when id is not one of valid.
func (c catalogueCheck) check(id string, valid []string, diags *diag.Diagnostics) {
	if slices.Contains(valid, id) {
		return
	}
	diags.AddAttributeError(path.Root(c.attr), "Unknown "+c.title(),
		fmt.Sprintf("The server has no %s %q. Valid %ss: %s. Correct %s, or look the %s up by name with the apiusers_%ss data source.",
			c.what, id, c.what, strings.Join(valid, ", "), c.attr, c.what, c.what))
}

// title is what, capitalised for a diagnostic's summary.
func (c catalogueCheck) title() string { return strings.ToUpper(c.what[:1]) + c.what[1:] }

// explainNotFound turns a 404 from writing a link into a message naming the
// missing object. The catalogue id was checked at plan time, so the usual
// cause is a user that does not exist (yet); the store's snapshot tells.
func explainNotFound(ctx context.Context, s *store.Store, summary, loginID, action string, cause error, diags *diag.Diagnostics) {
	_, found, err := s.User(ctx, loginID)
	if err == nil && !found {
		diags.AddAttributeError(path.Root("login_id"), summary,
			fmt.Sprintf("The server has no user %q, so it could not %s. Create the user first, for example with an apiusers_api_user resource whose login_id this resource refers to (so Terraform orders the two), or correct login_id.\n\nOriginal Error: %s",
				loginID, action, cause))
		return
	}
	diags.AddError(summary,
		fmt.Sprintf("The server answered \"not found\" when asked to %s; one of them may have been removed meanwhile. Check that both exist and apply again.\n\nOriginal Error: %s",
			action, cause))
}

// idHalfValidator checks a role or project id: non-empty and without the
// separator, so that the id built from it parses back into the same halves.
var idHalfValidator = stringvalidator.RegexMatches(regexp.MustCompile(`^[^/]+$`),
	"must be non-empty and must not contain \""+idSeparator+"\", which separates the halves of the resource id")
