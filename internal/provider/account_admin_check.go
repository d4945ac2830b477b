package provider

// On servers where only an account owner may manage users (account_admin),
// a provider user without the role passes a plan and gets 403 Forbidden at
// apply, half-way through. So every plan that writes asks, on a server with
// the roles extension, whether the provider's own user holds account_admin.
// The answer comes from the store's per-process caches (GET /roles once,
// GET /roles/account_admin/users once); the error is given once per run,
// by the first resource that plans a write, which is enough to fail the
// plan as a whole.

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// planWrites reports whether a plan changes the object: a create, a
// destroy or an update. A plan without a change writes nothing.
func planWrites(req resource.ModifyPlanRequest) bool { return !req.Plan.Raw.Equal(req.State.Raw) }

// requireAccountAdmin fails the plan, once per run, when the server has
// the roles extension and the provider's own user does not hold
// account_admin. A server without the extension (or server_extensions =
// "none"), or one without that role, is not checked: it cannot say.
func (d *providerData) requireAccountAdmin(ctx context.Context, diags *diag.Diagnostics) {
	own := d.ownUser()
	if own == "" {
		return
	}
	holds, err := d.holdsAccountAdmin(ctx, own)
	if err != nil {
		// The plan's other reads report an unreachable server; a failed
		// check must not stop a plan that would otherwise work.
		tflog.Warn(ctx, "could not check that the provider's user holds account_admin", map[string]any{"error": err.Error()})
		return
	}
	if holds || !d.once("lacks-account-admin") {
		return
	}
	diags.AddError(adminSummary,
		fmt.Sprintf("The provider authenticates as %q (its username), which does not hold the role %q. On this server only a holder of %s may create, change "+
			"or delete API users, role assignments and privileges, so the apply of this plan would fail with 403 Forbidden part-way, leaving it partly done. "+
			"Give user %q the role %q (as another admin), or configure the provider with a user that holds it, then plan again.",
			own, roleAccountAdmin, roleAccountAdmin, own, roleAccountAdmin))
}

// holdsAccountAdmin reports whether loginID holds account_admin, true when
// the server cannot tell (no roles extension, or no such role).
func (d *providerData) holdsAccountAdmin(ctx context.Context, loginID string) (bool, error) {
	if _, err := d.store.Roles(ctx); err != nil {
		if errors.Is(err, client.ErrExtensionMissing) {
			return true, nil
		}
		return false, err
	}
	holds, err := d.store.HasRole(ctx, roleAccountAdmin, loginID)
	if errors.Is(err, client.ErrNotFound) {
		return true, nil
	}
	return holds, err
}
