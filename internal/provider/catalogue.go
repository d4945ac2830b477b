package provider

// This file is the provider's one home of the server's catalogues: the fixed
// lists of objects (roles, projects, branches, groups) that other objects
// refer to by id. The store reads each once per process (store/catalogues.go);
// here a catalogue is described (catalogue), its ids are checked at plan
// time (catalogueCheck for the link resources' role and project ids,
// catalogueForPlan for apiusers_api_user's branches and groups), and
// catalogue_data_source.go lists it as a data source (apiusers_roles,
// apiusers_projects, apiusers_branches, apiusers_groups), each defined beside
// its element model in its own file.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// catalogue is one of the server's fixed lists of objects (roles, projects,
// branches, groups) that other objects refer to by id, an id of type K (a
// string, or a number for branches and groups). Its data source lists it as
// a map of M keyed by id; its ids also serve the plan-time checks (checkFor).
type catalogue[T, M any, K cmp.Ordered] struct {
	what    string // the kind of object, lower case, e.g. "role"
	plural  string // what, plural: names the data source and GET /<plural>
	example string // an id shown in the documentation, e.g. "api_default"
	// list reads the catalogue; the store reads it once per run.
	list func(*store.Store, context.Context) ([]T, error)
	id   func(T) K
	// model maps an object as the server reports it to an element of the
	// data source's map, which carries its id as <what>_id.
	model func(T) M
}

// listed reads the catalogue for typeName (a data source), adding the
// error that says why it could not be read. When diags has an error the
// items are not usable.
func (c catalogue[T, M, K]) listed(ctx context.Context, s *store.Store, typeName string, diags *diag.Diagnostics) []T {
	items, err := c.list(s, ctx)
	if addMissingExtensionError(err, typeName, diags) {
		return nil
	}
	if err != nil {
		diags.AddError("Unable to Read "+titleCase(c.plural),
			withCause("Could not list the server's "+c.plural+" (GET /"+c.plural+"). Check the endpoint and that the server supports "+c.plural+".", err))
		return nil
	}
	return items
}

// selectIDs is what a data source that reads something per object of the
// catalogue (apiusers_role_holders, apiusers_project_privileges) reads it
// for: the configured id, checked against the catalogue like a link
// resource's (check), or every id of the catalogue when id is null.
// typeName names the data source in the error of a server without the
// extension. When diags has an error the ids are not usable.
func (c catalogue[T, M, K]) selectIDs(ctx context.Context, s *store.Store, check catalogueCheck, id types.String, typeName string, diags *diag.Diagnostics) []string {
	items := c.listed(ctx, s, typeName, diags)
	if diags.HasError() {
		return nil
	}
	ids := c.idsOf(items)
	if id.IsNull() {
		return ids
	}
	if check.check(id.ValueString(), ids, diags); diags.HasError() {
		return nil
	}
	return []string{id.ValueString()}
}

// ids lists the catalogue's ids as strings (idKey), in the server's order.
func (c catalogue[T, M, K]) ids(ctx context.Context, s *store.Store) ([]string, error) {
	items, err := c.list(s, ctx)
	return c.idsOf(items), err
}

func (c catalogue[T, M, K]) idsOf(items []T) []string {
	ids := make([]string, 0, len(items))
	for _, x := range items {
		ids = append(ids, idKey(c.id(x)))
	}
	return ids
}

// checkFor is the plan-time check of resource's attribute attr, which holds
// ids of this catalogue.
func (c catalogue[T, M, K]) checkFor(resource, attr string) catalogueCheck {
	return catalogueCheck{resource: resource, attr: attr, what: c.what, plural: c.plural, ids: c.ids}
}

