package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// This file is the create of apiusers_api_user: an ADD, or a restore of a
// retired user (one that exists but is not ACTIVE, e.g. after a destroy
// with deletion_mode trash or deactivate), and what is recorded when the
// server's answer is lost.

func (r *apiUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config apiUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	s := r.data.requireStore(&resp.Diagnostics)
	if s == nil {
		return
	}
	if !r.generateLoginIDForCreate(ctx, s, &plan, &config, &resp.Diagnostics) {
		return
	}
	loginID := plan.LoginID.ValueString()
	ext, ok := r.extensionsForApply(ctx, s, config, "Create", &resp.Diagnostics)
	if !ok {
		return
	}
	pw, password, err := passwordToSend(config, apiUserModel{}, true, false)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create API User",
			withCause(fmt.Sprintf("No password could be generated for API user %q.", loginID), err))
		return
	}

	u, err := r.addOrRestore(ctx, s, plan, *password, ext)
	switch {
	case err == nil:
	case appliedButNotReadBack(err):
		// The server created the user; only the read-back failed. Record it
		// as planned, with what only the server knows left null until the
		// next refresh reads it, so that nothing is created twice and the
		// password is not lost.
		resp.Diagnostics.AddWarning("API User Created but Not Read Back",
			withCause(fmt.Sprintf("The server created API user %q, but reading it back failed, so its key and other server-side values are unknown until the next plan reads them.", loginID), err))
		state := plannedWithoutServerValues(plan)
		state.Password = pw.stateValue(*password)
		r.setCreated(ctx, state, resp)
		r.verifyLogin(ctx, s, plan.VerifyLogin, loginID, *password, verifyThenCreate, &resp.Diagnostics)
		return
	case mayHaveBeenApplied(err):
		// Whether the server created the user is unknown. Recording it
		// (Terraform then marks it tainted) lets the next plan find out:
		// a user that is not there is removed from state and created; one
		// that is there is replaced. Either way nothing is orphaned.
		state := plannedWithoutServerValues(plan)
		state.Password = pw.stateValue(*password)
		r.setCreated(ctx, state, resp)
		resp.Diagnostics.AddError("Unable to Confirm API User Creation",
			withCause(fmt.Sprintf("It is not known whether the server created API user %q: the request failed in a way that leaves it open, and the users could not be read back. "+
				"The user is recorded as tainted; the next apply reads the server and creates or replaces it as needed.", loginID), err))
		return
	default:
		detail := fmt.Sprintf("The server did not create API user %q. Fix the cause below and apply again.", loginID)
		if existing, found, lookupErr := s.User(ctx, loginID); lookupErr == nil && found {
			detail = fmt.Sprintf("The server refused to create API user %q because a user with that login id already exists (key %d). Nothing was changed. %s",
				loginID, existing.Key, createBeforeDestroyHint)
		}
		resp.Diagnostics.AddError("Unable to Create API User", withCause(detail, err))
		return
	}
	state := userToModel(*u, plan)
	state.Password = pw.stateValue(*password)
	r.setCreated(ctx, state, resp)
	if restored, err := r.giveBackBindings(ctx, s, loginID); err != nil {
		resp.Diagnostics.AddWarning("Roles and Privileges Not Restored",
			withCause(fmt.Sprintf("API user %q replaces a user of the same login id deleted in this apply, which held roles %v and privileges on %d projects; giving them back failed. "+
				"The next plan shows the role assignments and privileges to create again.", loginID, restored.Roles, len(restored.Privileges)), err))
	}
	r.verifyLogin(ctx, s, plan.VerifyLogin, loginID, *password, verifyThenCreate, &resp.Diagnostics)
}

