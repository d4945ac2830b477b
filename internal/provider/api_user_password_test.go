package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	// A one-letter organization rules out many draws; the generator must
	// still find passwords without it.
	for _, org := range []string{"", "Acme", "e"} {
		for range 100 {
			pw, err := generatePassword("jdoe", org)
			if err != nil {
				t.Fatal(err)
			}
			if len(pw) != generatedPasswordLength {
				t.Fatalf("length %d, want %d", len(pw), generatedPasswordLength)
			}
			if err := client.ValidatePassword(pw, "jdoe", org); err != nil {
				t.Fatalf("generated password breaks the policy: %v", err)
			}
			if seen[pw] {
				t.Fatal("generated the same password twice")
			}
			seen[pw] = true
		}
	}
}

func TestPlanPassword(t *testing.T) {
	keepers := func(v string) types.Map {
		return types.MapValueMust(types.StringType, map[string]attr.Value{"rotation": types.StringValue(v)})
	}
	base := func() apiUserModel {
		m := importedPrior()
		m.LoginID = types.StringValue("jdoe")
		return m
	}
	with := func(f func(m *apiUserModel)) apiUserModel { m := base(); f(&m); return m }
	given := with(func(m *apiUserModel) { m.Password = types.StringValue("Given-Passw0rd") })
	generated := with(func(m *apiUserModel) { m.Password = types.StringValue("Generated-Passw0rd"); m.Keepers = keepers("1") })
	writeOnly := with(func(m *apiUserModel) {
		m.PasswordWO = types.StringValue("Wo-Passw0rd")
		m.PasswordWOVersion = types.Int64Value(1)
	})
	writeOnlyState := with(func(m *apiUserModel) { m.PasswordWOVersion = types.Int64Value(1) })

	cases := []struct {
		name          string
		config, state apiUserModel
		creating      bool
		wantMode      passwordMode
		wantPlanned   types.String
		wantSets      bool
	}{
		{"create generated", base(), base(), true, passwordGenerated, types.StringUnknown(), true},
		{"create given", given, base(), true, passwordGiven, types.StringValue("Given-Passw0rd"), true},
		{"create write-only", writeOnly, base(), true, passwordWriteOnly, types.StringNull(), true},
		{"given unchanged", given, given, false, passwordGiven, types.StringValue("Given-Passw0rd"), false},
		{"given changed", with(func(m *apiUserModel) { m.Password = types.StringValue("Other-Passw0rd") }), given, false,
			passwordGiven, types.StringValue("Other-Passw0rd"), true},
		{"generated, keepers unchanged", with(func(m *apiUserModel) { m.Keepers = keepers("1") }), generated, false,
			passwordGenerated, types.StringValue("Generated-Passw0rd"), false},
		{"generated, keepers changed", with(func(m *apiUserModel) { m.Keepers = keepers("2") }), generated, false,
			passwordGenerated, types.StringUnknown(), true},
		{"generated, keepers unknown", with(func(m *apiUserModel) { m.Keepers = types.MapUnknown(types.StringType) }), generated, false,
			passwordGenerated, types.StringUnknown(), true},
		{"empty keepers equal null", with(func(m *apiUserModel) { m.Keepers = types.MapValueMust(types.StringType, nil) }), base(), false,
			passwordGenerated, types.StringNull(), false},
		{"imported user keeps its server password", base(), base(), false, passwordGenerated, types.StringNull(), false},
		{"imported user adopts keepers without a new password", with(func(m *apiUserModel) { m.Keepers = keepers("1") }), base(), false,
			passwordGenerated, types.StringNull(), false},
		{"adopted keepers changed", with(func(m *apiUserModel) { m.Keepers = keepers("2") }), with(func(m *apiUserModel) { m.Keepers = keepers("1") }), false,
			passwordGenerated, types.StringUnknown(), true},
		{"write-only, version unchanged", writeOnly, writeOnlyState, false, passwordWriteOnly, types.StringNull(), false},
		{"write-only, version changed", with(func(m *apiUserModel) {
			m.PasswordWO = types.StringValue("Wo2-Passw0rd")
			m.PasswordWOVersion = types.Int64Value(2)
		}),
			writeOnlyState, false, passwordWriteOnly, types.StringNull(), true},
		{"switch from generated to write-only drops the stored password", writeOnly, generated, false, passwordWriteOnly, types.StringNull(), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := planPassword(c.config, c.state, c.creating, false)
			if got.mode != c.wantMode || !got.planned.Equal(c.wantPlanned) || got.sets != c.wantSets {
				t.Errorf("got mode %d planned %v sets %t, want mode %d planned %v sets %t",
					got.mode, got.planned, got.sets, c.wantMode, c.wantPlanned, c.wantSets)
			}
		})
	}
}

func TestPasswordToSend(t *testing.T) {
	config := importedPrior()
	config.Organization = types.StringValue("Acme")

	pw, sent, err := passwordToSend(config, config, true, false)
	if err != nil || sent == nil || pw.mode != passwordGenerated {
		t.Fatalf("create generated: got %v %v %v", pw, sent, err)
	}
	if strings.Contains(strings.ToLower(*sent), "acme") || !pw.stateValue(*sent).Equal(types.StringValue(*sent)) {
		t.Error("a generated password avoids the organization and is stored in state")
	}

	config.PasswordWO, config.PasswordWOVersion = types.StringValue("Wo-Passw0rd"), types.Int64Value(1)
	pw, sent, err = passwordToSend(config, config, true, false)
	if err != nil || sent == nil || *sent != "Wo-Passw0rd" {
		t.Fatalf("write-only: want the configured value sent, got %v %v", sent, err)
	}
	if !pw.stateValue(*sent).IsNull() {
		t.Error("a write-only password must never be stored")
	}

	_, sent, err = passwordToSend(config, config, false, false)
	if err != nil || sent != nil {
		t.Errorf("write-only with the same version sends nothing, got %v %v", sent, err)
	}
}
