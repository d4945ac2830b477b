package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

var (
	_ resource.Resource                = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithConfigure   = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithImportState = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleAssignmentResource)(nil)
	_ list.ListResource                = (*roleAssignmentResource)(nil)
	_ list.ListResourceWithConfigure   = (*roleAssignmentResource)(nil)
)

// roleAssignmentID is the id of apiusers_role_assignment.
var roleAssignmentID = twoPartID{first: "role_id", second: "login_id", example: "api_default/billing-sync"}

// NewRoleAssignmentResource is the constructor the provider registers.
func NewRoleAssignmentResource() resource.Resource { return newRoleAssignmentResource() }

func newRoleAssignmentResource() *roleAssignmentResource {
	return &roleAssignmentResource{linkResource{id: roleAssignmentID, catalogue: roleIDCheck, held: roleHeld, listing: roleAssignmentListing}}
}

// roleAssignmentResource is one user holding one role. The server keeps a
// list of holders per role; the store caches it per run.
type roleAssignmentResource struct {
	linkResource
}

type roleAssignmentModel struct {
	ID      types.String `tfsdk:"id"`
	RoleID  types.String `tfsdk:"role_id"`
	LoginID types.String `tfsdk:"login_id"`
}

// newRoleAssignmentModel maps a held role (as the server reports it) to the
// resource's attributes. It is the only place that builds the id.
func newRoleAssignmentModel(roleID, loginID string) roleAssignmentModel {
	return roleAssignmentModel{
		ID:      types.StringValue(roleAssignmentID.join(roleID, loginID)),
		RoleID:  types.StringValue(roleID),
		LoginID: types.StringValue(loginID),
	}
}

// ids maps the resource's attributes to what the API's role endpoints take.
func (m roleAssignmentModel) ids() (roleID, loginID string) {
	return m.RoleID.ValueString(), m.LoginID.ValueString()
}

func (r *roleAssignmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role_assignment"
}

func (r *roleAssignmentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema("Assigns one role to one user. A role grants a set of rights on the server "+
		"(e.g. `api_default`, the \"API default role\"); a user may hold several roles, one resource each. "+
		"The role must exist on the server: an unknown `role_id` fails at plan time and the message lists the valid roles "+
		"(the `apiusers_roles` data source reads the same catalogue). "+
		"A role taken away outside Terraform shows as a difference and is assigned again on the next apply. "+
		"Do not also declare `apiusers_user_roles` for the same user: it manages all of the user's roles, and the plan fails "+
		"when one configuration has both for one login id.",
		"Id of the role, e.g. `api_default`; one of the server's roles. Changing it replaces the assignment.",
		"Login id of the user holding the role. Refer to the user's resource "+
			"(`apiusers_api_user.example.login_id`) so that Terraform creates the user first and, when the user is "+
			"replaced, assigns the role to the new one in the same apply. Changing it replaces the assignment.", nil)
}

// ModifyPlan claims the user's role for this run, so that an
// apiusers_user_roles of the same user fails the plan (see roleClaim), then
// runs the link's checks.
func (r *roleAssignmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer hintDestroyRefresh(&resp.Diagnostics, len(resp.Diagnostics))
	r.claimRole(ctx, req, &resp.Diagnostics)
	r.refuseSelfLockout(ctx, req, &resp.Diagnostics)
	r.modifyPlan(ctx, req, resp)
}

// claimRole claims the planned assignment's role or, for a destroy, the
// role in state, which the destroy takes away.
func (r *roleAssignmentResource) claimRole(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	var m roleAssignmentModel
	destroy := req.Plan.Raw.IsNull()
	if destroy {
		diags.Append(req.State.Get(ctx, &m)...)
	} else {
		diags.Append(req.Plan.Get(ctx, &m)...)
	}
	if diags.HasError() || m.LoginID.IsUnknown() {
		return
	}
	roleID, loginID := m.ids()
	claim := roleClaim{resource: roleIDCheck.resource, id: roleAssignmentID.join(roleID, loginID), roles: []string{roleID}, destroy: destroy}
	if m.RoleID.IsUnknown() {
		claim.id, claim.roles, claim.rolesUnknown = roleAssignmentID.join("(known after apply)", loginID), nil, true
	}
	r.data.claimUserRoles(loginID, claim, diags)
}

// roleHeld reports whether the user holds the role.
func roleHeld(ctx context.Context, s *store.Store, roleID, loginID string) (bool, error) {
	return s.HasRole(ctx, roleID, loginID)
}

// roleIDCheck checks role_id against the server's roles.
var roleIDCheck = roleCatalogue.checkFor("apiusers_role_assignment", "role_id")

func (r *roleAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan roleAssignmentModel
	ctx, s := r.readModelAndStore(ctx, req.Plan, &plan, &resp.Diagnostics)
	if s == nil {
		return
	}
	roleID, loginID := plan.ids()

	if err := s.AssignRole(ctx, roleID, loginID); err != nil {
		action := fmt.Sprintf("assign role %q to user %q", roleID, loginID)
		if errors.Is(err, client.ErrNotFound) {
			explainNotFound(ctx, s, "Unable to Assign Role", loginID, action, err, &resp.Diagnostics)
			return
		}
		resp.Diagnostics.AddError("Unable to Assign Role",
			withCause(fmt.Sprintf("Could not %s. Check that the provider's user holds account_admin and apply again.", action), err))
		return
	}
	tflog.Debug(ctx, "assigned role")
	state := newRoleAssignmentModel(roleID, loginID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	r.recordManaged(ctx, resp.Private, state, &resp.Diagnostics)
}

// Read removes the assignment from state when the user no longer holds the
// role (or the role or user is gone), so that the next plan assigns it again.
func (r *roleAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.readLink(ctx, req, resp, &roleAssignmentModel{}, func(ctx context.Context, s *store.Store, roleID, loginID string) (linkModel, bool, diag.Diagnostics, error) {
		held, err := s.HasRole(ctx, roleID, loginID)
		return newRoleAssignmentModel(roleID, loginID), held, nil, err
	}, "Unable to Read Role Assignment", "whether user %[2]q holds role %[1]q")
}

// Update is never called with a change: both attributes force replacement.
// It keeps the planned values so the framework's contract holds.
func (r *roleAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan roleAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state := newRoleAssignmentModel(plan.ids())
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *roleAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.deleteLink(ctx, req.State, &roleAssignmentModel{}, (*store.Store).UnassignRole, "Unable to Remove Role Assignment",
		"role %[1]q away from user %[2]q", &resp.Diagnostics)
}
