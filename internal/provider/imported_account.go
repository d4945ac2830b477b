package provider

// A server that speaks only the documented protocol does not report
// apiUser, so an import cannot tell an integration's account from a
// person's, and deletion_mode can only be "delete" there (trash and
// deactivate need status): `terraform destroy` of such an import erases
// the account. The import says so, and marks the object; a plan that
// destroys a marked object says so again, so that neither the default
// deletion_mode nor a forgotten import makes the deletion silent.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// privateUnverifiedKey marks, in the private data, an API user imported
// from a server that does not say whether it is a person.
const privateUnverifiedKey = "imported_unverified"

// unverifiedImportDetail is the import's warning for loginID.
func unverifiedImportDetail(loginID string) string {
	return fmt.Sprintf("The server does not report apiUser (an extension of the Users API; see the Server API guide), so the provider cannot tell whether %q is an API user "+
		"(an integration) or a person. Import only the accounts of integrations: apiusers_api_user manages them as such, and terraform destroy (or removing the resource "+
		"from the configuration) deletes the account on the server, whatever deletion_mode says, since this server cannot trash or deactivate users. "+
		"To stop managing it without deleting it, use a removed block with lifecycle { destroy = false }.", loginID)
}

// warnUnverifiedDestroy warns when a plan destroys a marked object.
func warnUnverifiedDestroy(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	var marked bool
	if !req.Plan.Raw.IsNull() || !getPrivate(ctx, req.Private, privateUnverifiedKey, &marked) {
		return
	}
	var loginID types.String
	diags.Append(req.State.GetAttribute(ctx, path.Root("login_id"), &loginID)...)
	diags.AddWarning("Destroy Deletes an Imported Account",
		fmt.Sprintf("This plan destroys API user %q, which was imported from a server that does not say whether it is an API user or a person: "+
			"applying it deletes the account on the server. If the account is a person's, or must be kept, do not apply: "+
			"replace the resource block with a removed block with lifecycle { destroy = false }, which stops managing it and deletes nothing.", loginID.ValueString()))
}

// planAccountChecks is apiusers_api_user's part of ModifyPlan for the
// accounts a plan must not lose: the provider's own (self_lockout.go) and
// an imported one that may be a person's.
func (r *apiUserResource) planAccountChecks(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	r.checkProviderUser(ctx, req, diags)
	warnUnverifiedDestroy(ctx, req, diags)
}
