package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	testresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// checkGeneratedPassword is API.md's password rule written out again,
// independently of internal/validators (which the generator itself calls),
// plus what the generator promises beyond it: the exact length and its
// alphabet.
func checkGeneratedPassword(pw, loginID, organization string, length int) error {
	if len(pw) != length {
		return fmt.Errorf("length %d, want %d", len(pw), length)
	}
	if strings.Trim(pw, upperChars+lowerChars+digitChars+symbolChars) != "" {
		return fmt.Errorf("a character outside the generator's alphabet")
	}
	for _, class := range []struct{ name, set string }{{"upper-case letter", upperChars}, {"lower-case letter", lowerChars}, {"digit", digitChars}} {
		if !strings.ContainsAny(pw, class.set) {
			return fmt.Errorf("no %s", class.name)
		}
	}
	lower := strings.ToLower(pw)
	if strings.Contains(lower, strings.ToLower(loginID)) {
		return fmt.Errorf("contains the login id")
	}
	if organization != "" && strings.Contains(lower, strings.ToLower(organization)) {
		return fmt.Errorf("contains the organization")
	}
	return nil
}

// TestGeneratePasswordOfLength draws many passwords at the policy's bounds
// and the default length. A one-letter organization rules out most long
// draws (about 2 in 3 draws of 128 characters hold an "e" or "E"), so it
// also exercises drawing again.
func TestGeneratePasswordOfLength(t *testing.T) {
	seen := map[string]bool{}
	for _, length := range []int{8, generatedPasswordLength, 128} {
		for _, org := range []string{"", "Acme", "e"} {
			for range 200 {
				pw, err := generatePasswordOfLength("JDoe", org, length)
				if err != nil {
					t.Fatalf("length %d, organization %q: %v", length, org, err)
				}
				if err := checkGeneratedPassword(pw, "JDoe", org, length); err != nil {
					t.Fatalf("length %d, organization %q: %v", length, org, err)
				}
				if seen[pw] {
					t.Fatalf("length %d: generated the same password twice", length)
				}
				seen[pw] = true
			}
		}
	}
}

func TestGeneratePasswordOfLengthOutOfBounds(t *testing.T) {
	for _, length := range []int{-1, 0, 3, 7, 129} {
		if pw, err := generatePasswordOfLength("jdoe", "", length); err == nil {
			t.Errorf("length %d: got a password of %d characters, want an error", length, len(pw))
		}
	}
}

// The resource's generator is the same one at the resource's length.
func TestGeneratePasswordIsTheResourceLength(t *testing.T) {
	pw, err := generatePassword("jdoe", "Acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := checkGeneratedPassword(pw, "jdoe", "Acme", generatedPasswordLength); err != nil {
		t.Fatal(err)
	}
}

// passwordEphemeralServer is the provider's protocol server on which no
// ConfigureProvider was called: what Terraform talks to before the provider
// is configured.
func passwordEphemeralServer(t *testing.T) (tfprotov6.ProviderServer, tftypes.Type) {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	var resp ephemeral.SchemaResponse
	NewPasswordEphemeralResource().Schema(context.Background(), ephemeral.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	return server, resp.Schema.Type().TerraformType(context.Background())
}

// passwordEphemeralConfig is the ephemeral resource's configuration as
// Terraform sends it; a nil length or organization is null.
func passwordEphemeralConfig(t *testing.T, typ tftypes.Type, loginID string, organization *string, length *int) *tfprotov6.DynamicValue {
	t.Helper()
	var org, n any
	if organization != nil {
		org = *organization
	}
	if length != nil {
		n = *length
	}
	v, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{
		"login_id":     tftypes.NewValue(tftypes.String, loginID),
		"organization": tftypes.NewValue(tftypes.String, org),
		"length":       tftypes.NewValue(tftypes.Number, n),
		"result":       tftypes.NewValue(tftypes.String, nil),
	}))
	if err != nil {
		t.Fatal(err)
	}
	return &v
}

