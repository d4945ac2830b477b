package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// This file is login_id_prefix, like name_prefix in the aws provider: the
// provider picks the login id at create, as the prefix followed by a
// generated suffix, and keeps it in state. The suffix carries a check so
// that an import can tell a generated login id from a chosen one and give
// the state the prefix back: the configuration that created the user then
// plans clean after an import.

// The suffix: loginIDSuffixRandom random characters, then two check
// characters. Lower case only: login ids are unique case-insensitively, so
// upper case would add no uniqueness.
const (
	loginIDSuffixChars   = "0123456789abcdefghijklmnopqrstuvwxyz"
	loginIDSuffixRandom  = 10
	loginIDSuffixLength  = loginIDSuffixRandom + 2
	loginIDPrefixMaxLen  = 64 - loginIDSuffixLength
	maxLoginIDCandidates = 20
)

// loginIDPrefixRule is what a prefix must be so that prefix and suffix
// always meet client.LoginIDRule.
var loginIDPrefixRule = fmt.Sprintf("1 to %d characters from A-Z a-z 0-9 . _ @ -, starting with a letter or digit; "+
	"the provider appends %d characters to make a login id, which must be %s", loginIDPrefixMaxLen, loginIDSuffixLength, client.LoginIDRule)

var loginIDPrefixPattern = regexp.MustCompile(fmt.Sprintf(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,%d}$`, loginIDPrefixMaxLen-1))

// loginIDPrefixValidator checks the prefix at plan time, naming the path
// and the rule.
func loginIDPrefixValidator() validator.String {
	return stringvalidator.RegexMatches(loginIDPrefixPattern, "must be "+loginIDPrefixRule)
}

// loginIDSuffixCheck is the two check characters of a suffix's random part:
// a position-weighted sum, so that a swap or a changed character shows.
func loginIDSuffixCheck(random string) string {
	sum := 0
	for i := range len(random) {
		sum += (i + 1) * strings.IndexByte(loginIDSuffixChars, random[i])
	}
	n := len(loginIDSuffixChars)
	sum %= n * n
	return string([]byte{loginIDSuffixChars[sum/n], loginIDSuffixChars[sum%n]})
}

// generatedLoginIDPrefix returns the prefix of a login id this provider
// generated (one ending in a suffix whose check holds), and false for any
// other login id.
func generatedLoginIDPrefix(loginID string) (string, bool) {
	cut := len(loginID) - loginIDSuffixLength
	if cut < 1 {
		return "", false
	}
	random, check := loginID[cut:cut+loginIDSuffixRandom], loginID[cut+loginIDSuffixRandom:]
	if strings.Trim(random, loginIDSuffixChars) != "" || loginIDSuffixCheck(random) != check {
		return "", false
	}
	return loginID[:cut], true
}

// importedLoginIDPrefix is the login_id_prefix an import records: the
// prefix of a generated login id, null for any other.
func importedLoginIDPrefix(loginID string) types.String {
	if prefix, ok := generatedLoginIDPrefix(loginID); ok {
		return types.StringValue(prefix)
	}
	return types.StringNull()
}

// errNoFreeLoginID is generateLoginID's error when every candidate was
// taken or contained in the password.
var errNoFreeLoginID = errors.New("no generated login id was free and absent from the password")

// generateLoginID returns prefix followed by a random suffix: a login id
// that meets client.LoginIDRule (for a prefix that meets
// loginIDPrefixRule), that taken reports free, and that password (the
// given one; "" for a generated one, which is drawn afterwards to avoid
// the login id) does not contain, since the server refuses a password
// that contains the login id.
func generateLoginID(prefix, password string, taken func(string) (bool, error)) (string, error) {
	for range maxLoginIDCandidates {
		random := make([]byte, loginIDSuffixRandom)
		for i := range random {
			c, err := randomChar(loginIDSuffixChars)
			if err != nil {
				return "", err
			}
			random[i] = c
		}
		id := prefix + string(random) + loginIDSuffixCheck(string(random))
		if client.ValidatePasswordExcludes(password, id, "") != nil {
			continue
		}
		busy, err := taken(id)
		if err != nil {
			return "", err
		}
		if !busy {
			return id, nil
		}
	}
	return "", errNoFreeLoginID
}

// prefixReplaces reports whether configuring prefix replaces the user in
// state: a prefix other than the state's, except that a state without one
// (after an import) whose login id already starts with it is kept, as the
// aws provider does for name_prefix.
func prefixReplaces(prefix, statePrefix, stateLoginID types.String) bool {
	if prefix.IsNull() || prefix.Equal(statePrefix) {
		return false
	}
	if prefix.IsUnknown() {
		return true
	}
	return !statePrefix.IsNull() ||
		!strings.HasPrefix(client.LoginKey(stateLoginID.ValueString()), client.LoginKey(prefix.ValueString()))
}

// prefixPlan is what the plan of an update knows about the prefix.
type prefixPlan struct {
	prefix, statePrefix, stateLoginID, configLoginID types.String
}

func readPrefixPlan(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) (p prefixPlan) {
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("login_id_prefix"), &p.prefix)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("login_id"), &p.configLoginID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("login_id_prefix"), &p.statePrefix)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("login_id"), &p.stateLoginID)...)
	return p
}

// loginIDPrefixPlan plans login_id_prefix (optional and computed): the
// configured prefix, replacing the user when prefixReplaces; without one
// (login_id configured), the state's, so that switching from a prefix to
// the login id it generated is no change, or null when the login id
// changes (a replacement, whose create Terraform plans again without state).
type loginIDPrefixPlan struct{}

func (loginIDPrefixPlan) Description(context.Context) string {
	return "A new prefix replaces the user, unless the state has none and its login id starts with it."
}

func (m loginIDPrefixPlan) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (loginIDPrefixPlan) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		if req.ConfigValue.IsNull() {
			resp.PlanValue = types.StringNull()
		}
		return
	}
	p := readPrefixPlan(ctx, req, resp)
	switch {
	case resp.Diagnostics.HasError():
	case !p.prefix.IsNull():
		resp.RequiresReplace = prefixReplaces(p.prefix, p.statePrefix, p.stateLoginID)
	case !p.configLoginID.IsUnknown() && client.LoginKey(p.configLoginID.ValueString()) == client.LoginKey(p.stateLoginID.ValueString()):
		resp.PlanValue = p.statePrefix
	default:
		resp.PlanValue = types.StringNull()
	}
}

// loginIDFromPrefix plans a login id that is not configured (a prefix is):
// unknown at create and when the prefix replaces the user, the state's
// otherwise. It runs before RequiresReplace.
type loginIDFromPrefix struct{}

func (loginIDFromPrefix) Description(context.Context) string {
	return "With login_id_prefix, the login id is generated at create and then kept."
}

func (m loginIDFromPrefix) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (loginIDFromPrefix) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.PlanValue = types.StringUnknown()
		return
	}
	p := readPrefixPlan(ctx, req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.PlanValue = req.StateValue
	if prefixReplaces(p.prefix, p.statePrefix, p.stateLoginID) {
		resp.PlanValue = types.StringUnknown()
	}
}

// generateLoginIDForCreate picks the login id of a create planned with a
// prefix (the login id unknown), checked free against the server's users,
// and puts it in plan and config (where the password generator reads it).
// false when diags says why it could not.
func (r *apiUserResource) generateLoginIDForCreate(ctx context.Context, s *store.Store, plan, config *apiUserModel, diags *diag.Diagnostics) bool {
	if !plan.LoginID.IsUnknown() {
		return true
	}
	given := config.Password.ValueString()
	if !config.PasswordWO.IsNull() {
		given = config.PasswordWO.ValueString()
	}
	id, err := generateLoginID(plan.LoginIDPrefix.ValueString(), given, func(id string) (bool, error) {
		_, found, err := s.User(ctx, id)
		return found, err
	})
	if err != nil {
		diags.AddAttributeError(path.Root("login_id_prefix"), "Unable to Generate Login ID",
			withCause(fmt.Sprintf("No login id starting with %q could be generated for the API user: checking candidates against the server's users failed, "+
				"or each was taken or contained in the password. Apply again, or set login_id.", plan.LoginIDPrefix.ValueString()), err))
		return false
	}
	plan.LoginID, plan.ID, config.LoginID = types.StringValue(id), types.StringValue(id), types.StringValue(id)
	return true
}
