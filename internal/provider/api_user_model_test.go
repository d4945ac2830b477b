package provider

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func ptr[T any](v T) *T { return &v }

func int64Set(ids ...int64) types.Set {
	elems := make([]attr.Value, len(ids))
	for i, id := range ids {
		elems[i] = types.Int64Value(id)
	}
	return types.SetValueMust(types.Int64Type, elems)
}

// fullUser is a user as a Part B server reports it with every field set.
func fullUser() client.User {
	return client.User{
		Key: 1003, UserID: "jdoe", FirstName: "Payroll", LastName: "Integration", Email: "payroll@example.com",
		Encrypted: 1, Description: ptr("payroll sync"), BranchIDs: client.BranchIDs{101, 102},
		GroupID: ptr[int64](4), UserGroup: ptr("API"), Status: ptr("INACTIVE"), APIUser: ptr(true),
		Organization: ptr("Acme"), Language: ptr("en-GB"), Timezone: ptr("Europe/Berlin"), PrivateNote: ptr("ops owns it"),
		PasswordChangedAt: ptr("2026-01-02T03:04:05Z"), TokenExpires: 3600,
	}
}

// fullModel is fullUser as state, with the provider-side attributes set.
func fullModel() apiUserModel {
	return apiUserModel{
		ID: types.StringValue("jdoe"),
		reportedUser: reportedUser{
			LoginID: types.StringValue("jdoe"), Key: types.Int64Value(1003),
			FirstName: types.StringValue("Payroll"), LastName: types.StringValue("Integration"),
			Email: types.StringValue("payroll@example.com"), Description: types.StringValue("payroll sync"),
			Organization: types.StringValue("Acme"), Language: types.StringValue("en-GB"), Timezone: types.StringValue("Europe/Berlin"),
			PrivateNote: types.StringValue("ops owns it"), BranchIDs: int64Set(101, 102),
			UserGroup: types.StringValue("API"), GroupID: types.Int64Value(4), Status: types.StringValue("inactive"),
			PasswordChangedAt: types.StringValue("2026-01-02T03:04:05Z"), TokenExpires: types.Int64Value(3600),
		},
		Password: types.StringValue("Xy7-secret-Q"), Keepers: types.MapValueMust(types.StringType, map[string]attr.Value{"r": types.StringValue("1")}),
		PasswordWO: types.StringNull(), PasswordWOVersion: types.Int64Null(), DeletionMode: types.StringValue("trash"),
		VerifyLogin: types.BoolValue(true),
	}
}

// importedPrior is the state ImportState leaves: only the ids.
func importedPrior() apiUserModel {
	return apiUserModel{
		ID: types.StringValue("jdoe"),
		reportedUser: reportedUser{
			LoginID: types.StringValue("jdoe"), Key: types.Int64Null(),
			FirstName: types.StringNull(), LastName: types.StringNull(), Email: types.StringNull(), Description: types.StringNull(),
			Organization: types.StringNull(), Language: types.StringNull(), Timezone: types.StringNull(), PrivateNote: types.StringNull(),
			BranchIDs: types.SetNull(types.Int64Type), UserGroup: types.StringNull(), GroupID: types.Int64Null(), Status: types.StringNull(),
			PasswordChangedAt: types.StringNull(), TokenExpires: types.Int64Null(),
		},
		Password: types.StringNull(), Keepers: types.MapNull(types.StringType), PasswordWO: types.StringNull(),
		PasswordWOVersion: types.Int64Null(), DeletionMode: types.StringNull(), VerifyLogin: types.BoolNull(),
	}
}

// modelCmp compares models attribute by attribute, including those of the
// embedded reportedUser.
var modelCmp = cmp.Options{
	cmp.Comparer(func(a, b attr.Value) bool { return a.Equal(b) }),
	cmp.AllowUnexported(apiUserModel{}),
}

