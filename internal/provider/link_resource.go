package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

// linkResource is what the two link resources (a user's role, a user's
// privileges on a project) share: both tie a login id to an object of a
// server catalogue, are identified by the two ids (id, see link_id.go), and
// check the catalogue id at plan time (catalogue, see catalogue.go). Each
// resource embeds it, and gives its descriptions, mappers and server calls
// to the schema, Read and Delete built here.
type linkResource struct {
	data      *providerData
	id        twoPartID
	catalogue catalogueCheck
	// held reports whether the server already holds the link (the user
	// holds the role, has privileges on the project): a create of it is
	// refused at plan time, since it would take over what someone else set.
	held func(ctx context.Context, s *store.Store, first, second string) (bool, error)
	// listing is what the list resource of the type lists (link_list.go).
	listing linkListing
}

// schema is what the link resources' schemas share: the id, then the
// catalogue id (described by first) and the login id (loginID), both
// forcing replacement; description, the resource's, ends with the import id.
// extra adds the resource's own attributes.
func (l *linkResource) schema(description, first, loginID string, extra map[string]schema.Attribute) schema.Schema {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "`" + l.id.format() + "`, e.g. `" + l.id.example + "`; also the import id.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		l.id.first: schema.StringAttribute{
			MarkdownDescription: first,
			Required:            true,
			Validators:          []validator.String{idHalfValidator},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		l.id.second: schema.StringAttribute{
			MarkdownDescription: loginID,
			Required:            true,
			Validators:          []validator.String{validators.LoginID()},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
	}
	maps.Copy(attrs, extra)
	return schema.Schema{
		MarkdownDescription: description + "\n\nImport with the id `" + l.id.format() + "`, e.g. `" + l.id.example + "`.",
		Attributes:          attrs,
	}
}

func (l *linkResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan plans the identity and, when both halves are known, the id;
// it refuses a catalogue id the server does not have, the create of a link
// the server already holds, and a link created and destroyed in one plan.
func (l *linkResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer hintDestroyRefresh(&resp.Diagnostics, len(resp.Diagnostics))
	l.modifyPlan(ctx, req, resp)
}

// modifyPlan is ModifyPlan without the hint it adds to errors, for a link
// resource whose ModifyPlan does more.
func (l *linkResource) modifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	l.id.identity().modifyPlan(ctx, req, resp)
	if planWrites(req) {
		l.data.requireAccountAdmin(ctx, &resp.Diagnostics)
	}
	l.catalogue.modifyPlan(ctx, l.data, req, resp)
	destroy := req.Plan.Raw.IsNull()
	if resp.Diagnostics.HasError() || (!destroy && !req.State.Raw.IsNull()) {
		return // only creates and destroys are checked; an update keeps its id
	}
	var from attributeGetter = req.Plan
	if destroy {
		from = req.State
	}
	var first, second types.String
	resp.Diagnostics.Append(from.GetAttribute(ctx, path.Root(l.id.first), &first)...)
	resp.Diagnostics.Append(from.GetAttribute(ctx, path.Root(l.id.second), &second)...)
	if resp.Diagnostics.HasError() || first.IsUnknown() || second.IsUnknown() {
		return
	}
	if destroy {
		l.data.planObject(l.object(first.ValueString(), second.ValueString()), true, path.Empty(), &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), l.id.join(first.ValueString(), second.ValueString()))...)
	if l.data.planObject(l.object(first.ValueString(), second.ValueString()), false, path.Root(l.id.second), &resp.Diagnostics) ||
		!l.data.configured() || l.data.replacesManaged(ctx, req.Private, l.key(first.ValueString(), second.ValueString())) {
		return
	}
	l.checkNotHeld(ctx, first.ValueString(), second.ValueString(), &resp.Diagnostics)
}

// checkNotHeld fails the plan of a create when the server already holds
// the link, with the import block that adopts it instead: creating it
// would silently take it over (a privilege set replaced, a role destroy
// later takes away).
func (l *linkResource) checkNotHeld(ctx context.Context, first, second string, diags *diag.Diagnostics) {
	id := l.id.join(first, second)
	held, err := l.held(ctx, l.data.store, first, second)
	if err != nil && !errors.Is(err, client.ErrNotFound) { // not found: no such user (yet) or object
		diags.AddError("Unable to Check "+titleCase(l.catalogue.what)+" Link",
			withCause(fmt.Sprintf("The provider reads what the server holds to check that %s does not exist yet, and that failed. Check the endpoint and plan again.",
				id), err))
		return
	}
	if !held {
		return
	}
	diags.AddError("Already Exists on the Server",
		fmt.Sprintf("The server already holds %s %q, set outside this Terraform state, so creating it would take it over silently. "+
			"To manage it with Terraform, import it by adding this block to the configuration (replace <NAME> with this resource's name, shown above) and plan again:\n\n"+
			"import {\n  to = %s.<NAME>\n  id = %q\n}\n\n%s", l.catalogue.resource, id, l.catalogue.resource, id, movedNotImportedHint))
}

