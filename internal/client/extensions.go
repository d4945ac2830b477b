package client

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// This file holds what a server supports of API.md Part B. A server may speak
// the documented protocol (Part A) alone: its GET /users then omits every
// extension field, and every Part B path answers 404. The client learns the
// first from a user list (DetectExtensions) and reports the second as a
// *MissingExtensionError, so that callers can refuse what the server cannot
// honour instead of pretending.

// UserField is the wire name of an extension field of User.
type UserField string

// The extension fields of User (API.md, GET /users).
const (
	FieldDescription       UserField = "description"
	FieldBranchIDs         UserField = "branchIds"
	FieldGroupID           UserField = "groupId"
	FieldUserGroup         UserField = "userGroup"
	FieldStatus            UserField = "status"
	FieldAPIUser           UserField = "apiUser"
	FieldOrganization      UserField = "organization"
	FieldLanguage          UserField = "language"
	FieldTimezone          UserField = "timezone"
	FieldPrivateNote       UserField = "privateNote"
	FieldPasswordChangedAt UserField = "passwordChangedAt"
)

// userFields lists every extension field of User with its place in the
// struct, so that detection and masking name each field once.
var userFields = []struct {
	name    UserField
	present func(User) bool
	clear   func(*User)
}{
	{FieldDescription, func(u User) bool { return u.Description != nil }, func(u *User) { u.Description = nil }},
	{FieldBranchIDs, func(u User) bool { return u.BranchIDs != nil }, func(u *User) { u.BranchIDs = nil }},
	{FieldGroupID, func(u User) bool { return u.GroupID != nil }, func(u *User) { u.GroupID = nil }},
	{FieldUserGroup, func(u User) bool { return u.UserGroup != nil }, func(u *User) { u.UserGroup = nil }},
	{FieldStatus, func(u User) bool { return u.Status != nil }, func(u *User) { u.Status = nil }},
	{FieldAPIUser, func(u User) bool { return u.APIUser != nil }, func(u *User) { u.APIUser = nil }},
	{FieldOrganization, func(u User) bool { return u.Organization != nil }, func(u *User) { u.Organization = nil }},
	{FieldLanguage, func(u User) bool { return u.Language != nil }, func(u *User) { u.Language = nil }},
	{FieldTimezone, func(u User) bool { return u.Timezone != nil }, func(u *User) { u.Timezone = nil }},
	{FieldPrivateNote, func(u User) bool { return u.PrivateNote != nil }, func(u *User) { u.PrivateNote = nil }},
	{FieldPasswordChangedAt, func(u User) bool { return u.PasswordChangedAt != nil }, func(u *User) { u.PasswordChangedAt = nil }},
}

// ExtensionsMode says how the extensions of a server are found out.
type ExtensionsMode string

const (
	// ExtensionsAuto detects them: a user field is reported when a user
	// list shows it, an endpoint is there until it answers 404.
	ExtensionsAuto ExtensionsMode = "auto"
	// ExtensionsNone treats the server as speaking Part A alone: no
	// extension field is used and no Part B path is called.
	ExtensionsNone ExtensionsMode = "none"
	// ExtensionsAll assumes every extension without looking, for a server
	// that omits empty fields from its answers.
	ExtensionsAll ExtensionsMode = "all"
)

// ExtensionsModes lists the valid modes, for validation and documentation.
var ExtensionsModes = []string{string(ExtensionsAuto), string(ExtensionsNone), string(ExtensionsAll)}

// Extensions is what a server is known to support of Part B. The zero value
// reports nothing (Part A alone) and allows Part B calls.
type Extensions struct {
	Mode     ExtensionsMode
	reported map[UserField]bool
}

// DetectExtensions reads which extension fields a user list shows: a field
// counts as reported when any user has it, since a server may leave a field
// out of a user that has no value for it. Under ExtensionsNone and
// ExtensionsAll the list is not looked at.
func DetectExtensions(mode ExtensionsMode, users []User) Extensions {
	e := Extensions{Mode: mode, reported: map[UserField]bool{}}
	if mode == ExtensionsNone || mode == ExtensionsAll {
		return e
	}
	for _, f := range userFields {
		if slices.ContainsFunc(users, f.present) {
			e.reported[f.name] = true
		}
	}
	return e
}

