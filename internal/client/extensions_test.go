package client

import (
	"errors"
	"testing"
)

func TestDetectExtensions(t *testing.T) {
	// A documented-only server's list, and one whose admin lacks a field
	// another user has: a field counts when any user shows it.
	partA := []User{{Key: 1, UserID: "admin"}, {Key: 2, UserID: "svc"}}
	mixed := []User{{Key: 1, UserID: "admin", Status: ptr(StatusActive)}, {Key: 2, UserID: "svc", Status: ptr(StatusActive), Description: ptr("x")}}

	auto := DetectExtensions(ExtensionsAuto, partA)
	for _, f := range userFields {
		if auto.Reports(f.name) {
			t.Errorf("auto on a Part A list reports %s", f.name)
		}
	}
	got := DetectExtensions(ExtensionsAuto, mixed)
	if !got.Reports(FieldStatus) || !got.Reports(FieldDescription) || got.Reports(FieldAPIUser) {
		t.Errorf("auto on a mixed list: status %t, description %t, apiUser %t; want true, true, false",
			got.Reports(FieldStatus), got.Reports(FieldDescription), got.Reports(FieldAPIUser))
	}
	if merged := auto.Merge(got); !merged.Reports(FieldDescription) {
		t.Error("Merge forgot a field a later list showed")
	}
	if DetectExtensions(ExtensionsNone, mixed).Reports(FieldStatus) {
		t.Error("none reports status")
	}
	if !DetectExtensions(ExtensionsAll, partA).Reports(FieldPasswordChangedAt) {
		t.Error("all does not report passwordChangedAt")
	}
	if !DetectExtensions(ExtensionsAuto, nil).Endpoints() || DetectExtensions(ExtensionsNone, nil).Endpoints() {
		t.Error("Endpoints: want true but under none")
	}
}

func TestExtensionsMaskAndSendable(t *testing.T) {
	ext := DetectExtensions(ExtensionsAuto, []User{{UserID: "admin", Status: ptr(StatusActive)}})
	u := User{UserID: "svc", Status: ptr(StatusInactive), Description: ptr("d"), BranchIDs: BranchIDs{101}, APIUser: ptr(true)}
	ext.Mask(&u)
	if u.Status == nil || u.Description != nil || u.BranchIDs != nil || u.APIUser != nil {
		t.Errorf("Mask kept %+v; want status only", u)
	}

	op := SyncOperation{Method: SyncAdd, UserLoginID: "svc", FirstName: ptr("S"), BranchIDs: BranchIDs{101}, UserGroup: ptr("API"),
		Status: ptr(StatusActive), APIUser: ptr(true), Description: ptr("d"), Organization: ptr("o"), Language: ptr("en"), Timezone: ptr("UTC"), PrivateNote: ptr("n")}
	sent := ext.Sendable(op)
	if sent.Status == nil || sent.APIUser != nil || sent.Description != nil || sent.Organization != nil || sent.Language != nil || sent.Timezone != nil || sent.PrivateNote != nil {
		t.Errorf("Sendable = %+v; want status kept and the other extension fields dropped", sent)
	}
	if sent.BranchIDs == nil || sent.UserGroup == nil || sent.FirstName == nil {
		t.Errorf("Sendable dropped a documented sync field: %+v", sent)
	}
}

func TestMissingExtensionError(t *testing.T) {
	err := asMissingExtension(&APIError{Method: "GET", Path: "/roles", StatusCode: 404}, ExtensionRoles, "GET /roles")
	var missing *MissingExtensionError
	if !errors.As(err, &missing) || !errors.Is(err, ErrExtensionMissing) || missing.Extension != ExtensionRoles {
		t.Fatalf("asMissingExtension(404) = %v; want a *MissingExtensionError for roles", err)
	}
	if want := "the server does not have the roles extension of the Users API (see the Server API guide): GET /roles answered 404 Not Found"; err.Error() != want {
		t.Errorf("Error() = %q; want %q", err, want)
	}
	other := &APIError{Method: "GET", Path: "/roles", StatusCode: 503}
	if got := asMissingExtension(other, ExtensionRoles, "GET /roles"); !errors.Is(got, other) {
		t.Errorf("asMissingExtension(503) = %v; want the error unchanged", got)
	}
}
