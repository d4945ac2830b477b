package provider

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

func valuePointer[T any](v T) *T { return &v }

func TestNewUserDataModel(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   client.User
		want userDataModel
	}{
		"every field": {
			in: client.User{
				Key: 1003, UserID: "billing-sync", FirstName: "Billing", LastName: "Sync", Email: "ops@example.com",
				Description: valuePointer("invoices"), BranchIDs: client.BranchIDs{101, 102}, GroupID: valuePointer(int64(4)), UserGroup: valuePointer("API"),
				Status: valuePointer("INACTIVE"), APIUser: valuePointer(true), Organization: valuePointer("Example"), Language: valuePointer("en-GB"),
				Timezone: valuePointer("Europe/London"), PrivateNote: valuePointer("rotate yearly"), PasswordChangedAt: valuePointer("2026-01-02T03:04:05Z"),
				TokenExpires: 900,
			},
			want: userDataModel{
				reportedUser: reportedUser{
					LoginID: types.StringValue("billing-sync"), Key: types.Int64Value(1003),
					FirstName: types.StringValue("Billing"), LastName: types.StringValue("Sync"), Email: types.StringValue("ops@example.com"),
					Description: types.StringValue("invoices"), Organization: types.StringValue("Example"),
					Language: types.StringValue("en-GB"), Timezone: types.StringValue("Europe/London"), PrivateNote: types.StringValue("rotate yearly"),
					BranchIDs: types.SetValueMust(types.Int64Type, []attr.Value{types.Int64Value(101), types.Int64Value(102)}),
					UserGroup: types.StringValue("API"), GroupID: types.Int64Value(4), Status: types.StringValue("inactive"),
					PasswordChangedAt: types.StringValue("2026-01-02T03:04:05Z"), TokenExpires: types.Int64Value(900),
				},
				APIUser: types.BoolValue(true),
			},
		},
		"Part A server: extension fields absent": {
			in: client.User{Key: 7, UserID: "jdoe", FirstName: "J", LastName: "Doe"},
			want: userDataModel{
				reportedUser: reportedUser{
					LoginID: types.StringValue("jdoe"), Key: types.Int64Value(7),
					FirstName: types.StringValue("J"), LastName: types.StringValue("Doe"), Email: types.StringNull(),
					Description: types.StringNull(), Organization: types.StringNull(), Language: types.StringNull(),
					Timezone: types.StringNull(), PrivateNote: types.StringNull(), BranchIDs: types.SetNull(types.Int64Type),
					UserGroup: types.StringNull(), GroupID: types.Int64Null(), Status: types.StringNull(),
					PasswordChangedAt: types.StringNull(), TokenExpires: types.Int64Value(0),
				},
				APIUser: types.BoolNull(),
			},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// Equal, not the printed form: a set without an element type
			// prints like a typed null but fails when Terraform gets it.
			if diff := cmp.Diff(tt.want, newUserDataModel(tt.in), modelCmp, cmp.AllowUnexported(userDataModel{})); diff != "" {
				t.Errorf("newUserDataModel() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUserFilter(t *testing.T) {
	t.Parallel()
	users := []client.User{
		{UserID: "billing-sync", BranchIDs: client.BranchIDs{101, 102}, UserGroup: valuePointer("API"), Status: valuePointer("ACTIVE"), APIUser: valuePointer(true)},
		{UserID: "crm-sync", BranchIDs: client.BranchIDs{103}, UserGroup: valuePointer("API"), Status: valuePointer("INACTIVE"), APIUser: valuePointer(true)},
		{UserID: "jdoe", BranchIDs: client.BranchIDs{101}, UserGroup: valuePointer("User"), Status: valuePointer("ACTIVE"), APIUser: valuePointer(false)},
		{UserID: "legacy"}, // a Part A server's user: no extension fields
	}
	tests := map[string]struct {
		config usersDataSourceModel
		want   []string
	}{
		"no filter":      {want: []string{"billing-sync", "crm-sync", "jdoe", "legacy"}},
		"regex":          {config: usersDataSourceModel{LoginIDRegex: types.StringValue(`-sync$`)}, want: []string{"billing-sync", "crm-sync"}},
		"regex anywhere": {config: usersDataSourceModel{LoginIDRegex: types.StringValue(`o`)}, want: []string{"jdoe"}},
		// A user whose status the server does not report is not known to
		// be active. (On a server that reports no status at all the filter
		// is refused: unsupportedFilters.)
		"status":         {config: usersDataSourceModel{Status: types.StringValue("active")}, want: []string{"billing-sync", "jdoe"}},
		"api users only": {config: usersDataSourceModel{APIUsersOnly: types.BoolValue(true)}, want: []string{"billing-sync", "crm-sync"}},
		"api_users_only false keeps everyone": {
			config: usersDataSourceModel{APIUsersOnly: types.BoolValue(false)}, want: []string{"billing-sync", "crm-sync", "jdoe", "legacy"},
		},
		"branch":                   {config: usersDataSourceModel{BranchID: types.Int64Value(101)}, want: []string{"billing-sync", "jdoe"}},
		"group ignores case":       {config: usersDataSourceModel{UserGroup: types.StringValue("api")}, want: []string{"billing-sync", "crm-sync"}},
		"filters combine with and": {config: usersDataSourceModel{APIUsersOnly: types.BoolValue(true), BranchID: types.Int64Value(101)}, want: []string{"billing-sync"}},
		"nothing matches":          {config: usersDataSourceModel{Status: types.StringValue("trash")}, want: nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, err := newUserFilter(tt.config)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range users {
				if f.keeps(newUserDataModel(u)) {
					got = append(got, u.UserID)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("kept %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := newUserFilter(usersDataSourceModel{LoginIDRegex: types.StringValue("(")}); err == nil {
		t.Error("an invalid regular expression was accepted")
	}
}

// stringList is the known value of a list of strings, in order.
func stringList(values ...string) knownvalue.Check { return knownvalue.ListExact(stringChecks(values)) }

// stringChecks is one exact check per value.
func stringChecks(values []string) []knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return checks
}

func TestAccUsersDataSource_filters(t *testing.T) {
	srv := newTestServer(t)
	seed := []mockserver.SeedUser{
		{UserRecord: mockserver.UserRecord{UserID: "billing-sync", FirstName: "Billing", LastName: "Sync", APIUser: true,
			BranchIDs: []int64{101, 102}, Description: "invoices to the ledger", Organization: "Example"}, Password: "Seed-Passw0rd-1"},
		{UserRecord: mockserver.UserRecord{UserID: "crm-sync", FirstName: "CRM", LastName: "Sync", APIUser: true,
			BranchIDs: []int64{103}, Status: "INACTIVE"}, Password: "Seed-Passw0rd-1"},
		{UserRecord: mockserver.UserRecord{UserID: "old-export", FirstName: "Old", LastName: "Export", APIUser: true,
			BranchIDs: []int64{101}, Status: "TRASH"}, Password: "Seed-Passw0rd-1"},
		{UserRecord: mockserver.UserRecord{UserID: "jdoe", FirstName: "Jane", LastName: "Doe", Email: "jdoe@example.com",
			BranchIDs: []int64{101}}},
		{UserRecord: mockserver.UserRecord{UserID: "guest.visitor", FirstName: "Guest", LastName: "Visitor",
			BranchIDs: []int64{104}, UserGroup: "Guest", Status: "INACTIVE"}},
	}
	for _, u := range seed {
		if err := srv.SeedUser(u); err != nil {
			t.Fatal(err)
		}
	}
	billing, _ := srv.User("billing-sync")
	admin := srv.AdminUsername()

	config := providerConfig(srv) + `
data "apiusers_users" "all" {}
data "apiusers_users" "regex" {
  login_id_regex = "-sync$"
}
data "apiusers_users" "active" {
  status = "active"
}
data "apiusers_users" "inactive" {
  status = "inactive"
}
data "apiusers_users" "trash" {
  status = "trash"
}
data "apiusers_users" "api" {
  api_users_only = true
}
data "apiusers_users" "branch" {
  branch_id = 101
}
data "apiusers_users" "group" {
  user_group = "guest"
}
data "apiusers_users" "combined" {
  api_users_only = true
  status         = "active"
  branch_id      = 101
}
data "apiusers_users" "none" {
  login_id_regex = "^nobody$"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.apiusers_users.all", tfjsonpath.New("login_ids"),
					stringList(admin, "billing-sync", "crm-sync", "guest.visitor", "jdoe", "old-export")),
				statecheck.ExpectKnownValue("data.apiusers_users.regex", tfjsonpath.New("login_ids"), stringList("billing-sync", "crm-sync")),
				statecheck.ExpectKnownValue("data.apiusers_users.active", tfjsonpath.New("login_ids"), stringList(admin, "billing-sync", "jdoe")),
				statecheck.ExpectKnownValue("data.apiusers_users.inactive", tfjsonpath.New("login_ids"), stringList("crm-sync", "guest.visitor")),
				statecheck.ExpectKnownValue("data.apiusers_users.trash", tfjsonpath.New("login_ids"), stringList("old-export")),
				statecheck.ExpectKnownValue("data.apiusers_users.api", tfjsonpath.New("login_ids"), stringList("billing-sync", "crm-sync", "old-export")),
				statecheck.ExpectKnownValue("data.apiusers_users.branch", tfjsonpath.New("login_ids"), stringList("billing-sync", "jdoe", "old-export")),
				statecheck.ExpectKnownValue("data.apiusers_users.group", tfjsonpath.New("login_ids"), stringList("guest.visitor")),
				statecheck.ExpectKnownValue("data.apiusers_users.combined", tfjsonpath.New("login_ids"), stringList("billing-sync")),
				statecheck.ExpectKnownValue("data.apiusers_users.none", tfjsonpath.New("login_ids"), stringList()),
				statecheck.ExpectKnownValue("data.apiusers_users.none", tfjsonpath.New("users"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				// users is keyed like login_ids.
				statecheck.ExpectKnownValue("data.apiusers_users.regex", tfjsonpath.New("users"), knownvalue.MapSizeExact(2)),
				// Every readable attribute, and nothing else (no password).
				statecheck.ExpectKnownValue("data.apiusers_users.all", tfjsonpath.New("users").AtMapKey("billing-sync"),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"login_id":            knownvalue.StringExact("billing-sync"),
						"key":                 knownvalue.Int64Exact(billing.Key),
						"first_name":          knownvalue.StringExact("Billing"),
						"last_name":           knownvalue.StringExact("Sync"),
						"email":               knownvalue.Null(),
						"description":         knownvalue.StringExact("invoices to the ledger"),
						"organization":        knownvalue.StringExact("Example"),
						"language":            knownvalue.Null(),
						"timezone":            knownvalue.Null(),
						"private_note":        knownvalue.Null(),
						"branch_ids":          knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(101), knownvalue.Int64Exact(102)}),
						"user_group":          knownvalue.StringExact("API"),
						"group_id":            knownvalue.Int64Exact(4),
						"status":              knownvalue.StringExact("active"),
						"api_user":            knownvalue.Bool(true),
						"password_changed_at": knownvalue.NotNull(),
						"token_expires":       knownvalue.Int64Exact(0),
					})),
				statecheck.ExpectKnownValue("data.apiusers_users.all", tfjsonpath.New("users").AtMapKey("jdoe").AtMapKey("api_user"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.apiusers_users.all", tfjsonpath.New("users").AtMapKey("jdoe").AtMapKey("email"), knownvalue.StringExact("jdoe@example.com")),
			},
		}},
	})
}

func TestAccUsersDataSource_validation(t *testing.T) {
	srv := newTestServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(srv) + `
data "apiusers_users" "bad" {
  login_id_regex = "sync("
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorText("Invalid Regular Expression", `login_id_regex = "sync("`, `login_id_regex "sync(" is not a valid regular expression`),
			},
			{
				Config: providerConfig(srv) + `
data "apiusers_users" "bad" {
  status = "ACTIVE"
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorText(`value must be one of: ["active" "inactive" "trash"]`),
			},
		},
	})
}

func TestAccUsersDataSource_example(t *testing.T) {
	srv := newTestServer(t)
	for _, u := range []mockserver.SeedUser{
		{UserRecord: mockserver.UserRecord{UserID: "billing-sync", FirstName: "B", LastName: "S", APIUser: true, BranchIDs: []int64{101}, Description: "billing"}, Password: "Seed-Passw0rd-1"},
		{UserRecord: mockserver.UserRecord{UserID: "crm-sync", FirstName: "C", LastName: "S", APIUser: true, BranchIDs: []int64{102}}, Password: "Seed-Passw0rd-1"},
		{UserRecord: mockserver.UserRecord{UserID: "old-sync", FirstName: "O", LastName: "S", APIUser: true, BranchIDs: []int64{101}, Status: "INACTIVE", Description: "retired"}, Password: "Seed-Passw0rd-1"},
		{UserRecord: mockserver.UserRecord{UserID: "jane-sync", FirstName: "J", LastName: "S", BranchIDs: []int64{101}}},
	} {
		if err := srv.SeedUser(u); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: exampleConfig(t, srv, "data-sources/apiusers_users/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("sync_integrations", stringList("billing-sync", "crm-sync")),
					statecheck.ExpectKnownOutputValue("branch_101_api_descriptions", knownvalue.MapExact(map[string]knownvalue.Check{
						"billing-sync": knownvalue.StringExact("billing"),
						"old-sync":     knownvalue.StringExact("retired"),
					})),
					expectRoleHolders(srv, "read_only", "billing-sync", "crm-sync"),
				},
			},
			destroyForEachStep(srv, expectRoleHolders(srv, "read_only")),
		},
	})
}
