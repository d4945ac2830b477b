package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
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

var (
	_ resource.Resource                = (*userRolesResource)(nil)
	_ resource.ResourceWithConfigure   = (*userRolesResource)(nil)
	_ resource.ResourceWithImportState = (*userRolesResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userRolesResource)(nil)
	_ resource.ResourceWithIdentity    = (*userRolesResource)(nil)
	_ list.ListResource                = (*userRolesResource)(nil)
	_ list.ListResourceWithConfigure   = (*userRolesResource)(nil)
)

// userRolesType is the type name of apiusers_user_roles.
const userRolesType = "apiusers_user_roles"

// NewUserRolesResource is the constructor the provider registers.
func NewUserRolesResource() resource.Resource { return &userRolesResource{} }

// userRolesResource is the complete set of roles of one user: it assigns the
// listed roles and takes away every other. The server lists holders per
// role, so the store reads each role's holders once per run (shared with
// apiusers_role_assignment) and answers for every user from them.
type userRolesResource struct {
	data *providerData
}

type userRolesModel struct {
	ID      types.String `tfsdk:"id"`
	LoginID types.String `tfsdk:"login_id"`
	RoleIDs types.Set    `tfsdk:"role_ids"`
}

// newUserRolesModel maps the roles a user holds, as the server reports them,
// to the resource's attributes. It is the only place that builds the id.
func newUserRolesModel(ctx context.Context, loginID string, roleIDs []string) (userRolesModel, diag.Diagnostics) {
	if roleIDs == nil {
		roleIDs = []string{} // no roles is an empty set, never null
	}
	set, diags := types.SetValueFrom(ctx, types.StringType, roleIDs)
	return userRolesModel{ID: types.StringValue(loginID), LoginID: types.StringValue(loginID), RoleIDs: set}, diags
}

// request maps the resource's attributes to what the store's role calls
// take: the user and the roles it is to hold.
func (m userRolesModel) request(ctx context.Context) (loginID string, roleIDs []string, diags diag.Diagnostics) {
	diags = m.RoleIDs.ElementsAs(ctx, &roleIDs, false)
	return m.LoginID.ValueString(), roleIDs, diags
}

// userRolesKey is the managed-object key of a user's roles (see replacement.go).
func userRolesKey(loginID string) string { return objectKey(userRolesType, loginID) }

// userRoleIDsCheck checks role_ids against the server's roles.
var userRoleIDsCheck = roleCatalogue.checkFor(userRolesType, "role_ids")

func (r *userRolesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_roles"
}

func (r *userRolesResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *userRolesResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete set of roles of one user (authoritative). Apply assigns the roles in `role_ids` the user lacks " +
			"and takes away every other role the user holds, so the user holds exactly `role_ids`; a role assigned outside Terraform " +
			"shows as a difference in the next plan and is taken away on apply. Destroying the resource takes away the roles in its state " +
			"(those of `role_ids`), leaving the user without roles.\n\n" +
			"Each role must exist on the server: an unknown id fails at plan time and the message lists the valid roles " +
			"(the `apiusers_roles` data source reads the same catalogue). The resource needs a server with the roles extension of the Users API; " +
			"on one without it the plan fails.\n\n" +
			"Creating the resource for a user who already holds roles takes them over: the plan warns, naming the roles that apply will take away " +
			"because `role_ids` does not list them.\n\n" +
			"Declare one per user. Use either this resource or `apiusers_role_assignment` for a user, not both: the plan fails when one configuration " +
			"has both for the same login id (compared case-insensitively), since each apply would undo the other. To move a user from one to the other, " +
			"remove the resources you give up from the state instead of destroying them (a `removed` block with `lifecycle { destroy = false }`, " +
			"or `terraform state rm`): destroying them would take away roles the other resource gives.\n\n" +
			"Import with the user's login id: `terraform import " + userRolesType + ".example billing-sync`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The login id; also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"login_id": schema.StringAttribute{
				MarkdownDescription: "Login id of the user whose roles these are: " + client.LoginIDRule + ". Refer to the user's resource " +
					"(`apiusers_api_user.example.login_id`) so that Terraform creates the user first and, when the user is replaced, " +
					"gives the new one these roles in the same apply. Changing it replaces the resource (the old user's roles are taken away); " +
					"changing only its letter case is no change, since the server does not tell them apart.",
				Required:      true,
				Validators:    []validator.String{validators.LoginID()},
				PlanModifiers: []planmodifier.String{loginIDIgnoresCase{}, stringplanmodifier.RequiresReplace()},
			},
			"role_ids": schema.SetAttribute{
				MarkdownDescription: "Ids of every role the user is to hold, e.g. `[\"api_default\", \"reports\"]`; each one of the server's roles. " +
					"An empty set means no roles: apply takes every role away. Changes are applied in place.",
				Required:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
		},
	}
}

func (r *userRolesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics)
	loginIdentity.setFromState(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var created userRolesModel
	resp.Diagnostics.Append(resp.State.Get(ctx, &created)...)
	r.data.recordManaged(ctx, resp.Private, userRolesKey(created.LoginID.ValueString()), &resp.Diagnostics)
}

