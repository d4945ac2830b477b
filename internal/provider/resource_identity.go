package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// This file holds the resource identity (Terraform 1.12+) of the resources:
// the server ids that name the object, stored by Terraform beside the state,
// shown by `terraform query` and taken by `import { identity = {...} }`.
//
// Every identity here is made of attributes the resource has too, with the
// same names and values: login_id for a user (apiusers_api_user,
// apiusers_user_roles), role_id or project_id and login_id for a link. So
// the identity is copied from the state (or plan) rather than built by each
// method, and cannot disagree with it. The attributes never change in place
// (they force replacement, and a change of letter case only is no change), so
// the identity is the same for the whole life of the object, as Terraform
// requires. A state written before identities existed gets its identity at
// the next refresh, from the same attributes: no state upgrade is needed.

// objectIdentity is the identity of one resource type: the names of its
// attributes, in the order an import id gives them, and their descriptions.
type objectIdentity struct {
	attrs        []string
	descriptions map[string]string
}

// loginIdentity identifies what belongs to one user: the user itself, or all
// of its roles.
var loginIdentity = objectIdentity{
	attrs:        []string{"login_id"},
	descriptions: map[string]string{"login_id": "Login id of the user, as the state spells it."},
}

// identity is the identity of a link resource: the two halves of its id.
func (f twoPartID) identity() objectIdentity {
	return objectIdentity{
		attrs: []string{f.first, f.second},
		descriptions: map[string]string{
			f.first:  "The `" + f.first + "` half of the id `" + f.format() + "`.",
			f.second: "Login id of the user, the `" + f.second + "` half of the id `" + f.format() + "`.",
		},
	}
}

// schema is the resource's IdentitySchema: every attribute is needed to
// import by identity.
func (i objectIdentity) schema() identityschema.Schema {
	attrs := make(map[string]identityschema.Attribute, len(i.attrs))
	for _, a := range i.attrs {
		attrs[a] = identityschema.StringAttribute{RequiredForImport: true, Description: i.descriptions[a]}
	}
	return identityschema.Schema{Attributes: attrs}
}

// attributeGetter is the part of tfsdk.State, tfsdk.Plan and
// tfsdk.ResourceIdentity that the identity is read from.
type attributeGetter interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// values reads the identity's attributes from from (a state, plan or
// identity), in order; known is false when one is null or unknown.
func (i objectIdentity) values(ctx context.Context, from attributeGetter, diags *diag.Diagnostics) (values []string, known bool) {
	known = true
	for _, a := range i.attrs {
		var v types.String
		diags.Append(from.GetAttribute(ctx, path.Root(a), &v)...)
		known = known && !v.IsNull() && !v.IsUnknown()
		values = append(values, v.ValueString())
	}
	return values, known && !diags.HasError()
}

// set writes values (in the order of attrs) into identity. identity is nil
// when the resource is served without identity support.
func (i objectIdentity) set(ctx context.Context, identity *tfsdk.ResourceIdentity, values []string, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	if len(values) != len(i.attrs) {
		diags.AddError("Invalid Resource Identity",
			fmt.Sprintf("The provider built an identity of %d values for the attributes %s. This is a bug in the provider; please report it.", len(values), strings.Join(i.attrs, ", ")))
		return
	}
	for n, v := range values {
		diags.Append(identity.SetAttribute(ctx, path.Root(i.attrs[n]), v)...)
	}
}

// setFrom sets the identity from a state or plan that names the object;
// one with a null or unknown attribute (a state removed by Read, an id known
// only after apply) leaves it as it is.
func (i objectIdentity) setFrom(ctx context.Context, from attributeGetter, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if values, known := i.values(ctx, from, diags); known {
		i.set(ctx, identity, values, diags)
	}
}

// setFromState is setFrom for a state that may have been removed (Read of a
// gone object), which names nothing.
func (i objectIdentity) setFromState(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if !state.Raw.IsNull() {
		i.setFrom(ctx, state, identity, diags)
	}
}

// modifyPlan makes the identity known at plan: for a create, from the
// planned attributes (when they are known); for an update or destroy of an
// object whose state has no identity yet (written before identities, and
// planned with -refresh=false), from the prior state. An identity already in
// state is kept, as Terraform requires.
func (i objectIdentity) modifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if resp.Identity == nil || !resp.Identity.Raw.IsFullyNull() {
		return
	}
	switch {
	case req.State.Raw.IsNull() && !req.Plan.Raw.IsNull():
		i.setFrom(ctx, req.Plan, resp.Identity, &resp.Diagnostics)
	case !req.State.Raw.IsNull():
		i.setFrom(ctx, req.State, resp.Identity, &resp.Diagnostics)
	}
}

// importValues is what an import names, in the order of attrs: the import
// id split by split (`terraform import`, `import { id = ... }`), or the
// identity's attributes (`import { identity = {...} }`, Terraform 1.12+).
// ok is false when diags says why the import cannot go on.
func (i objectIdentity) importValues(ctx context.Context, req resource.ImportStateRequest, split func(string) ([]string, error), diags *diag.Diagnostics) (values []string, ok bool) {
	if req.ID != "" || req.Identity == nil {
		values, err := split(req.ID)
		if err != nil {
			diags.AddError("Invalid Import ID", err.Error())
			return nil, false
		}
		return values, true
	}
	values, known := i.values(ctx, req.Identity, diags)
	if diags.HasError() {
		return nil, false
	}
	if !known {
		diags.AddError("Invalid Import Identity",
			fmt.Sprintf("Importing by identity needs every identity attribute: %s.", strings.Join(i.attrs, ", ")))
		return nil, false
	}
	return values, true
}

// importLoginID is the login id an import of a user's resource names: the
// import id, or the identity's login_id. ok is false when diags says why
// the import cannot go on.
func importLoginID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (loginID string, ok bool) {
	values, ok := loginIdentity.importValues(ctx, req, func(id string) ([]string, error) { return []string{id}, nil }, diags)
	if !ok {
		return "", false
	}
	return values[0], true
}
