package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// This file is the one statement of what each attribute needs of API.md
// Part B, and of what the provider says on a server without it. A server may
// speak the documented protocol alone (Part A): users, passwords at create,
// names, email, branches and group work there; the rest needs extensions.

// userFieldAttribute is an attribute of apiusers_api_user whose value only a
// server that reports field can honour: without it the server may ignore
// the value, and no read could tell.
type userFieldAttribute struct {
	attr  string
	field client.UserField
	value func(apiUserModel) types.String
}

// honouredOnlyWithField lists those attributes. deletion_mode's trash and
// deactivate need the status extension too (they set the status on
// destroy); that rule is checked beside these, in unsupportedAttributes.
var honouredOnlyWithField = []userFieldAttribute{
	{"description", client.FieldDescription, func(m apiUserModel) types.String { return m.Description }},
	{"organization", client.FieldOrganization, func(m apiUserModel) types.String { return m.Organization }},
	{"language", client.FieldLanguage, func(m apiUserModel) types.String { return m.Language }},
	{"timezone", client.FieldTimezone, func(m apiUserModel) types.String { return m.Timezone }},
	{"private_note", client.FieldPrivateNote, func(m apiUserModel) types.String { return m.PrivateNote }},
	{"status", client.FieldStatus, func(m apiUserModel) types.String { return m.Status }},
}

// unsupportedAttributes adds an error for each configured attribute the
// server cannot honour. config is the configuration (not the plan: the
// defaults of status and deletion_mode are not the user's choice).
func unsupportedAttributes(config apiUserModel, ext client.Extensions, diags *diag.Diagnostics) {
	for _, a := range honouredOnlyWithField {
		v := a.value(config)
		if v.IsNull() || ext.Reports(a.field) {
			continue
		}
		shown := "this value"
		if !v.IsUnknown() {
			shown = fmt.Sprintf("%q", v.ValueString())
		}
		diags.AddAttributeError(path.Root(a.attr), "Attribute Not Supported by the Server",
			fmt.Sprintf("%s: the server does not report `%s` in GET /users (an extension of the Users API; see the Server API guide), so %s = %s cannot be honoured: "+
				"the server may ignore it, and the provider could never check it. Remove %s from the configuration. %s",
				a.attr, a.field, a.attr, shown, a.attr, overrideHint))
	}
	if mode := config.DeletionMode.ValueString(); (mode == deletionModeTrash || mode == deletionModeDeactivate || mode == deletionModeTrashThenDelete) && !ext.Reports(client.FieldStatus) {
		diags.AddAttributeError(path.Root("deletion_mode"), "Attribute Not Supported by the Server",
			fmt.Sprintf("deletion_mode: the server does not report `status` in GET /users (an extension of the Users API; see the Server API guide), "+
				"so deletion_mode = %q cannot be honoured: destroy would set a status the server may ignore, leaving the user active. "+
				"Use deletion_mode = %q (the default), which deletes the user. %s", mode, deletionModeDelete, overrideHint))
	}
}

// overrideHint ends every "not supported" message: detection can be wrong
// for a server that leaves empty fields out of every user.
const overrideHint = "If the server does support it but leaves the field out of its answers, set the provider's server_extensions = \"all\"."

// writtenNotRead are attributes the documented protocol lets the provider
// write (PUT /users/sync carries them) but not read (GET /users omits them
// on a Part A server): accepted, without drift detection.
var writtenNotRead = []struct {
	attr  string
	field client.UserField
}{
	{"branch_ids", client.FieldBranchIDs},
	{"user_group", client.FieldUserGroup},
	{"group_id", client.FieldGroupID},
}

// warnWrittenNotRead warns, once per run, that the configured attributes
// the server does not report are written but never read back; not when
// server_extensions is "none", which says the user knows.
func (d *providerData) warnWrittenNotRead(config apiUserModel, ext client.Extensions, diags *diag.Diagnostics) {
	if ext.Mode == client.ExtensionsNone {
		return
	}
	configured := map[string]bool{
		"branch_ids": !config.BranchIDs.IsNull(),
		"user_group": !config.UserGroup.IsNull(),
		"group_id":   !config.GroupID.IsNull(),
	}
	var attrs []string
	for _, a := range writtenNotRead {
		if configured[a.attr] && !ext.Reports(a.field) {
			attrs = append(attrs, a.attr)
		}
	}
	if len(attrs) == 0 || !d.once("written-not-read") {
		return
	}
	diags.AddWarning("Attributes Written but Not Read Back",
		fmt.Sprintf("The server does not report %s in GET /users: it speaks the documented protocol, which sends these to the server but never returns them. "+
			"The provider writes them at create and when the configuration changes, but cannot read them back: a change made outside Terraform is not detected, "+
			"and an unknown branch or group is reported by the server at apply, not at plan time. "+
			documentedOnlyHint, strings.Join(attrs, ", ")))
}

// documentedOnlyHint ends the once-per-run warnings about what a server
// without extensions implies: a user who says so has been told.
const documentedOnlyHint = "If the server speaks only the documented protocol, set the provider's server_extensions = \"none\" to say so, and this warning is not shown again; " +
	"otherwise it is shown once per run."

// extensionsDeclined reports whether err is a missing extension the
// provider did not ask for, because server_extensions is "none".
func extensionsDeclined(err error) bool {
	var missing *client.MissingExtensionError
	return errors.As(err, &missing) && missing.Disabled
}

// addMissingExtensionError reports err when it says the server lacks an
// extension a resource or data source needs, and returns whether it did.
func addMissingExtensionError(err error, typeName string, diags *diag.Diagnostics) bool {
	var missing *client.MissingExtensionError
	if !errors.As(err, &missing) {
		return false
	}
	fix := "Remove the " + typeName + " blocks, or point the provider at a server that has the extension."
	if missing.Disabled {
		fix = "Set server_extensions to \"auto\" (the default) if the server has it, or remove the " + typeName + " blocks."
	}
	diags.AddError("Server Lacks an Extension",
		withCause(fmt.Sprintf("%s needs the %s extension of the Users API (see the Server API guide), which this server does not offer. %s",
			typeName, missing.Extension, fix), err))
	return true
}