// giveBackBindings gives a user created with loginID what a user of the
// same login id deleted earlier in this process held (runState.bindings),
// and reports it.
func (r *apiUserResource) giveBackBindings(ctx context.Context, s *store.Store, loginID string) (store.Bindings, error) {
	b, _ := r.data.run.takeBindings(loginID)
	for _, role := range b.Roles {
		if err := s.AssignRole(ctx, role, loginID); err != nil {
			return b, err
		}
	}
	for project, privileges := range b.Privileges {
		if _, err := s.SetProjectPrivileges(ctx, project, loginID, privileges); err != nil {
			return b, err
		}
	}
	return b, nil
}

// addOrRestore adds the planned user, or restores the retired user whose
// key the plan carries (checkLoginIDFree).
func (r *apiUserResource) addOrRestore(ctx context.Context, s *store.Store, plan apiUserModel, password string, ext client.Extensions) (*client.User, error) {
	if restoring := !plan.Key.IsUnknown() && !plan.Key.IsNull(); restoring {
		return r.restore(ctx, s, plan, password, ext)
	}
	u, err := s.Apply(ctx, modelToSyncOp(plan, password, ext))
	var rejected *client.SyncError
	if errors.As(err, &rejected) {
		// The login id may have been retired since the plan (a
		// replacement whose destroy trashed the user): restore it.
		if existing, found, lookupErr := s.User(ctx, plan.LoginID.ValueString()); lookupErr == nil && found && restorable(*existing) {
			return r.restore(ctx, s, plan, password, ext)
		}
	}
	return u, err
}

// checkLoginIDFree plans the create of a login id that may exist already:
// a free one is created; a retired API user that holds no role or
// privilege is restored (the plan says so, and carries the user's key);
// anyone else is an error with the import block that adopts the user
// instead.
func (r *apiUserResource) checkLoginIDFree(ctx context.Context, plan *apiUserModel, diags *diag.Diagnostics) {
	loginID := plan.LoginID.ValueString()
	if r.data.isOwnUser(plan.LoginID) {
		return // refused by checkProviderUser, without import advice
	}
	u, found, err := r.data.store.User(ctx, loginID)
	// At apply, Terraform plans each create again; the create half of a
	// replacement whose destroy retired the user (deletion_mode trash or
	// deactivate) then finds it holding what the configuration gave it,
	// which the plan accepted.
	var held store.Bindings
	retiredHere := r.data.run.retiredHere(loginID)
	if err == nil && found && restorable(*u) && !retiredHere {
		held, err = r.data.store.UserBindings(ctx, loginID)
	}
	if err != nil {
		diags.AddError("Unable to Check Login ID",
			withCause(fmt.Sprintf("Looking up login id %q on the server, and what a user of that login id holds, failed. Check the provider's endpoint and credentials and plan again.", loginID), err))
		return
	}
	if !found {
		return
	}
	importBlock := fmt.Sprintf("import {\n  to = apiusers_api_user.<NAME>\n  id = %q\n}", u.UserID)
	switch {
	case restorable(*u) && held.Empty():
		plan.Key = types.Int64Value(u.Key)
		keeps := "It holds no roles and no project privileges."
		switch {
		case retiredHere:
			keeps = "It keeps the roles and project privileges it held when this apply retired it."
		case len(held.Unreported) > 0:
			keeps = fmt.Sprintf("The server does not report %s (it lacks those extensions), so this plan cannot show whether the restored user keeps any.",
				strings.Join(held.Unreported, " or "))
		}
		diags.AddAttributeWarning(path.Root("login_id"), "Retired API User Will Be Restored",
			fmt.Sprintf("An API user with login id %q already exists on the server with status %q (key %d), for example after a destroy with deletion_mode %q or %q. "+
				"This plan restores that user instead of creating a new one: it sets the configured attributes, the status and the password. %s",
				u.UserID, derefStatus(u.Status), u.Key, deletionModeTrash, deletionModeDeactivate, keeps))
		return
	case restorable(*u):
		diags.AddAttributeError(path.Root("login_id"), "Retired API User Holds Roles or Privileges",
			fmt.Sprintf("An API user with login id %q already exists on the server with status %q (key %d), and it holds %s. "+
				"Creating it would restore that user with all of these and with the password this configuration sets. "+
				"The plan cannot tell which of them this configuration declares for the user (the resources that do are planned after the user), "+
				"so it restores no user that holds any. Either manage the user as it is: import it by adding this block to the configuration "+
				"(replace <NAME> with this resource's name, shown above), declare the roles and privileges it is to keep "+
				"(apiusers_role_assignment or apiusers_user_roles, apiusers_project_privilege; import those too) and plan again:\n\n%s\n\n"+
				"Or take the roles and privileges away on the server first, then plan again to restore the user without them. Or choose another login_id.",
				u.UserID, derefStatus(u.Status), u.Key, heldList(held), importBlock))
		return
	}
	if u.APIUser != nil && !*u.APIUser {
		diags.AddAttributeError(path.Root("login_id"), "Login ID Belongs to a Person",
			fmt.Sprintf("login_id: a person (not an API user) with login id %q already exists on the server (key %d), so it cannot be created. "+
				"A person cannot be managed as an API user: apiusers_api_user manages only the accounts of integrations, and importing a person is refused; "+
				"people are managed in the product itself. Choose another login_id.", u.UserID, u.Key))
		return
	}
	kind := "An API user"
	if u.APIUser == nil {
		kind = "A user"
	}
	diags.AddAttributeError(path.Root("login_id"), "API User Already Exists",
		fmt.Sprintf("%s with login id %q already exists on the server (key %d), so it cannot be created. "+
			"To manage the existing user with Terraform, import it by adding this block to the configuration "+
			"(replace <NAME> with this resource's name, shown above) and plan again:\n\n%s\n\n"+
			"Otherwise choose another login_id. %s\n\n"+createBeforeDestroyHint, kind, u.UserID, u.Key, importBlock, movedNotImportedHint))
}

