package provider

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// identityTestConfig has one resource of each type with an identity: an API
// user with a role and privileges on a project, and a second user whose
// roles apiusers_user_roles manages (one configuration may not manage a
// user's roles both ways). firstName and privileges change between steps,
// in place.
func identityTestConfig(srv *mockserver.Server, firstName string, privileges string, roles string) string {
	return providerConfig(srv) + fmt.Sprintf(`
resource "apiusers_api_user" "test" {
  login_id   = "billing-sync"
  first_name = %[1]q
  last_name  = "Integration"
}

resource "apiusers_role_assignment" "test" {
  role_id  = "api_default"
  login_id = apiusers_api_user.test.login_id
}

resource "apiusers_project_privilege" "test" {
  project_id = "badges"
  login_id   = apiusers_api_user.test.login_id
  privileges = %[2]s
}

resource "apiusers_api_user" "roles" {
  login_id   = "crm-sync"
  first_name = "CRM"
  last_name  = "Integration"
}

resource "apiusers_user_roles" "test" {
  login_id = apiusers_api_user.roles.login_id
  role_ids = %[3]s
}
`, firstName, privileges, roles)
}

// identityTestObjects are the identities of identityTestConfig's resources.
var identityTestObjects = map[string]map[string]string{
	"apiusers_api_user.test":          {"login_id": "billing-sync"},
	"apiusers_role_assignment.test":   {"role_id": "api_default", "login_id": "billing-sync"},
	"apiusers_project_privilege.test": {"project_id": "badges", "login_id": "billing-sync"},
	"apiusers_api_user.roles":         {"login_id": "crm-sync"},
	"apiusers_user_roles.test":        {"login_id": "crm-sync"},
}

// expectIdentities checks the identity of every resource of
// identityTestConfig in state.
func expectIdentities() []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for address, identity := range identityTestObjects {
		values := map[string]knownvalue.Check{}
		for name, v := range identity {
			values[name] = knownvalue.StringExact(v)
		}
		checks = append(checks, statecheck.ExpectIdentity(address, values))
	}
	return checks
}

// expectPlannedIdentity checks the identity a plan gives the resource at
// address: known at plan, the same before and after an update.
type expectPlannedIdentity struct {
	address  string
	identity map[string]string
}

func (e expectPlannedIdentity) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address {
			continue
		}
		want := map[string]any{}
		for k, v := range e.identity {
			want[k] = v
		}
		if !reflect.DeepEqual(rc.Change.AfterIdentity, want) {
			resp.Error = fmt.Errorf("%s: planned identity %v, want %v", e.address, rc.Change.AfterIdentity, want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.address)
}

// expectPlannedIdentities checks the planned identity of every resource of
// identityTestConfig.
func expectPlannedIdentities() []plancheck.PlanCheck {
	var checks []plancheck.PlanCheck
	for address, identity := range identityTestObjects {
		checks = append(checks, expectPlannedIdentity{address: address, identity: identity})
	}
	return checks
}

// TestAccResourceIdentity creates one resource of each type, updates them
// in place, and imports each by identity: the identity is known at plan,
// set at create, unchanged by the update, and enough to import.
func TestAccResourceIdentity(t *testing.T) {
	srv := newTestServer(t)
	created := identityTestConfig(srv, "Billing", `["access_producer"]`, `["api_default"]`)
	updated := identityTestConfig(srv, "Billing Sync", `["access_producer", "print_card"]`, `["api_default", "reports"]`)
	steps := []acc.TestStep{
		{
			Config:            created,
			ConfigPlanChecks:  acc.ConfigPlanChecks{PreApply: expectPlannedIdentities()},
			ConfigStateChecks: expectIdentities(),
		},
		{
			Config: updated,
			ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: append(expectPlannedIdentities(),
				plancheck.ExpectResourceAction("apiusers_api_user.test", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("apiusers_project_privilege.test", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("apiusers_user_roles.test", plancheck.ResourceActionUpdate),
			)},
			ConfigStateChecks: expectIdentities(),
		},
	}
	for address := range identityTestObjects {
		steps = append(steps, acc.TestStep{
			Config:          updated,
			ResourceName:    address,
			ImportState:     true,
			ImportStateKind: acc.ImportBlockWithResourceIdentity,
		})
	}
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccResourceIdentity_importPersonRefused imports a person by identity:
// refused as with an import id.
func TestAccResourceIdentity_importPersonRefused(t *testing.T) {
	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{UserRecord: mockserver.UserRecord{UserID: "dwalker", FirstName: "Dana", LastName: "Walker"}, Password: "Dana-Seed-Passw0rd"})
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: providerConfig(srv) + `
import {
  to       = apiusers_api_user.person
  identity = { login_id = "dwalker" }
}

resource "apiusers_api_user" "person" {
  login_id   = "dwalker"
  first_name = "Dana"
  last_name  = "Walker"
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorText("Cannot Import a Person as an API User"),
		}},
	})
}

// TestAccResourceIdentity_stateWithoutIdentity applies with a provider that
// has no identities, as states written before them were, then plans and
// refreshes with this one: nothing changes, and every resource has its
// identity afterwards.
func TestAccResourceIdentity_stateWithoutIdentity(t *testing.T) {
	srv := newTestServer(t)
	config := identityTestConfig(srv, "Billing", `["access_producer"]`, `["api_default"]`)
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []acc.TestStep{
			{
				ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
					"apiusers": providerserver.NewProtocol6WithError(providerWithoutIdentity{New("test")()}),
				},
				Config: config,
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   config,
				ConfigPlanChecks:         acc.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks:        expectIdentities(),
			},
		},
	})
}

// providerWithoutIdentity serves the provider's resources without their
// identity schemas, as a provider version before identities did. Only the
// base provider.Provider methods are promoted: no list resources.
type providerWithoutIdentity struct{ provider.Provider }

func (p providerWithoutIdentity) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, newResource := range p.Provider.Resources(ctx) {
		out = append(out, func() resource.Resource { return resourceWithoutIdentity{newResource()} })
	}
	return out
}

// resourceWithoutIdentity is a resource with every optional interface the
// provider's resources implement but ResourceWithIdentity.
type resourceWithoutIdentity struct{ resource.Resource }

func (r resourceWithoutIdentity) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.Resource.(resource.ResourceWithConfigure).Configure(ctx, req, resp)
}

func (r resourceWithoutIdentity) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.Resource.(resource.ResourceWithModifyPlan).ModifyPlan(ctx, req, resp)
}

func (r resourceWithoutIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.Resource.(resource.ResourceWithImportState).ImportState(ctx, req, resp)
}

func (r resourceWithoutIdentity) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if v, ok := r.Resource.(resource.ResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}
