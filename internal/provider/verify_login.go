package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// This file is verify_login: after an apply sets a user's password (a
// create, a restore, a rotation), the provider logs in once as that user
// with it, as the integration will, so that a password the server did not
// take fails the apply that set it rather than the integration later.

// verifyLoginDescription is the schema's description of verify_login.
const verifyLoginDescription = "When `true`, every apply that sets the password (a create, a restore of a retired user, a password change) " +
	"then logs in once as the user with it (`GET /auth`), as the integration will, and fails if the server refuses it: " +
	"so a password the server did not take fails the apply, not the integration later. " +
	"A failed create leaves the user tainted (the next apply replaces it); a failed password change keeps the previous password settings in state (the next apply sets it again). " +
	"Needs `status` `active`: only active users can log in. Not sent to the server."

// verifyLogin logs in as loginID with password, the one this apply set,
// when verify is true. On failure it adds an error on verify_login naming
// the likely causes, with what the next apply does (then), and returns
// false. The password is never in the diagnostic: the client masks it.
func (r *apiUserResource) verifyLogin(ctx context.Context, s *store.Store, verify types.Bool, loginID, password, then string, diags *diag.Diagnostics) bool {
	if !verify.ValueBool() {
		return true
	}
	if _, err := s.Login(ctx, loginID, password); err != nil {
		diags.AddAttributeError(path.Root("verify_login"), "API User Login Not Verified",
			fmt.Sprintf("verify_login: this apply set the password of API user %q and then logged in with it once (GET /auth), as the integration will, and the server refused the login. "+
				"The likely causes: the server did not accept the password, the user is not ACTIVE, or the server ignored the change. %s\n\n%s",
				loginID, then, loginFailureDetail(ctx, r.data, loginID, err)))
		return false
	}
	return true
}

// Where a failed verification leaves the user, for the error.
const (
	verifyThenCreate = "The user exists on the server and is recorded in state as tainted: the next apply replaces it and verifies the new password."
	verifyThenUpdate = "The state keeps the previous password settings, so the next apply sets the password again and verifies it."
)

// keepPriorPassword undoes, in the state an update records, what says the
// new password is in place, so that the next plan sets it again: a given
// password, the keepers of a generated one, password_wo_version, and the
// password's age (a due rotation stays due, and the refresh sees the
// server's passwordChangedAt move, as after a reset outside Terraform).
func keepPriorPassword(newState *apiUserModel, prior apiUserModel) {
	newState.Password, newState.Keepers, newState.PasswordWOVersion = prior.Password, prior.Keepers, prior.PasswordWOVersion
	newState.PasswordChangedAt, newState.RotationDueAt = prior.PasswordChangedAt, prior.RotationDueAt
}

// verifyLoginNeedsActive refuses verify_login with a status other than
// active at plan time: the server refuses every login of such a user, so
// the verification could only fail.
type verifyLoginNeedsActive struct{}

var _ resource.ConfigValidator = verifyLoginNeedsActive{}

func (verifyLoginNeedsActive) Description(context.Context) string {
	return "verify_login needs status active: only active users can log in"
}

func (v verifyLoginNeedsActive) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (verifyLoginNeedsActive) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var verify types.Bool
	var status types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verify_login"), &verify)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("status"), &status)...)
	if resp.Diagnostics.HasError() || !verify.ValueBool() || status.IsNull() || status.IsUnknown() || strings.EqualFold(status.ValueString(), statusActive) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("verify_login"), "Login Cannot Be Verified",
		fmt.Sprintf("verify_login: can be true only for a user whose status is %q, since only active users can log in; status is %q. "+
			"Set verify_login = false, or status = %q.", statusActive, status.ValueString(), statusActive))
}