// openPassword calls OpenEphemeralResource and returns result and length.
func openPassword(t *testing.T, server tfprotov6.ProviderServer, typ tftypes.Type, config *tfprotov6.DynamicValue) (string, int64) {
	t.Helper()
	resp, err := server.OpenEphemeralResource(context.Background(), &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "apiusers_password",
		Config:   config,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("open: %s: %s", d.Summary, d.Detail)
	}
	raw, err := resp.Result.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var result string
	if err := attrs["result"].As(&result); err != nil {
		t.Fatal(err)
	}
	var length big.Float
	if err := attrs["length"].As(&length); err != nil {
		t.Fatal(err)
	}
	n, _ := length.Int64()
	return result, n
}

// TestPasswordEphemeralOpen opens apiusers_password through the protocol,
// as Terraform does, on a provider that was never configured: the result
// meets the policy, the length defaults to 32 and is reported, and every
// open draws a new password.
func TestPasswordEphemeralOpen(t *testing.T) {
	t.Parallel()
	server, typ := passwordEphemeralServer(t)
	org, eight := "e", 8
	cases := []struct {
		name         string
		organization *string
		length       *int
		want         int
	}{
		{"default length", nil, nil, generatedPasswordLength},
		{"shortest, short organization", &org, &eight, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			config := passwordEphemeralConfig(t, typ, "JDoe", c.organization, c.length)
			first, length := openPassword(t, server, typ, config)
			second, _ := openPassword(t, server, typ, config)
			if length != int64(c.want) {
				t.Errorf("length = %d, want %d", length, c.want)
			}
			organization := ""
			if c.organization != nil {
				organization = *c.organization
			}
			for _, pw := range []string{first, second} {
				if err := checkGeneratedPassword(pw, "JDoe", organization, c.want); err != nil {
					t.Fatal(err)
				}
			}
			if first == second {
				t.Error("two opens gave the same password")
			}
		})
	}
}

// TestPasswordEphemeralValidation: the schema refuses a length outside
// API.md's bounds and an invalid login id, before anything is opened.
func TestPasswordEphemeralValidation(t *testing.T) {
	t.Parallel()
	server, typ := passwordEphemeralServer(t)
	short, long, ok := 7, 129, 8
	cases := []struct {
		name, loginID string
		length        *int
		want          string // a diagnostic's summary, "" for none
	}{
		{"bounds", "jdoe", &ok, ""},
		{"too short", "jdoe", &short, "Invalid Attribute Value"},
		{"too long", "jdoe", &long, "Invalid Attribute Value"},
		{"bad login id", "j", nil, "Invalid Attribute Value Match"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := server.ValidateEphemeralResourceConfig(context.Background(), &tfprotov6.ValidateEphemeralResourceConfigRequest{
				TypeName: "apiusers_password",
				Config:   passwordEphemeralConfig(t, typ, c.loginID, nil, c.length),
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range resp.Diagnostics {
				got = append(got, d.Summary)
			}
			if (c.want == "" && len(got) != 0) || (c.want != "" && (len(got) != 1 || got[0] != c.want)) {
				t.Errorf("diagnostics %q, want %q", got, c.want)
			}
		})
	}
}

// capturedValues is what the capture provider's ephemeral resources were
// opened with, in order, across every Terraform command of a test.
type capturedValues struct {
	mu     sync.Mutex
	values []string
}

func (c *capturedValues) add(v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values = append(c.values, v)
}

func (c *capturedValues) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.values...)
}

// captureFactories are the acceptance tests' providers plus "capture", a
// provider that exists only in this test file: its ephemeral resource
// capture_value records the value it is given. Ephemeral values can reach
// only write-only arguments, provider configurations and other ephemeral
// resources, so this is how a test learns the passwords apiusers_password
// produced, without a test-only hook in the provider under test.
func captureFactories(values *capturedValues) map[string]func() (tfprotov6.ProviderServer, error) {
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"capture": providerserver.NewProtocol6WithError(&captureProvider{values: values}),
	}
	for name, f := range testAccProtoV6ProviderFactories {
		factories[name] = f
	}
	return factories
}

