package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

var (
	_ resource.Resource                = (*projectPrivilegeResource)(nil)
	_ resource.ResourceWithConfigure   = (*projectPrivilegeResource)(nil)
	_ resource.ResourceWithImportState = (*projectPrivilegeResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*projectPrivilegeResource)(nil)
	_ resource.ResourceWithIdentity    = (*projectPrivilegeResource)(nil)
	_ list.ListResource                = (*projectPrivilegeResource)(nil)
	_ list.ListResourceWithConfigure   = (*projectPrivilegeResource)(nil)
)

// projectPrivilegeID is the id of apiusers_project_privilege.
var projectPrivilegeID = twoPartID{first: "project_id", second: "login_id", example: "badges/billing-sync"}

// NewProjectPrivilegeResource is the constructor the provider registers.
func NewProjectPrivilegeResource() resource.Resource { return newProjectPrivilegeResource() }

func newProjectPrivilegeResource() *projectPrivilegeResource {
	return &projectPrivilegeResource{linkResource{id: projectPrivilegeID, catalogue: projectIDCheck, held: privilegesHeld, listing: projectPrivilegeListing}}
}

// projectPrivilegeResource is one user's whole privilege set on one project.
// The server replaces the set on every write, so the resource owns the set
// and updates it in place.
type projectPrivilegeResource struct {
	linkResource
}

type projectPrivilegeModel struct {
	ID         types.String `tfsdk:"id"`
	ProjectID  types.String `tfsdk:"project_id"`
	LoginID    types.String `tfsdk:"login_id"`
	Privileges types.Set    `tfsdk:"privileges"`
}

// newProjectPrivilegeModel maps a privilege set as the server reports it to
// the resource's attributes. It is the only place that builds the id.
func newProjectPrivilegeModel(ctx context.Context, projectID, loginID string, privileges []string) (projectPrivilegeModel, diag.Diagnostics) {
	set, diags := types.SetValueFrom(ctx, types.StringType, privileges)
	return projectPrivilegeModel{
		ID:         types.StringValue(projectPrivilegeID.join(projectID, loginID)),
		ProjectID:  types.StringValue(projectID),
		LoginID:    types.StringValue(loginID),
		Privileges: set,
	}, diags
}

// request maps the resource's attributes to what PUT
// /projects/{projectId}/privileges/{userID} takes.
func (m projectPrivilegeModel) request(ctx context.Context) (projectID, loginID string, privileges []string, diags diag.Diagnostics) {
	diags = m.Privileges.ElementsAs(ctx, &privileges, false)
	projectID, loginID = m.ids()
	return projectID, loginID, privileges, diags
}

// ids is the project and the user whose privileges the resource sets.
func (m projectPrivilegeModel) ids() (projectID, loginID string) {
	return m.ProjectID.ValueString(), m.LoginID.ValueString()
}

func (r *projectPrivilegeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project_privilege"
}

func (r *projectPrivilegeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema("Sets one user's privileges on one project (a body of records such as a card design). "+
		"The resource owns the user's whole privilege set on that project: privileges added outside Terraform show as a "+
		"difference and are removed on the next apply, and destroying the resource takes every privilege on the project away. "+
		"The project must exist on the server: an unknown `project_id` fails at plan time and the message lists the valid projects "+
		"(the `apiusers_projects` data source reads the same catalogue).",
		"Id of the project, e.g. `badges`; one of the server's projects. Changing it replaces the resource.",
		"Login id of the user. Refer to the user's resource "+
			"(`apiusers_api_user.example.login_id`) so that Terraform creates the user first and, when the user is "+
			"replaced, gives the new one these privileges in the same apply. Changing it replaces the resource.",
		map[string]schema.Attribute{"privileges": schema.SetAttribute{
			MarkdownDescription: "The privileges, a non-empty set from `" + strings.Join(validators.PrivilegeNames(), "`, `") +
				"`. It must contain `" + validators.PrivilegeAccessProducer + "`, which every other privilege requires. " +
				"Changes are applied in place.",
			Required:    true,
			ElementType: types.StringType,
			Validators:  []validator.Set{validators.Privileges()},
		}})
}

// projectIDCheck checks project_id against the server's projects.
// privilegesHeld reports whether the user holds privileges on the project.
func privilegesHeld(ctx context.Context, s *store.Store, projectID, loginID string) (bool, error) {
	_, found, err := s.ProjectPrivileges(ctx, projectID, loginID)
	return found, err
}

var projectIDCheck = projectCatalogue.checkFor("apiusers_project_privilege", "project_id")

func (r *projectPrivilegeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var created projectPrivilegeModel
	resp.Diagnostics.Append(resp.State.Get(ctx, &created)...)
	r.recordManaged(ctx, resp.Private, created, &resp.Diagnostics)
}

// Update writes the planned set; the server replaces the user's whole set on
// the project, so there is nothing to diff against the prior state.
func (r *projectPrivilegeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics)
	r.setIdentity(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// write sends the planned set and stores what the server kept.
func (r *projectPrivilegeResource) write(ctx context.Context, planned tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var plan projectPrivilegeModel
	ctx, s := r.readModelAndStore(ctx, planned, &plan, diags)
	if s == nil {
		return
	}
	projectID, loginID, privileges, d := plan.request(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return
	}

	stored, err := s.SetProjectPrivileges(ctx, projectID, loginID, privileges)
	if err != nil {
		action := fmt.Sprintf("set the privileges of user %q on project %q", loginID, projectID)
		switch {
		case errors.Is(err, client.ErrNotFound):
			explainNotFound(ctx, s, "Unable to Set Project Privileges", loginID, action, err, diags)
		case errors.Is(err, client.ErrBadRequest):
			diags.AddAttributeError(path.Root("privileges"), "Unable to Set Project Privileges",
				withCause(fmt.Sprintf("The server refused to %s: it does not accept this privilege set. Use names from %s and include %q.",
					action, strings.Join(validators.PrivilegeNames(), ", "), validators.PrivilegeAccessProducer), err))
		default:
			diags.AddError("Unable to Set Project Privileges",
				withCause(fmt.Sprintf("Could not %s. Check that the provider's user holds account_admin and apply again.", action), err))
		}
		return
	}
	tflog.Debug(ctx, "set project privileges", map[string]any{"privileges": stored})
	model, d := newProjectPrivilegeModel(ctx, projectID, loginID, stored)
	if diags.Append(d...); !diags.HasError() {
		diags.Append(state.Set(ctx, &model)...)
	}
}

// Read removes the resource from state when the user holds no privileges on
// the project any more (or the project or user is gone), and otherwise
// reports the set the server holds, so out-of-band changes show as drift.
func (r *projectPrivilegeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.readLink(ctx, req, resp, &projectPrivilegeModel{}, func(ctx context.Context, s *store.Store, projectID, loginID string) (linkModel, bool, diag.Diagnostics, error) {
		privileges, found, err := s.ProjectPrivileges(ctx, projectID, loginID)
		if err != nil || !found {
			return nil, false, nil, err
		}
		read, diags := newProjectPrivilegeModel(ctx, projectID, loginID, privileges)
		return read, true, diags, nil
	}, "Unable to Read Project Privileges", "the privileges of user %[2]q on project %[1]q")
}

func (r *projectPrivilegeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.deleteLink(ctx, req.State, &projectPrivilegeModel{}, (*store.Store).DeleteProjectPrivileges, "Unable to Delete Project Privileges",
		"the privileges of user %[2]q on project %[1]q away", &resp.Diagnostics)
}