// heldList writes a user's roles and privileges for a message: role
// "reports" and privileges access_producer, print_card on project "badges".
func heldList(b store.Bindings) string {
	var parts []string
	if len(b.Roles) > 0 {
		parts = append(parts, quotedList(b.Roles))
	}
	for _, project := range slices.Sorted(maps.Keys(b.Privileges)) {
		parts = append(parts, fmt.Sprintf("privileges %s on project %q", strings.Join(b.Privileges[project], ", "), project))
	}
	return strings.Join(parts, " and ")
}

// createBeforeDestroyHint explains the one replacement that cannot work:
// login ids are unique, so the new user cannot exist beside the old one.
// Terraform deposes the old object before it re-plans the create at apply,
// with neither prior state nor private data, so no provider can tell that
// re-plan from a create colliding with a user Terraform does not manage;
// and it destroys a deposed object only after the create. Hence the
// targeted destroy, which is the one way out that needs no state surgery;
// without -refresh=false, a destroy first plans the configuration as usual,
// and that plan's create may run before the deposed object's refresh has
// told this process that the login id is Terraform's.
const createBeforeDestroyHint = "If this resource is being replaced with lifecycle { create_before_destroy = true }, that cannot work for apiusers_api_user: " +
	"login ids are unique on the server, so the new user cannot be created while the old one still exists. Do not import it. Remove " +
	"create_before_destroy from this resource: the default, destroy then create, replaces the user and gives it back its roles and privileges. " +
	"If an apply has already failed this way, Terraform keeps the old user as a deposed object that it would destroy only after the create: " +
	"run terraform apply -destroy -refresh=false -target=<ADDRESS> once for this resource (it deletes the user and its role assignments and privileges; " +
	"-refresh=false keeps Terraform from planning the create again first), then terraform apply creates them again."