var (
	_ provider.ProviderWithEphemeralResources = (*captureProvider)(nil)
	_ ephemeral.EphemeralResource             = (*captureEphemeralResource)(nil)
)

type captureProvider struct{ values *capturedValues }

func (p *captureProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "capture"
}

func (p *captureProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *captureProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *captureProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *captureProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *captureProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{func() ephemeral.EphemeralResource { return &captureEphemeralResource{values: p.values} }}
}

type captureEphemeralResource struct{ values *capturedValues }

func (e *captureEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_value"
}

func (e *captureEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = ephemeralschema.Schema{Attributes: map[string]ephemeralschema.Attribute{
		"value": ephemeralschema.StringAttribute{Required: true, Sensitive: true},
		// result echoes value, so that a configuration can route a value
		// through the capture: then every CLI opens it wherever the value
		// is used (OpenTofu does not open an ephemeral resource nothing
		// refers to at apply).
		"result": ephemeralschema.StringAttribute{Computed: true, Sensitive: true},
	}}
}

func (e *captureEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var v types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("value"), &v)...)
	if resp.Diagnostics.HasError() {
		return
	}
	e.values.add(v.ValueString())
	resp.Diagnostics.Append(resp.Result.SetAttribute(ctx, path.Root("result"), v)...)
}

// capturePlanCheck adapts a function to plancheck.PlanCheck.
type capturePlanCheck func(*tfjson.Plan) error

func (f capturePlanCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}

// noneOf fails when any captured value appears in what (a plan or a state
// as `terraform show -json` renders it: sensitive values in clear).
func noneOf(values *capturedValues, what string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	captured := values.all()
	if len(captured) == 0 {
		return fmt.Errorf("no password was captured: the ephemeral resources were not opened")
	}
	for i, pw := range captured {
		if strings.Contains(string(raw), pw) {
			return fmt.Errorf("password #%d of apiusers_password appears in the %s", i+1, what)
		}
	}
	return nil
}