// object is the link a create or destroy plans (see planObject).
func (l *linkResource) object(first, second string) plannedObject {
	return plannedObject{key: l.key(first, second), resource: l.catalogue.resource,
		what: fmt.Sprintf("%s %q", l.catalogue.resource, l.id.join(first, second)),
		loss: fmt.Sprintf("destroy the %s after creating it, leaving user %q without it", l.catalogue.resource, second)}
}

// key is the managed-object key of a link (see replacement.go).
func (l *linkResource) key(first, second string) string {
	return objectKey(l.catalogue.resource, first, second)
}

// recordManaged marks the link as this state's (see replacement.go).
func (l *linkResource) recordManaged(ctx context.Context, private privateSetter, model linkModel, diags *diag.Diagnostics) {
	first, second := model.ids()
	l.data.recordManaged(ctx, private, l.key(first, second), diags)
}

func (l *linkResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if first, second, ok := l.id.importState(ctx, req, resp); ok {
		l.data.recordManaged(ctx, resp.Private, l.key(first, second), &resp.Diagnostics)
	}
}

// linkModel is a link resource's model; ids maps it to the two server ids
// the link joins (the halves of its id).
type linkModel interface {
	ids() (first, second string)
}

// modelGetter is the part of tfsdk.Plan and tfsdk.State that
// readModelAndStore reads.
type modelGetter interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// readModelAndStore starts an operation on a link: it reads the plan or
// state (from) into model, adds the link's ids to the log context, and
// returns the store. The store is nil when diags says why the operation
// cannot go on; the caller then returns.
func (l *linkResource) readModelAndStore(ctx context.Context, from modelGetter, model linkModel, diags *diag.Diagnostics) (context.Context, *store.Store) {
	diags.Append(from.Get(ctx, model)...)
	s := l.data.requireStore(diags)
	if s == nil {
		return ctx, nil
	}
	first, second := model.ids()
	return l.id.withLogFields(ctx, first, second), s
}

// readLink is a link resource's Read: fetch reads the link in state (read
// into model) from the server, as the resource's state, and whether it is
// there. A link gone, or its user or object, leaves the state, so the next
// plan creates it again. summary and what (a format of the two ids) name the
// link in the error.
func (l *linkResource) readLink(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, model linkModel,
	fetch func(ctx context.Context, s *store.Store, first, second string) (linkModel, bool, diag.Diagnostics, error), summary, what string) {
	ctx, s := l.readModelAndStore(ctx, req.State, model, &resp.Diagnostics)
	// The identity, before the server is asked: a link found gone keeps it
	// too, as the framework requires.
	l.setIdentity(ctx, req.State, resp.Identity, &resp.Diagnostics)
	if s == nil {
		return
	}
	first, second := model.ids()
	read, found, diags, err := fetch(ctx, s, first, second)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddError(summary, withCause(fmt.Sprintf("Could not read "+what+".", first, second), err))
		return
	}
	if err != nil || !found {
		tflog.Info(ctx, "the link no longer exists on the server; removing it from state")
		resp.State.RemoveResource(ctx)
		return
	}
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, read)...)
	l.recordManaged(ctx, resp.Private, read, &resp.Diagnostics)
}

// deleteLink is a link resource's Delete: unlink takes the link in state
// (read into model) away. "Not found" is success: deleting a user removes
// its links on the server, so a user destroyed first has taken them along.
// summary and what (a format of the two ids) name the link in the error.
func (l *linkResource) deleteLink(ctx context.Context, state tfsdk.State, model linkModel,
	unlink func(s *store.Store, ctx context.Context, first, second string) error, summary, what string, diags *diag.Diagnostics) {
	ctx, s := l.readModelAndStore(ctx, state, model, diags)
	if s == nil {
		return
	}
	first, second := model.ids()
	if err := unlink(s, ctx, first, second); errors.Is(err, client.ErrNotFound) {
		tflog.Debug(ctx, "the link was already gone")
	} else if err != nil {
		diags.AddError(summary, withCause(fmt.Sprintf("Could not take "+what+". Check that the provider's user holds account_admin and destroy again.", first, second), err))
	}
}

// explainNotFound turns a 404 from writing a link into a message naming the
// missing object. The catalogue id was checked at plan time, so the usual
// cause is a user that does not exist (yet); the store's snapshot tells.
func explainNotFound(ctx context.Context, s *store.Store, summary, loginID, action string, cause error, diags *diag.Diagnostics) {
	_, found, err := s.User(ctx, loginID)
	if err == nil && !found {
		diags.AddAttributeError(path.Root("login_id"), summary,
			withCause(fmt.Sprintf("The server has no user %q, so it could not %s. Create the user first, for example with an apiusers_api_user resource whose login_id this resource refers to (so Terraform orders the two), or correct login_id.",
				loginID, action), cause))
		return
	}
	diags.AddError(summary,
		withCause(fmt.Sprintf("The server answered \"not found\" when asked to %s; one of them may have been removed meanwhile. Check that both exist and apply again.",
			action), cause))
}