// Update makes the user's roles the planned ones; the store compares them
// with what the server holds now, not with the prior state.
func (r *userRolesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics)
	loginIdentity.setFromState(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// write makes the user hold exactly the planned roles and stores what the
// server then holds.
func (r *userRolesResource) write(ctx context.Context, planned tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan userRolesModel
	diags.Append(planned.Get(ctx, &plan)...)
	s := r.data.requireStore(diags)
	if s == nil {
		return
	}
	loginID, roleIDs, d := plan.request(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	ctx = tflog.SetField(ctx, "login_id", loginID)

	assigned, removed, err := s.SetUserRoles(ctx, loginID, roleIDs)
	if err != nil {
		addSetRolesError(ctx, s, loginID, roleIDs, assigned, removed, err, diags)
		return
	}
	tflog.Debug(ctx, "set user roles", map[string]any{"assigned": assigned, "removed": removed})
	r.readInto(ctx, s, loginID, state, diags)
}

// addSetRolesError explains a failed SetUserRoles, with what it did before
// it stopped.
func addSetRolesError(ctx context.Context, s *store.Store, loginID string, roleIDs, assigned, removed []string, err error, diags *diag.Diagnostics) {
	const summary = "Unable to Set User Roles"
	if addMissingExtensionError(err, userRolesType, diags) {
		return
	}
	action := fmt.Sprintf("set the roles of user %q", loginID)
	if errors.Is(err, client.ErrNotFound) {
		explainNotFound(ctx, s, summary, loginID, action, err, diags)
		return
	}
	done := "Nothing was changed."
	if len(assigned)+len(removed) > 0 {
		done = fmt.Sprintf("Before the error the provider assigned %d and took away %d roles (assigned: %s; taken away: %s); the next plan shows what is left.",
			len(assigned), len(removed), strings.Join(assigned, ", "), strings.Join(removed, ", "))
	}
	diags.AddError(summary,
		withCause(fmt.Sprintf("Could not %s to [%s]. %s Check that the provider's user holds account_admin and apply again.",
			action, strings.Join(roleIDs, ", "), done), err))
}

// Read reports the roles the user holds, so that a role assigned or taken
// away outside Terraform shows as a difference; a user that no longer exists
// removes the resource from state (the next plan creates it again).
func (r *userRolesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userRolesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// The identity, before the server is asked: the roles of a user found
	// gone keep it too, as the framework requires.
	loginIdentity.setFromState(ctx, req.State, resp.Identity, &resp.Diagnostics)
	s := r.data.requireStore(&resp.Diagnostics)
	if s == nil {
		return
	}
	loginID := state.LoginID.ValueString()
	ctx = tflog.SetField(ctx, "login_id", loginID)

	_, found, err := s.ManagedUser(ctx, loginID)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read User Roles",
			withCause(fmt.Sprintf("Could not read whether user %q still exists. Check the provider's endpoint and credentials and try again.", loginID), err))
		return
	}
	if !found {
		tflog.Info(ctx, "user no longer exists on the server; removing its roles from state")
		resp.State.RemoveResource(ctx)
		return
	}
	r.readInto(ctx, s, loginID, &resp.State, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	r.data.recordManaged(ctx, resp.Private, userRolesKey(loginID), &resp.Diagnostics)
}

// readInto sets state to the roles loginID holds on the server.
func (r *userRolesResource) readInto(ctx context.Context, s *store.Store, loginID string, state *tfsdk.State, diags *diag.Diagnostics) {
	held, err := s.UserRoles(ctx, loginID)
	if addMissingExtensionError(err, userRolesType, diags) {
		return
	}
	if err != nil {
		diags.AddError("Unable to Read User Roles",
			withCause(fmt.Sprintf("Could not read the roles of user %q. Check the provider's endpoint and credentials and try again.", loginID), err))
		return
	}
	model, d := newUserRolesModel(ctx, loginID, held)
	if diags.Append(d...); !diags.HasError() {
		diags.Append(state.Set(ctx, &model)...)
	}
}

// Delete takes away the roles in state. Roles role_ids does not list were
// taken away by the apply that last wrote them; a role or user already gone
// is success (deleting a user removes its roles on the server).
func (r *userRolesResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userRolesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	s := r.data.requireStore(&resp.Diagnostics)
	if s == nil {
		return
	}
	loginID, roleIDs, d := state.request(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.SetField(ctx, "login_id", loginID)
	for _, roleID := range roleIDs {
		if err := s.UnassignRole(ctx, roleID, loginID); err != nil {
			resp.Diagnostics.AddError("Unable to Remove User Roles",
				withCause(fmt.Sprintf("Could not take role %q away from user %q. Check that the provider's user holds account_admin and destroy again.", roleID, loginID), err))
			return
		}
	}
	tflog.Debug(ctx, "took the user's roles away", map[string]any{"roles": roleIDs})
}

// ImportState takes the user's login id; Read then fills in its roles. The
// login id is stored as the server spells it.
func (r *userRolesResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	loginID, ok := importLoginID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	u := r.data.userToImport(ctx, loginID, "User Roles", &resp.Diagnostics)
	if u == nil {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("login_id"), u.UserID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), u.UserID)...)
	loginIdentity.setFromState(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	r.data.recordManaged(ctx, resp.Private, userRolesKey(u.UserID), &resp.Diagnostics)
}