func TestUserToModel(t *testing.T) {
	emptyUser := client.User{
		Key: 7, UserID: "jdoe", FirstName: "A", LastName: "B", Email: "", Description: ptr(""), BranchIDs: client.BranchIDs{},
		GroupID: ptr[int64](4), UserGroup: ptr("API"), Status: ptr("ACTIVE"), Organization: ptr(""), Language: ptr(""),
		Timezone: ptr(""), PrivateNote: ptr(""), PasswordChangedAt: ptr("2026-01-02T03:04:05Z"),
	}
	partA := client.User{Key: 8, UserID: "jdoe", FirstName: "A", LastName: "B", Email: "a@b.c"}

	cases := []struct {
		name  string
		user  client.User
		prior apiUserModel
		want  func() apiUserModel
	}{
		{
			name: "every field, provider-side attributes kept from prior",
			user: fullUser(), prior: fullModel(),
			want: fullModel,
		},
		{
			name: "import: server empty strings and no branches are null, defaults filled",
			user: emptyUser, prior: importedPrior(),
			want: func() apiUserModel {
				m := importedPrior()
				m.Key, m.TokenExpires = types.Int64Value(7), types.Int64Value(0)
				m.FirstName, m.LastName = types.StringValue("A"), types.StringValue("B")
				m.UserGroup, m.GroupID = types.StringValue("API"), types.Int64Value(4)
				m.Status = types.StringValue("active")
				m.PasswordChangedAt = types.StringValue("2026-01-02T03:04:05Z")
				m.DeletionMode, m.VerifyLogin = types.StringValue("delete"), types.BoolValue(false)
				return m
			},
		},
		{
			name: "login id spelled as configured when equal ignoring case",
			user: func() client.User { u := fullUser(); u.UserID = "JDoe"; return u }(), prior: fullModel(),
			want: fullModel,
		},
		{
			name: "Part A server: absent extension fields keep prior, unknowns resolved",
			user: partA,
			prior: func() apiUserModel {
				m := fullModel()
				m.UserGroup, m.GroupID, m.Password = types.StringUnknown(), types.Int64Unknown(), types.StringUnknown()
				return m
			}(),
			want: func() apiUserModel {
				m := fullModel()
				m.Key, m.FirstName, m.LastName, m.Email = types.Int64Value(8), types.StringValue("A"), types.StringValue("B"), types.StringValue("a@b.c")
				m.UserGroup, m.GroupID, m.Password = types.StringNull(), types.Int64Null(), types.StringNull()
				m.TokenExpires = types.Int64Value(0)
				return m
			},
		},
		{
			// The create that broke on a documented-only server: the plan
			// marks computed values unknown, the server reports none of them.
			name: "Part A server: unknown prior values become null, never unknown",
			user: partA,
			prior: func() apiUserModel {
				m := fullModel()
				m.PasswordChangedAt, m.Status, m.UserGroup = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
				m.Description, m.GroupID, m.BranchIDs = types.StringUnknown(), types.Int64Unknown(), types.SetUnknown(types.Int64Type)
				return m
			}(),
			want: func() apiUserModel {
				m := fullModel()
				m.Key, m.FirstName, m.LastName, m.Email = types.Int64Value(8), types.StringValue("A"), types.StringValue("B"), types.StringValue("a@b.c")
				m.PasswordChangedAt, m.Status, m.UserGroup = types.StringNull(), types.StringNull(), types.StringNull()
				m.Description, m.GroupID, m.BranchIDs = types.StringNull(), types.Int64Null(), types.SetNull(types.Int64Type)
				m.TokenExpires = types.Int64Value(0)
				return m
			},
		},
		{
			// The users data source maps from a zero model, whose sets have
			// no element type (the zero map of keepers is kept as it is, and
			// is typed here only so that the comparison can tell).
			name: "Part A server, zero prior: typed nulls",
			user: partA, prior: apiUserModel{Keepers: types.MapNull(types.StringType)},
			want: func() apiUserModel {
				m := apiUserModel{}
				m.LoginID, m.ID, m.Key = types.StringValue("jdoe"), types.StringValue("jdoe"), types.Int64Value(8)
				m.TokenExpires = types.Int64Value(0)
				m.FirstName, m.LastName, m.Email = types.StringValue("A"), types.StringValue("B"), types.StringValue("a@b.c")
				m.BranchIDs = types.SetNull(types.Int64Type)
				m.DeletionMode, m.VerifyLogin = types.StringValue("delete"), types.BoolValue(false)
				m.Keepers = types.MapNull(types.StringType)
				return m
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want(), userToModel(c.user, c.prior), modelCmp); diff != "" {
				t.Errorf("userToModel (-want +got):\n%s", diff)
			}
		})
	}
}

