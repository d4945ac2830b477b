package floorprovider

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
)

var _ resource.Resource = (*mirrorResource)(nil)

// mirrorResource is a floor resource: the schema of one of apiusers's
// resources (attributes, validators, defaults and plan modifiers), taken
// from the real resource so the two cannot drift apart; what it leaves out
// is everything that needs the server: the plan-time checks, the store and
// the client.
type mirrorResource struct {
	suffix string // the type name after "floor"
	real   func() resource.Resource
}

// mirrors are floor_api_user, floor_role_assignment and
// floor_project_privilege.
func mirrors() []func() resource.Resource {
	mirror := func(suffix string, real func() resource.Resource) func() resource.Resource {
		return func() resource.Resource { return &mirrorResource{suffix: suffix, real: real} }
	}
	return []func() resource.Resource{
		mirror("_api_user", provider.NewAPIUserResource),
		mirror("_role_assignment", provider.NewRoleAssignmentResource),
		mirror("_project_privilege", provider.NewProjectPrivilegeResource),
	}
}

func (r *mirrorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.suffix
}

func (r *mirrorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real().Schema(ctx, req, resp)
}

// Create stores the plan, with a stand-in for each value the server would
// report (an api user's key, group, password_changed_at, a generated
// password; a link's id).
func (r *mirrorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	raw, err := knownValues(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Floor Create Failed", err.Error())
		return
	}
	resp.State.Raw = raw
}

// Read keeps the state: there is no server to compare it with.
func (r *mirrorResource) Read(_ context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	resp.State.Raw = req.State.Raw
}

// Update stores the plan, like Create.
func (r *mirrorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	raw, err := knownValues(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Floor Update Failed", err.Error())
		return
	}
	resp.State.Raw = raw
}

// Delete has nothing to remove.
func (r *mirrorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// knownValues replaces every unknown value of a planned object with a fixed
// value of its type, as a server's answer would.
func knownValues(plan tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(plan, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		switch t := v.Type(); {
		case t.Is(tftypes.String):
			return tftypes.NewValue(t, "floor"), nil
		case t.Is(tftypes.Number):
			return tftypes.NewValue(t, big.NewFloat(4)), nil
		case t.Is(tftypes.Bool):
			return tftypes.NewValue(t, false), nil
		default:
			return tftypes.NewValue(t, nil), nil // collections: null
		}
	})
}