// catalogueCheck refuses at plan time a resource's catalogue id (role_id,
// project_id, role_ids) that the server does not have, naming the valid
// ids, so that a typo fails before anything is applied.
type catalogueCheck struct {
	resource string // the resource type, for messages
	attr     string // the attribute holding the id, e.g. "role_id"
	what     string // the kind of object, lower case, e.g. "role"
	plural   string // what, plural, e.g. "roles"
	// ids lists the server's ids; the store reads each catalogue once per
	// run, so the check costs one request per plan, not one per resource.
	ids func(context.Context, *store.Store) ([]string, error)
}

// modifyPlan is the ModifyPlan of a link resource: it checks the one id in
// attr.
func (c catalogueCheck) modifyPlan(ctx context.Context, data *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !data.configured() {
		return // destroying, or the server is not known until apply
	}
	var id types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(c.attr), &id)...)
	if resp.Diagnostics.HasError() || id.IsUnknown() || id.IsNull() {
		return
	}
	valid, ok := c.validIDs(ctx, data, &resp.Diagnostics)
	if !ok {
		return
	}
	c.check(id.ValueString(), valid, &resp.Diagnostics)
}

// checkEach is the plan-time check of an attribute holding several ids of
// the catalogue (role_ids): the catalogue is read even for none, so that a
// server without the catalogue's extension fails the plan, and an error is
// added for each id the server does not have. It returns whether the
// catalogue could be read.
func (c catalogueCheck) checkEach(ctx context.Context, data *providerData, ids []string, diags *diag.Diagnostics) bool {
	valid, ok := c.validIDs(ctx, data, diags)
	if !ok {
		return false
	}
	for _, id := range ids {
		c.check(id, valid, diags)
	}
	return true
}

// validIDs reads the server's ids for the check, adding the error that
// says why they could not be read.
func (c catalogueCheck) validIDs(ctx context.Context, data *providerData, diags *diag.Diagnostics) ([]string, bool) {
	valid, err := c.ids(ctx, data.store)
	if addMissingExtensionError(err, c.resource, diags) {
		return nil, false
	}
	if err != nil {
		diags.AddError("Unable to Read "+titleCase(c.plural),
			withCause(fmt.Sprintf("The provider reads the server's %s to check %s before applying, and that failed. Check the endpoint and that the server supports %s.",
				c.plural, c.attr, c.plural), err))
		return nil, false
	}
	return valid, true
}

// check adds an error at the attribute when id is not one of valid.
func (c catalogueCheck) check(id string, valid []string, diags *diag.Diagnostics) {
	if slices.Contains(valid, id) {
		return
	}
	diags.AddAttributeError(path.Root(c.attr), "Unknown "+c.title(),
		fmt.Sprintf("The server has no %s %q. Valid %s: %s. Correct %s, or look the %s up by name with the apiusers_%s data source.",
			c.what, id, c.plural, strings.Join(valid, ", "), c.attr, c.what, c.plural))
}

// title is what, capitalised for a diagnostic's summary.
func (c catalogueCheck) title() string { return titleCase(c.what) }

// catalogueForPlan reads a catalogue (branches, groups) for a plan-time
// check of attrs. When it cannot be read the check is left to the server at
// apply: with a warning per resource for a failure that may pass, once per
// run for a server without the catalogue's extension. nil means no check.
func catalogueForPlan[T any](ctx context.Context, data *providerData, list func(context.Context) ([]T, error), title, attrs string, diags *diag.Diagnostics) []T {
	items, err := list(ctx)
	switch {
	case err == nil:
		return items
	case errors.Is(err, client.ErrExtensionMissing):
		if !extensionsDeclined(err) && data.once("no-catalogue "+attrs) {
			diags.AddWarning("Unable to Check "+title+" at Plan Time",
				withCause("The server has no catalogue to check "+attrs+" against, so the server checks them at apply. "+documentedOnlyHint, err))
		}
	default:
		diags.AddWarning("Unable to Check "+title+" at Plan Time",
			withCause("The server's catalogue could not be read, so "+attrs+" are checked at apply instead.", err))
	}
	return nil
}

// titleCase capitalises a lower-case word for a diagnostic's summary.
func titleCase(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