// TestAccPasswordEphemeral_writeOnly feeds apiusers_password to password_wo
// and proves, with the values the capture provider saw:
//   - every open (each plan and each apply) meets the policy for the
//     configured login id, organization and length, and draws a new value;
//   - of all those values exactly one authenticates the user on the mock:
//     the apply's, since a plan's never reaches the server; after a
//     password_wo_version bump it is a new one, and a plan without a bump
//     sends nothing;
//   - none of them appears in any plan or in the state (as `terraform show
//     -json` renders them), password and password_wo are null in state, and
//     the ephemeral resources are not in state at all.
//
// What it cannot prove: that Terraform keeps no other copy (its own files
// beyond state and plan); nor does it read the state file itself.
func TestAccPasswordEphemeral_writeOnly(t *testing.T) {
	srv := newTestServer(t)
	const addr, login, org, length = "apiusers_api_user.eph", "ephemeral-user", "Acme", 20
	values := &capturedValues{}
	config := func(version int) string {
		return providerConfig(srv) + fmt.Sprintf(`
ephemeral "apiusers_password" "eph" {
  login_id     = %[1]q
  organization = %[2]q
  length       = %[3]d
}

ephemeral "capture_value" "eph" {
  value = ephemeral.apiusers_password.eph.result
}
`, login, org, length) + testAccAPIUserBlock("eph", fmt.Sprintf(`
  login_id            = %[1]q
  first_name          = "Ephem"
  last_name           = "Eral"
  organization        = %[2]q
  password_wo         = ephemeral.capture_value.eph.result
  password_wo_version = %[3]d
`, login, org, version))
	}

	notInPlan := capturePlanCheck(func(plan *tfjson.Plan) error { return noneOf(values, "plan", plan) })
	notInState := stateCheckFunc(func(state *tfjson.State) error {
		for _, name := range []string{"password", "password_wo"} {
			if v, err := stateAttribute(state, addr, name); err != nil || v != nil {
				return fmt.Errorf("%s must be null in state (err %w)", name, err)
			}
		}
		for _, r := range state.Values.RootModule.Resources {
			if r.Mode != tfjson.ManagedResourceMode {
				return fmt.Errorf("%s is in state", r.Address)
			}
		}
		return noneOf(values, "state", state)
	})
	// sent checks that every captured value meets the policy and is new,
	// and that exactly one authenticates; it appends that one to *working.
	var working []string
	sent := stateCheckFunc(func(*tfjson.State) error {
		seen := map[string]bool{}
		var works []string
		for i, pw := range values.all() {
			if err := checkGeneratedPassword(pw, login, org, length); err != nil {
				return fmt.Errorf("password #%d: %w", i+1, err)
			}
			if seen[pw] {
				return fmt.Errorf("password #%d was generated before", i+1)
			}
			seen[pw] = true
			if srv.CheckPassword(login, pw) {
				works = append(works, pw)
			}
		}
		if len(works) != 1 {
			return fmt.Errorf("%d of %d generated passwords authenticate %q, want exactly 1 (the apply's)", len(works), len(seen), login)
		}
		working = append(working, works[0])
		return nil
	})
	changedOnServer := serverUserCheck(srv, login, func(u mockserver.UserRecord) error {
		if u.PasswordChangedAt.IsZero() {
			return fmt.Errorf("the server records no password set")
		}
		return nil
	})

	testresource.ParallelTest(t, testresource.TestCase{
		ProtoV6ProviderFactories: captureFactories(values),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []testresource.TestStep{
			{
				Config: config(1),
				ConfigPlanChecks: testresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					notInPlan,
				}},
				ConfigStateChecks: []statecheck.StateCheck{notInState, sent, changedOnServer},
			},
			{
				Config: config(2),
				ConfigPlanChecks: testresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					notInPlan,
				}},
				ConfigStateChecks: []statecheck.StateCheck{notInState, sent, stateCheckFunc(func(*tfjson.State) error {
					if working[0] == working[1] {
						return fmt.Errorf("bumping password_wo_version did not send a new password")
					}
					return nil
				})},
			},
			{
				// A new password is generated but, without a new version,
				// not sent: the one of the last apply still works.
				Config: config(2),
				ConfigPlanChecks: testresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					notInPlan,
				}},
				ConfigStateChecks: []statecheck.StateCheck{notInState, sent, stateCheckFunc(func(*tfjson.State) error {
					if working[2] != working[1] {
						return fmt.Errorf("a plan without a version bump changed the password")
					}
					return nil
				})},
			},
		},
	})
}

// TestAccPasswordEphemeral_unconfiguredProvider: while the provider's
// endpoint is unknown (taken from a resource not created yet), the provider
// is configured without a server; apiusers_password still opens during the
// plan and gives a password that meets the policy.
func TestAccPasswordEphemeral_unconfiguredProvider(t *testing.T) {
	srv := newTestServer(t)
	values := &capturedValues{}
	testresource.ParallelTest(t, testresource.TestCase{
		ProtoV6ProviderFactories: captureFactories(values),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []testresource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input = %[1]q
}

provider "apiusers" {
  endpoint = terraform_data.endpoint.output
  username = %[2]q
  password = %[3]q
}

ephemeral "apiusers_password" "early" {
  login_id = "early-user"
}

ephemeral "capture_value" "early" {
  value = ephemeral.apiusers_password.early.result
}
`, srv.URL(), srv.AdminUsername(), srv.AdminPassword()),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	captured := values.all()
	if len(captured) == 0 {
		t.Fatal("apiusers_password was not opened while the provider had no server")
	}
	for i, pw := range captured {
		if err := checkGeneratedPassword(pw, "early-user", "", generatedPasswordLength); err != nil {
			t.Errorf("password #%d: %v", i+1, err)
		}
	}
}
