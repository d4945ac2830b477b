package provider

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
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
	// resend: what apply sends is the generated password already in state,
	// because the server's was changed outside Terraform.
	resend bool
}

// planPassword decides the password's fate from the configuration and the
// prior state (ignored when creating). An imported user has a null password
// in state and keeps its server password: only a given password, a changed
// password_wo_version or changed keepers (after they were first adopted, see
// adoptsKeepers) set a new one. resetOutside says the server's password was
// changed outside Terraform since Terraform set it (passwordReset): a given
// or generated password in state is then set again, so that the one in
// state works; a write-only one cannot be (Terraform does not keep it), and
// the plan warns instead.
func planPassword(config, state apiUserModel, creating, resetOutside bool) passwordPlan {
	pw := planPasswordFromConfig(config, state, creating)
	if resetOutside && !creating && !pw.sets {
		switch {
		case pw.mode == passwordGiven:
			pw.sets = true
		case pw.mode == passwordGenerated && !state.Password.IsNull() && !state.Password.IsUnknown():
			pw.sets, pw.resend = true, true
		}
	}
	return pw
}

// planPasswordFromConfig is planPassword for a server whose password is the
// one Terraform set.
func planPasswordFromConfig(config, state apiUserModel, creating bool) passwordPlan {
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

// Generated passwords are drawn from letters, digits and symbols that need
// no quoting in shells, URLs or JSON. The resource's are 32 characters long;
// the ephemeral apiusers_password lets the length be chosen within the
// policy's bounds.
const (
	generatedPasswordLength = 32
	upperChars              = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerChars              = "abcdefghijklmnopqrstuvwxyz"
	digitChars              = "0123456789"
	symbolChars             = "-_.~+="
	maxGenerateAttempts     = 1000
)

// errNoPasswordAvoids is generatePasswordOfLength's error when every draw
// contained the login id or the organization.
var errNoPasswordAvoids = errors.New("no generated password avoided the login id and organization")

// generatePassword is generatePasswordOfLength with the resource's length.
func generatePassword(loginID, organization string) (string, error) {
	return generatePasswordOfLength(loginID, organization, generatedPasswordLength)
}

// generatePasswordOfLength returns a password of length characters from
// crypto/rand that meets API.md's policy: at least one upper-case letter,
// lower-case letter and digit, and not containing loginID or organization
// (case-insensitive). A short organization makes some draws fail; those are
// drawn again. A length outside the policy's bounds is an error, not a
// password the server would refuse.
func generatePasswordOfLength(loginID, organization string, length int) (string, error) {
	if length < client.PasswordMinLength || length > client.PasswordMaxLength {
		return "", fmt.Errorf("a password length must be between %d and %d, got %d", client.PasswordMinLength, client.PasswordMaxLength, length)
	}
	// One of each required class, the rest from everything, then shuffled.
	sets := []string{upperChars, lowerChars, digitChars}
	all := upperChars + lowerChars + digitChars + symbolChars
	for range maxGenerateAttempts {
		pw := make([]byte, length)
		for i := range pw {
			set := all
			if i < len(sets) {
				set = sets[i]
			}
			c, err := randomChar(set)
			if err != nil {
				return "", err
			}
			pw[i] = c
		}
		if err := shuffle(pw); err != nil {
			return "", err
		}
		s := string(pw)
		if client.ValidatePassword(s, loginID, organization) == nil {
			return s, nil
		}
	}
	return "", errNoPasswordAvoids
}

func randomChar(set string) (byte, error) {
	n, err := randomInt(len(set)) // 0 with an error, which callers return
	return set[n], err
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
func passwordToSend(config, state apiUserModel, creating, resetOutside bool) (passwordPlan, *string, error) {
	return planPassword(config, state, creating, resetOutside).toSend(config, state)
}

// toSend is the password pw sends (nil when the password stays).
func (pw passwordPlan) toSend(config, state apiUserModel) (passwordPlan, *string, error) {
	if !pw.sets {
		return pw, nil, nil
	}
	var v string
	switch {
	case pw.resend:
		v = state.Password.ValueString()
	case pw.mode == passwordGiven:
		v = config.Password.ValueString()
	case pw.mode == passwordWriteOnly:
		v = config.PasswordWO.ValueString()
	default:
		generated, err := generatePassword(config.LoginID.ValueString(), config.Organization.ValueString())
		if errors.Is(err, errNoPasswordAvoids) {
			return pw, nil, fmt.Errorf("%w; set password or password_wo instead", err)
		}
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

// A password changed outside Terraform (an administrator's "Reset Password",
// seed 002) leaves the password in state useless. The server says so only
// by moving passwordChangedAt; the refresh notices and records it in the
// resource's private data, where the plan and the update find it, until a
// password is sent again.
const privatePasswordResetKey = "password_reset_outside"

// passwordResetOutside reports whether the server's passwordChangedAt moved
// since the state recorded it. A server that does not report it tells
// nothing, and neither does a state without one (after an import).
func passwordResetOutside(state apiUserModel, u client.User) bool {
	if u.PasswordChangedAt == nil || state.PasswordChangedAt.IsNull() || state.PasswordChangedAt.IsUnknown() {
		return false
	}
	return *u.PasswordChangedAt != state.PasswordChangedAt.ValueString()
}

// passwordReset returns when the password was changed outside Terraform,
// if it was and no password was set since.
func passwordReset(ctx context.Context, private privateGetter) (changedAt string, reset bool) {
	if !getPrivate(ctx, private, privatePasswordResetKey, &changedAt) {
		return "", false
	}
	return changedAt, true
}

// warnPasswordReset explains a plan made for a password changed outside
// Terraform: it sets the password in state again, or, for a write-only
// password Terraform does not keep, says how to set it.
func warnPasswordReset(loginID, changedAt string, pw passwordPlan, diags *diag.Diagnostics) {
	if pw.mode == passwordWriteOnly && !pw.sets {
		diags.AddAttributeWarning(path.Root("password_wo_version"), "API User Password Changed Outside Terraform",
			fmt.Sprintf("The server reports that the password of API user %q was changed at %s, after Terraform last set it, so the configured password_wo may no longer work. "+
				"Terraform does not keep write-only values, so it cannot set it again by itself: raise password_wo_version to send password_wo again.", loginID, changedAt))
		return
	}
	if pw.sets {
		// Not on password: Terraform would print its source line, which may
		// hold the password.
		diags.AddWarning("API User Password Changed Outside Terraform",
			fmt.Sprintf("The server reports that the password of API user %q was changed at %s, after Terraform last set it, so the password in state no longer works. "+
				"This plan sets the password in state again.", loginID, changedAt))
	}
}
