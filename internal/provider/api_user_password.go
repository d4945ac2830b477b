package provider

import (
	"crypto/rand"
	"errors"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/validators"
)

// passwordMode is how the configuration supplies the user's password.
type passwordMode int

const (
	// passwordGenerated: neither password nor password_wo is set; the
	// provider generates one at create and again when keepers change.
	passwordGenerated passwordMode = iota
	// passwordGiven: password is set and stored in state.
	passwordGiven
	// passwordWriteOnly: password_wo is set; never stored, rotated by
	// changing password_wo_version.
	passwordWriteOnly
)

// passwordPlan is what a plan (or the apply of that plan) does with the
// password. Plan and apply both call planPassword, so they always agree.
type passwordPlan struct {
	mode passwordMode
	// planned is the value of the password attribute after apply: the given
	// password, null in write-only mode, unknown when a new one is
	// generated, or the state's value (null after an import) otherwise.
	planned types.String
	// sets is true when apply sends a new password to the server.
	sets bool
}

// planPassword decides the password's fate from the configuration and the
// prior state (ignored when creating). An imported user has a null password
// in state and keeps its server password: only a given password, a changed
// password_wo_version or changed keepers (after they were first adopted, see
// adoptsKeepers) set a new one.
func planPassword(config, state apiUserModel, creating bool) passwordPlan {
	switch {
	case !config.Password.IsNull():
		return passwordPlan{mode: passwordGiven, planned: config.Password,
			sets: creating || !config.Password.Equal(state.Password)}
	case !config.PasswordWO.IsNull() || !config.PasswordWOVersion.IsNull():
		return passwordPlan{mode: passwordWriteOnly, planned: types.StringNull(),
			sets: creating || !config.PasswordWOVersion.Equal(state.PasswordWOVersion)}
	case creating || (!keepersEqual(config.Keepers, state.Keepers) && !adoptsKeepers(state)):
		return passwordPlan{mode: passwordGenerated, planned: types.StringUnknown(), sets: true}
	default:
		return passwordPlan{mode: passwordGenerated, planned: state.Password}
	}
}

// adoptsKeepers reports whether keepers set on this state are adopted
// without a new password: an imported user (no password and no keepers in
// state) keeps its server password when keepers are first added; changing
// them afterwards rotates it.
func adoptsKeepers(state apiUserModel) bool {
	return state.Password.IsNull() && len(state.Keepers.Elements()) == 0
}

// keepersEqual treats a null and an empty map alike, so writing `keepers =
// {}` does not rotate the password.
func keepersEqual(a, b types.Map) bool {
	if len(a.Elements()) == 0 && len(b.Elements()) == 0 && !a.IsUnknown() && !b.IsUnknown() {
		return true
	}
	return a.Equal(b)
}

// Generated passwords are long and drawn from letters, digits and symbols
// that need no quoting in shells, URLs or JSON.
const (
	generatedPasswordLength = 32
	upperChars              = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerChars              = "abcdefghijklmnopqrstuvwxyz"
	digitChars              = "0123456789"
	symbolChars             = "-_.~+="
	maxGenerateAttempts     = 1000
)

// generatePassword returns a password from crypto/rand that meets API.md's
// policy: at least one upper-case letter, lower-case letter and digit, and
// not containing loginID or organization (case-insensitive). A short
// organization makes some draws fail; those are drawn again.
func generatePassword(loginID, organization string) (string, error) {
	all := upperChars + lowerChars + digitChars + symbolChars
	for range maxGenerateAttempts {
		pw := make([]byte, generatedPasswordLength)
		// One of each required class, the rest from everything, then shuffled.
		for i, set := range []string{upperChars, lowerChars, digitChars} {
			c, err := randomChar(set)
			if err != nil {
				return "", err
			}
			pw[i] = c
		}
		for i := 3; i < len(pw); i++ {
			c, err := randomChar(all)
			if err != nil {
				return "", err
			}
			pw[i] = c
		}
		if err := shuffle(pw); err != nil {
			return "", err
		}
		s := string(pw)
		if validators.CheckPassword(s) == "" && validators.CheckPasswordExcludes(s, loginID, organization) == "" {
			return s, nil
		}
	}
	return "", errors.New("no generated password avoided the login id and organization; set password or password_wo instead")
}

func randomChar(set string) (byte, error) {
	n, err := randomInt(len(set))
	if err != nil {
		return 0, err
	}
	return set[n], nil
}

// shuffle is Fisher-Yates with crypto/rand.
func shuffle(b []byte) error {
	for i := len(b) - 1; i > 0; i-- {
		j, err := randomInt(i + 1)
		if err != nil {
			return err
		}
		b[i], b[j] = b[j], b[i]
	}
	return nil
}

func randomInt(n int) (int, error) {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		return 0, err
	}
	return int(v.Int64()), nil
}

// passwordToSend is planPassword at apply time: the decision and the
// password to send to the server (nil when the password stays). In
// write-only mode the value comes from the configuration, the only place
// Terraform passes it.
func passwordToSend(config, state apiUserModel, creating bool) (passwordPlan, *string, error) {
	pw := planPassword(config, state, creating)
	if !pw.sets {
		return pw, nil, nil
	}
	var v string
	switch pw.mode {
	case passwordGiven:
		v = config.Password.ValueString()
	case passwordWriteOnly:
		v = config.PasswordWO.ValueString()
	default:
		generated, err := generatePassword(config.LoginID.ValueString(), config.Organization.ValueString())
		if err != nil {
			return pw, nil, err
		}
		v = generated
	}
	return pw, &v, nil
}

// stateValue is the password attribute after sent was set on the server:
// write-only passwords are never stored.
func (pw passwordPlan) stateValue(sent string) types.String {
	if pw.mode == passwordWriteOnly {
		return types.StringNull()
	}
	return types.StringValue(sent)
}