func TestModelToSyncOp(t *testing.T) {
	minimal := importedPrior()
	minimal.FirstName, minimal.LastName = types.StringValue("A"), types.StringValue("B")
	minimal.UserGroup, minimal.GroupID = types.StringUnknown(), types.Int64Unknown()
	minimal.Status = types.StringValue("active")

	all := client.DetectExtensions(client.ExtensionsAll, nil)
	documented := client.DetectExtensions(client.ExtensionsAuto, []client.User{{Key: 1, UserID: "admin"}})
	cases := []struct {
		name  string
		model apiUserModel
		ext   client.Extensions
		want  client.SyncOperation
	}{
		{
			name: "every attribute", model: fullModel(), ext: all,
			want: client.SyncOperation{
				Method: client.SyncAdd, UserLoginID: "jdoe", BranchIDs: client.BranchIDs{101, 102},
				FirstName: ptr("Payroll"), LastName: ptr("Integration"), Email: ptr("payroll@example.com"), UserPassword: ptr("Pw-1aaaaaa"),
				GroupID: ptr[int64](4), UserGroup: ptr("API"), Description: ptr("payroll sync"), Status: ptr("INACTIVE"),
				APIUser: ptr(true), Organization: ptr("Acme"), Language: ptr("en-GB"), Timezone: ptr("Europe/Berlin"), PrivateNote: ptr("ops owns it"),
			},
		},
		{
			name: "null and unknown attributes are left to the server's defaults", model: minimal, ext: all,
			want: client.SyncOperation{
				Method: client.SyncAdd, UserLoginID: "jdoe", FirstName: ptr("A"), LastName: ptr("B"),
				UserPassword: ptr("Pw-1aaaaaa"), Status: ptr("ACTIVE"), APIUser: ptr(true),
			},
		},
		{
			// API.md Part A's ADD has neither apiUser nor status nor the
			// profile fields; branches and group are documented sync fields.
			name: "documented-only server: no extension field is sent", model: fullModel(), ext: documented,
			want: client.SyncOperation{
				Method: client.SyncAdd, UserLoginID: "jdoe", BranchIDs: client.BranchIDs{101, 102},
				FirstName: ptr("Payroll"), LastName: ptr("Integration"), Email: ptr("payroll@example.com"), UserPassword: ptr("Pw-1aaaaaa"),
				GroupID: ptr[int64](4), UserGroup: ptr("API"),
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, modelToSyncOp(c.model, "Pw-1aaaaaa", c.ext)); diff != "" {
				t.Errorf("modelToSyncOp (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffToModifyOp(t *testing.T) {
	modify := func(f func(op *client.SyncOperation)) client.SyncOperation {
		op := client.SyncOperation{Method: client.SyncModify, UserLoginID: "jdoe"}
		f(&op)
		return op
	}
	cases := []struct {
		name        string
		plan        func(m *apiUserModel)
		password    *string
		want        client.SyncOperation
		wantChanged bool
	}{
		{name: "no change", plan: func(*apiUserModel) {}, want: modify(func(*client.SyncOperation) {})},
		{
			name: "provider-side attributes only", plan: func(m *apiUserModel) { m.DeletionMode = types.StringValue("delete") },
			want: modify(func(*client.SyncOperation) {}),
		},
		{
			name: "one field", plan: func(m *apiUserModel) { m.FirstName = types.StringValue("Billing") },
			want: modify(func(op *client.SyncOperation) { op.FirstName = ptr("Billing") }), wantChanged: true,
		},
		{
			name: "removed attributes are cleared",
			plan: func(m *apiUserModel) {
				m.Email, m.Description, m.Organization, m.Language, m.Timezone, m.PrivateNote =
					types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
				m.BranchIDs = types.SetNull(types.Int64Type)
			},
			want: modify(func(op *client.SyncOperation) {
				op.Email, op.Description, op.Organization, op.Language, op.Timezone, op.PrivateNote = ptr(""), ptr(""), ptr(""), ptr(""), ptr(""), ptr("")
				op.BranchIDs = client.BranchIDs{}
			}),
			wantChanged: true,
		},
		{
			name: "status, branches and group",
			plan: func(m *apiUserModel) {
				m.Status, m.BranchIDs = types.StringValue("active"), int64Set(105, 103)
				m.UserGroup, m.GroupID = types.StringValue("Guest"), types.Int64Value(3)
			},
			want: modify(func(op *client.SyncOperation) {
				op.Status, op.BranchIDs, op.UserGroup, op.GroupID = ptr("ACTIVE"), client.BranchIDs{103, 105}, ptr("Guest"), ptr[int64](3)
			}),
			wantChanged: true,
		},
		{
			name: "group resolved at apply only sends the configured side",
			plan: func(m *apiUserModel) { m.UserGroup, m.GroupID = types.StringValue("Guest"), types.Int64Unknown() },
			want: modify(func(op *client.SyncOperation) { op.UserGroup = ptr("Guest") }), wantChanged: true,
		},
		{
			name: "password only", plan: func(*apiUserModel) {}, password: ptr("New-Passw0rd"),
			want: modify(func(op *client.SyncOperation) { op.UserPassword = ptr("New-Passw0rd") }), wantChanged: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan := fullModel()
			c.plan(&plan)
			got, changed := diffToModifyOp(plan, fullModel(), c.password)
			if changed != c.wantChanged {
				t.Errorf("changed = %t, want %t", changed, c.wantChanged)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("diffToModifyOp (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatusOp(t *testing.T) {
	want := client.SyncOperation{Method: client.SyncModify, UserLoginID: "jdoe", Status: ptr("TRASH")}
	if diff := cmp.Diff(want, statusOp("jdoe", statusTrash)); diff != "" {
		t.Errorf("statusOp (-want +got):\n%s", diff)
	}
}
