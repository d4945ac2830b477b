package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// linkResource is what the two link resources (a user's role, a user's
// privileges on a project) share: both tie a login id to an object of a
// server catalogue, are identified by the two ids (id), and check the
// catalogue id at plan time (catalogue). Each resource embeds it and keeps
// its own schema, mappers and server calls.
type linkResource struct {
	data      *providerData
	id        twoPartID
	catalogue catalogueCheck
}

func (l *linkResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses a catalogue id the server does not have.
func (l *linkResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	l.catalogue.modifyPlan(ctx, l.data, req, resp)
}

func (l *linkResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	l.id.importState(ctx, req, resp)
}

// linkModel is a link resource's model; ids maps it to the two server ids
// the link joins (the halves of its id).
type linkModel interface {
	ids() (first, second string)
}

// modelGetter is the part of tfsdk.Plan and tfsdk.State that open reads.
type modelGetter interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// open starts an operation on a link: it reads the plan or state (from) into
// model, adds the link's ids to the log context, and returns the store. The
// store is nil when diags says why the operation cannot go on; the caller
// then returns.
func (l *linkResource) open(ctx context.Context, from modelGetter, model linkModel, diags *diag.Diagnostics) (context.Context, *store.Store) {
	diags.Append(from.Get(ctx, model)...)
	if diags.HasError() {
		return ctx, nil
	}
	s := l.data.requireStore(diags)
	if s == nil {
		return ctx, nil
	}
	first, second := model.ids()
	return l.id.withLogFields(ctx, first, second), s
}

// catalogueCheck refuses at plan time a link resource's catalogue id
// (role_id, project_id) that the server does not have, naming the valid ids,
// so that a typo fails before anything is applied.
type catalogueCheck struct {
	resource string // the resource type, for messages
	attr     string // the attribute holding the id, e.g. "role_id"
	what     string // the kind of object, lower case, e.g. "role"
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
	if addMissingExtensionError(err, c.resource, &resp.Diagnostics) {
		return
	}
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
func (c catalogueCheck) title() string { return titleCase(c.what) }

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