// Merge adds what later answers showed: a field once seen stays reported.
func (e Extensions) Merge(other Extensions) Extensions {
	out := Extensions{Mode: e.Mode, reported: map[UserField]bool{}}
	maps.Copy(out.reported, e.reported)
	maps.Copy(out.reported, other.reported)
	return out
}

// Reports tells whether GET /users shows the field.
func (e Extensions) Reports(f UserField) bool {
	switch e.Mode {
	case ExtensionsAll:
		return true
	case ExtensionsNone:
		return false
	}
	return e.reported[f]
}

// ReportsAny tells whether GET /users shows any extension field: a server
// that shows none speaks the documented protocol alone, as far as the
// client can tell.
func (e Extensions) ReportsAny() bool {
	for _, f := range userFields {
		if e.Reports(f.name) {
			return true
		}
	}
	return false
}

// Endpoints tells whether Part B paths may be called at all.
func (e Extensions) Endpoints() bool { return e.Mode != ExtensionsNone }

// Mask clears the fields of u the server is not taken to report, so that
// everything downstream reads "nil" as "the server does not say".
func (e Extensions) Mask(u *User) {
	for _, f := range userFields {
		if !e.Reports(f.name) {
			f.clear(u)
		}
	}
}

// The Part B endpoint groups, as MissingExtensionError names them.
const (
	ExtensionRoles    = "roles"
	ExtensionProjects = "projects and privileges"
	ExtensionBranches = "branch catalogue"
	ExtensionGroups   = "group catalogue"
)

// Sendable is op without the extension fields the server does not report.
// They are not part of the documented protocol's PUT /users/sync, so a
// server speaking only that may refuse the whole sync for them or, worse,
// ignore them; branchIds, groupId and userGroup are documented sync fields
// and stay (even where GET /users does not show them).
func (e Extensions) Sendable(op SyncOperation) SyncOperation {
	dropUnreported(e, FieldDescription, &op.Description)
	dropUnreported(e, FieldStatus, &op.Status)
	dropUnreported(e, FieldOrganization, &op.Organization)
	dropUnreported(e, FieldLanguage, &op.Language)
	dropUnreported(e, FieldTimezone, &op.Timezone)
	dropUnreported(e, FieldPrivateNote, &op.PrivateNote)
	dropUnreported(e, FieldAPIUser, &op.APIUser)
	return op
}

func dropUnreported[T any](e Extensions, f UserField, p **T) {
	if !e.Reports(f) {
		*p = nil
	}
}

// ErrExtensionMissing matches every *MissingExtensionError.
var ErrExtensionMissing = errors.New("the server lacks an extension of the Users API")

// MissingExtensionError is a Part B feature the server does not have: its
// path answered 404, or the provider was told not to use extensions.
type MissingExtensionError struct {
	Extension string // e.g. "roles"
	Request   string // e.g. "GET /roles"
	// Disabled: not asked, because the extensions mode is ExtensionsNone.
	Disabled bool
}

func (e *MissingExtensionError) Error() string {
	if e.Disabled {
		return fmt.Sprintf("the %s extension of the Users API (see the Server API guide) is not used, because the provider's server_extensions setting is %q; %s was not sent",
			e.Extension, ExtensionsNone, e.Request)
	}
	return fmt.Sprintf("the server does not have the %s extension of the Users API (see the Server API guide): %s answered 404 Not Found", e.Extension, e.Request)
}

func (e *MissingExtensionError) Is(target error) bool { return target == ErrExtensionMissing }

// asMissingExtension turns the 404 of a Part B catalogue path (a path that
// exists on every server that has the extension) into a
// *MissingExtensionError; other errors pass unchanged.
func asMissingExtension(err error, extension, request string) error {
	if errors.Is(err, ErrNotFound) {
		return &MissingExtensionError{Extension: extension, Request: request}
	}
	return err
}
