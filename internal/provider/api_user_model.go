package provider

import (
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// apiUserModel is the Terraform data of apiusers_api_user: what the server
// reports about the user, and what only the provider knows.
type apiUserModel struct {
	ID types.String `tfsdk:"id"`
	reportedUser
	Password          types.String `tfsdk:"password"`
	Keepers           types.Map    `tfsdk:"keepers"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	DeletionMode      types.String `tfsdk:"deletion_mode"`
	LoginIDPrefix     types.String `tfsdk:"login_id_prefix"` // login_id_prefix.go
	VerifyLogin       types.Bool   `tfsdk:"verify_login"`    // verify_login.go
	// Password rotation by age (password_rotation.go).
	RotateAfter       types.String `tfsdk:"rotate_after"`
	RotationDueAt     types.String `tfsdk:"rotation_due_at"`
	RotationDueAction types.String `tfsdk:"rotation_due_action"`
}

// reportedUser is what the server reports about a user (but whether it is an
// API user), with the same attribute names in apiusers_api_user and in the
// users data source, so that userToModel maps it once for both.
type reportedUser struct {
	LoginID           types.String `tfsdk:"login_id"`
	Key               types.Int64  `tfsdk:"key"`
	FirstName         types.String `tfsdk:"first_name"`
	LastName          types.String `tfsdk:"last_name"`
	Email             types.String `tfsdk:"email"`
	Description       types.String `tfsdk:"description"`
	Organization      types.String `tfsdk:"organization"`
	Language          types.String `tfsdk:"language"`
	Timezone          types.String `tfsdk:"timezone"`
	PrivateNote       types.String `tfsdk:"private_note"`
	BranchIDs         types.Set    `tfsdk:"branch_ids"`
	UserGroup         types.String `tfsdk:"user_group"`
	GroupID           types.Int64  `tfsdk:"group_id"`
	Status            types.String `tfsdk:"status"`
	PasswordChangedAt types.String `tfsdk:"password_changed_at"`
	TokenExpires      types.Int64  `tfsdk:"token_expires"`
}

// Values of status (lower-case in HCL, upper-case on the wire) and of
// deletion_mode.
const (
	statusActive   = "active"
	statusInactive = "inactive"
	statusTrash    = "trash"

	deletionModeDelete     = "delete"
	deletionModeTrash      = "trash"
	deletionModeDeactivate = "deactivate"
	// deletionModeTrashThenDelete erases the user from the trash, for a
	// server that erases only there: one sync, MODIFY to TRASH then DELETE.
	deletionModeTrashThenDelete = "trash_then_delete"
)

// userToModel maps a user as the server reports it onto the model. prior
// supplies what the server never reports (password, keepers,
// password_wo_version, deletion_mode) and the value of any extension field a
// Part A server omits (what the configuration wrote, or null: never unknown,
// since a value known only after apply that apply cannot learn would be
// left unknown). Fields the server reports as "" are null: the configuration
// cannot hold "" (stringvalidator.LengthAtLeast(1)), so an import or generated
// configuration plans clean.
func userToModel(u client.User, prior apiUserModel) apiUserModel {
	m := prior
	// A login id is case-insensitive: keep the configuration's spelling so
	// the required attribute never differs from the plan.
	if prior.LoginID.IsNull() || prior.LoginID.IsUnknown() || client.LoginKey(prior.LoginID.ValueString()) != client.LoginKey(u.UserID) {
		m.LoginID = types.StringValue(u.UserID)
	}
	m.ID = m.LoginID
	m.Key = types.Int64Value(u.Key)
	m.TokenExpires = types.Int64Value(u.TokenExpires)
	m.FirstName = types.StringValue(u.FirstName)
	m.LastName = types.StringValue(u.LastName)
	m.Email = nullIfEmpty(u.Email)
	m.Description = extensionString(u.Description, prior.Description)
	m.Organization = extensionString(u.Organization, prior.Organization)
	m.Language = extensionString(u.Language, prior.Language)
	m.Timezone = extensionString(u.Timezone, prior.Timezone)
	m.PrivateNote = extensionString(u.PrivateNote, prior.PrivateNote)
	m.PasswordChangedAt = extensionString(u.PasswordChangedAt, prior.PasswordChangedAt)
	m.UserGroup = extensionString(u.UserGroup, prior.UserGroup)
	switch {
	case u.BranchIDs != nil:
		m.BranchIDs = branchIDsToSet(u.BranchIDs)
	case prior.BranchIDs.IsNull() || prior.BranchIDs.IsUnknown():
		// Typed: a zero prior (the data source's) has no element type.
		m.BranchIDs = types.SetNull(types.Int64Type)
	}
	switch {
	case u.GroupID != nil:
		m.GroupID = types.Int64Value(*u.GroupID)
	case prior.GroupID.IsUnknown():
		m.GroupID = types.Int64Null()
	}
	var status *string
	if u.Status != nil {
		status = new(strings.ToLower(*u.Status))
	}
	m.Status = extensionString(status, prior.Status)
	if m.DeletionMode.IsNull() || m.DeletionMode.IsUnknown() {
		m.DeletionMode = types.StringValue(deletionModeDelete)
	}
	if m.VerifyLogin.IsNull() || m.VerifyLogin.IsUnknown() {
		m.VerifyLogin = types.BoolValue(false)
	}
	if m.LoginIDPrefix.IsUnknown() {
		m.LoginIDPrefix = types.StringNull()
	}
	// Never stored: Terraform keeps write-only values out of state.
	m.PasswordWO = types.StringNull()
	if m.Password.IsUnknown() {
		m.Password = types.StringNull()
	}
	if m.Keepers.IsUnknown() {
		m.Keepers = types.MapNull(types.StringType)
	}
	if m.PasswordWOVersion.IsUnknown() {
		m.PasswordWOVersion = types.Int64Null()
	}
	return m
}

// modelToSyncOp is the ADD operation creating the planned user with
// password. Unknown and null attributes are left out, so the server applies
// its defaults (group 4 API), and so are the extension fields the server
// does not report (ext.Sendable): a server speaking only the documented
// protocol may refuse fields it does not know.
func modelToSyncOp(m apiUserModel, password string, ext client.Extensions) client.SyncOperation {
	apiUser := true
	op := client.SyncOperation{
		Method:       client.SyncAdd,
		UserLoginID:  m.LoginID.ValueString(),
		FirstName:    knownString(m.FirstName),
		LastName:     knownString(m.LastName),
		Email:        knownString(m.Email),
		UserPassword: &password,
		Description:  knownString(m.Description),
		Organization: knownString(m.Organization),
		Language:     knownString(m.Language),
		Timezone:     knownString(m.Timezone),
		PrivateNote:  knownString(m.PrivateNote),
		UserGroup:    knownString(m.UserGroup),
		GroupID:      knownInt64(m.GroupID),
		Status:       wireStatus(m.Status),
		APIUser:      &apiUser,
		BranchIDs:    setToBranchIDs(m.BranchIDs),
	}
	return ext.Sendable(op)
}

// diffToModifyOp is the MODIFY operation turning the user in state into the
// planned one: only changed fields are sent, an attribute removed from the
// configuration is cleared with "", and newPassword (nil = unchanged) sets
// the password. changed is false when there is nothing to send.
func diffToModifyOp(plan, state apiUserModel, newPassword *string) (op client.SyncOperation, changed bool) {
	op = client.SyncOperation{Method: client.SyncModify, UserLoginID: state.LoginID.ValueString(), UserPassword: newPassword}
	changed = newPassword != nil
	diffString := func(p, s types.String, dst **string) {
		if p.IsUnknown() || p.Equal(s) {
			return
		}
		v := p.ValueString() // "" for null: clears the field
		*dst = &v
		changed = true
	}
	diffString(plan.FirstName, state.FirstName, &op.FirstName)
	diffString(plan.LastName, state.LastName, &op.LastName)
	diffString(plan.Email, state.Email, &op.Email)
	diffString(plan.Description, state.Description, &op.Description)
	diffString(plan.Organization, state.Organization, &op.Organization)
	diffString(plan.Language, state.Language, &op.Language)
	diffString(plan.Timezone, state.Timezone, &op.Timezone)
	diffString(plan.PrivateNote, state.PrivateNote, &op.PrivateNote)
	if !plan.UserGroup.IsNull() {
		diffString(plan.UserGroup, state.UserGroup, &op.UserGroup)
	}
	if !plan.GroupID.IsNull() && !plan.GroupID.IsUnknown() && !plan.GroupID.Equal(state.GroupID) {
		op.GroupID = plan.GroupID.ValueInt64Pointer()
		changed = true
	}
	if !plan.Status.IsUnknown() && !plan.Status.IsNull() && !plan.Status.Equal(state.Status) {
		op.Status = wireStatus(plan.Status)
		changed = true
	}
	if !plan.BranchIDs.IsUnknown() && !plan.BranchIDs.Equal(state.BranchIDs) {
		op.BranchIDs = setToBranchIDs(plan.BranchIDs)
		if op.BranchIDs == nil {
			op.BranchIDs = client.BranchIDs{} // sent as "": no branches
		}
		changed = true
	}
	return op, changed
}

// statusOp is the MODIFY that only changes the status (deletion_mode trash,
// deactivate and trash_then_delete).
func statusOp(loginID, status string) client.SyncOperation {
	return client.SyncOperation{Method: client.SyncModify, UserLoginID: loginID, Status: new(strings.ToUpper(status))}
}

// knownString and knownInt64 are nil for null and unknown values, which an
// ADD leaves out.
func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

func knownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

func wireStatus(s types.String) *string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	return new(strings.ToUpper(s.ValueString()))
}

// extensionString maps an extension field: absent (a Part A server) keeps
// prior, or null when prior is unknown; "" is null.
func extensionString(v *string, prior types.String) types.String {
	switch {
	case v != nil:
		return nullIfEmpty(*v)
	case prior.IsUnknown():
		return types.StringNull()
	}
	return prior
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// branchIDsToSet maps the server's branches; none is null, since the
// configuration cannot hold an empty set.
func branchIDsToSet(ids client.BranchIDs) types.Set {
	if len(ids) == 0 {
		return types.SetNull(types.Int64Type)
	}
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.Int64Value(id)
	}
	return types.SetValueMust(types.Int64Type, elems)
}

// setToBranchIDs returns the set's known elements in ascending order; nil
// for a null or unknown set.
func setToBranchIDs(s types.Set) client.BranchIDs {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	ids := make(client.BranchIDs, 0, len(s.Elements()))
	for _, e := range s.Elements() {
		if v, ok := e.(types.Int64); ok && !v.IsNull() && !v.IsUnknown() {
			ids = append(ids, v.ValueInt64())
		}
	}
	slices.Sort(ids)
	return ids
}
