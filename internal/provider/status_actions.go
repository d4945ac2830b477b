package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

// The actions apiusers_deactivate and apiusers_activate (Terraform 1.14+,
// `terraform apply -invoke=action.apiusers_deactivate.x`) set an API user's
// status at once, for incident response: without editing the configuration
// and without a plan of everything else. They write through the store (one
// MODIFY of the status, as deletion_mode deactivate does), so a resource
// read later in the same run sees the new status.
var (
	_ action.ActionWithConfigure  = (*statusAction)(nil)
	_ action.ActionWithModifyPlan = (*statusAction)(nil)
)

// NewDeactivateAction returns apiusers_deactivate.
func NewDeactivateAction() action.Action {
	return &statusAction{name: "deactivate", status: statusInactive}
}

// NewActivateAction returns apiusers_activate.
func NewActivateAction() action.Action {
	return &statusAction{name: "activate", status: statusActive}
}

type statusAction struct {
	name   string // the type name's suffix
	status string // what it sets, lower-case as in HCL
	data   *providerData
}

func (a *statusAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.name
}

func (a *statusAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *statusAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	wire := strings.ToUpper(a.status)
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Sets an API user's status to `%s` at once, for example in an incident: `terraform apply -invoke=action.apiusers_%s.<name>` (Terraform 1.14 and later). ", wire, a.name) +
			"It changes nothing else, and nothing in state: an `apiusers_api_user` that manages the same user plans its configured `status` again at the next plan. " +
			"Refused, at plan time when the provider can reach the server, for the provider's own user (its `username`), for a person (not an API user), for an unknown login id, for a user in the trash, " +
			"and on a server that does not report `status` (an extension of the Users API; see the Server API guide). A user already `" + wire + "` is left as it is.",
		Attributes: map[string]schema.Attribute{
			"login_id": schema.StringAttribute{
				MarkdownDescription: "Login id of the API user (case-insensitive): " + client.LoginIDRule + ".",
				Required:            true,
				Validators:          []validator.String{validators.LoginID()},
			},
		},
	}
}

// ModifyPlan refuses at plan time what Invoke would refuse, when the server
// can be reached and the login id is known.
func (a *statusAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var loginID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("login_id"), &loginID)...)
	if resp.Diagnostics.HasError() || loginID.IsUnknown() || !a.data.configured() {
		return
	}
	a.target(ctx, a.data.store, loginID.ValueString(), &resp.Diagnostics)
}

func (a *statusAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var loginID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("login_id"), &loginID)...)
	s := a.data.requireStore(&resp.Diagnostics)
	if s == nil {
		return
	}
	u := a.target(ctx, s, loginID.ValueString(), &resp.Diagnostics)
	if u == nil {
		return
	}
	wire := strings.ToUpper(a.status)
	if *u.Status == wire {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("API user %q is already %s; nothing was changed.", u.UserID, wire)})
		return
	}
	if _, err := s.Apply(ctx, statusOp(u.UserID, a.status)); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("login_id"), "Unable to Change the Status",
			withCause(fmt.Sprintf("Setting the status of API user %q to %s failed; run the action again.", u.UserID, wire), err))
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("API user %q is now %s (it was %s).", u.UserID, wire, *u.Status)})
}

// target returns the user the action may change, or nil with the reason in
// diags. Its status is known (the server reports it).
func (a *statusAction) target(ctx context.Context, s *store.Store, loginID string, diags *diag.Diagnostics) *client.User {
	at := path.Root("login_id")
	refuse := func(summary, format string, args ...any) *client.User {
		diags.AddAttributeError(at, summary, fmt.Sprintf(format, args...))
		return nil
	}
	what := "apiusers_" + a.name
	if own := s.OwnUser(); own != "" && client.LoginKey(own) == client.LoginKey(loginID) {
		return refuse("Cannot Change the Provider's Own User",
			"%s refuses %q: it is the user the provider authenticates as (the provider's username), and changing its status would lock this provider out. "+
				"Change it as another administrator.", what, loginID)
	}
	ext, err := s.Extensions(ctx)
	if err != nil {
		return refuse("Unable to Read Users", "%s", withCause("Reading the users failed.", err))
	}
	if !ext.Reports(client.FieldStatus) {
		return refuse("Server Lacks an Extension",
			"%s needs the status extension of the Users API, which this server does not offer: its GET /users does not report `status` (see the Server API guide), "+
				"so a status change could be ignored and never checked. Nothing was changed. %s", what, overrideHint)
	}
	u, found, err := s.User(ctx, loginID)
	switch {
	case err != nil:
		return refuse("Unable to Read Users", "%s", withCause(fmt.Sprintf("Reading user %q failed.", loginID), err))
	case !found:
		return refuse("No Such API User", "%s: no user with login id %q exists on the server (login ids are case-insensitive). Nothing was changed.", what, loginID)
	case u.APIUser == nil || !*u.APIUser:
		return refuse("Not an API User", "%s: %q is a person, not an API user (or the server does not say), and these actions manage only API users. Nothing was changed.", what, u.UserID)
	case u.Status == nil:
		return refuse("Server Lacks an Extension", "%s: the server does not report the status of %q (see the Server API guide). Nothing was changed.", what, u.UserID)
	case *u.Status == client.StatusTrash:
		return refuse("API User Is in the Trash", "%s: %q is in the trash; restore it by applying its apiusers_api_user. Nothing was changed.", what, u.UserID)
	case a.status == statusActive && *u.Status != client.StatusActive && !a.slotFree(ctx, s, u.UserID, diags):
		return nil
	}
	return u
}

// slotFree counts the activation of loginID against the server's limit of
// active API users, in the run's tally with the resources' plans, and
// reports whether it fits (an unknown limit: the server checks at apply).
func (a *statusAction) slotFree(ctx context.Context, s *store.Store, loginID string, diags *diag.Diagnostics) bool {
	policy, err := s.Policy(ctx)
	if err != nil || policy.MaxActiveAPIUsers == 0 {
		return true
	}
	errs := diags.ErrorsCount()
	a.data.checkActiveSlots(ctx, policy, []slotChange{{login: client.LoginKey(loginID), active: true}}, diags)
	return diags.ErrorsCount() == errs
}