// setCreated records a created user in state and marks it managed. Every
// create sets a password: rotate_after's age begins.
func (r *apiUserResource) setCreated(ctx context.Context, state apiUserModel, resp *resource.CreateResponse) {
	r.data.settleRotation(ctx, resp.Private, &state, true, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	loginIdentity.setFromState(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	r.data.recordManaged(ctx, resp.Private, apiUserKey(state.LoginID.ValueString()), &resp.Diagnostics)
}

// apiUserKey is the managed-object key of a login id (see replacement.go).
func apiUserKey(loginID string) string { return objectKey(apiUserType, loginID) }

// apiUserType is the type name of apiusers_api_user.
const apiUserType = "apiusers_api_user"

// apiUserObject is the user a create or destroy of loginID plans (see
// planObject).
func apiUserObject(loginID string) plannedObject {
	return plannedObject{key: apiUserKey(loginID), resource: apiUserType, what: fmt.Sprintf("API user %q", loginID),
		loss: "delete the user after creating it, or fail to create it because it still exists: either way the integration is left without its account, " +
			"and the user created again later has a new key and a new password"}
}

// restore turns the retired user with the plan's login id into the planned
// one: a MODIFY that sets every configured attribute (clearing the rest),
// the status and the password.
func (r *apiUserResource) restore(ctx context.Context, s *store.Store, plan apiUserModel, password string, ext client.Extensions) (*client.User, error) {
	loginID := plan.LoginID.ValueString()
	existing, found, err := s.User(ctx, loginID)
	switch {
	case err != nil:
		return nil, err
	case !found:
		return nil, fmt.Errorf("the retired user %q that the plan restores no longer exists; plan again to create it", loginID)
	case !restorable(*existing):
		return nil, fmt.Errorf("user %q is no longer retired (status %q); plan again", loginID, derefStatus(existing.Status))
	case !plan.Key.IsUnknown() && !plan.Key.IsNull() && plan.Key.ValueInt64() != existing.Key:
		return nil, fmt.Errorf("the plan restores user %q with key %d, but the server's user of that login id now has key %d; plan again", loginID, plan.Key.ValueInt64(), existing.Key)
	}
	op, _ := diffToModifyOp(plan, userToModel(*existing, plan), &password)
	apiUser := true
	op.APIUser = &apiUser
	op.Status = wireStatus(plan.Status)
	return s.Apply(ctx, ext.Sendable(op))
}

// restorable reports whether an existing user may be taken over by a
// create: an API user (or one the server does not say is a person) that is
// retired, as the server reports its status. An ACTIVE user, or one whose
// status the server does not report, is someone's: importing it is a
// decision the configuration must make explicitly.
func restorable(u client.User) bool {
	if u.APIUser != nil && !*u.APIUser {
		return false
	}
	return u.Status != nil && !strings.EqualFold(*u.Status, client.StatusActive)
}

func derefStatus(s *string) string {
	if s == nil {
		return "unknown"
	}
	return *s
}

// appliedButNotReadBack: the server applied the operation, only reading the
// result failed.
func appliedButNotReadBack(err error) bool {
	var readBack *store.ReadBackError
	return errors.As(err, &readBack)
}

// mayHaveBeenApplied: the operation's outcome is unknown.
func mayHaveBeenApplied(err error) bool {
	return errors.Is(err, client.ErrSyncOutcomeUnknown)
}

// plannedWithoutServerValues is the plan with every value only the server
// could tell (unknown in the plan) null, for a create whose result was not
// read back; the next refresh reads them.
func plannedWithoutServerValues(plan apiUserModel) apiUserModel {
	m := plan
	for _, v := range []*types.Int64{&m.Key, &m.GroupID, &m.TokenExpires} {
		if v.IsUnknown() {
			*v = types.Int64Null()
		}
	}
	if m.BranchIDs.IsUnknown() {
		m.BranchIDs = types.SetNull(types.Int64Type)
	}
	for _, v := range []*types.String{&m.UserGroup, &m.Status, &m.PasswordChangedAt, &m.Password} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	return m
}
