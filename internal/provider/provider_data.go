package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// providerData is what Configure hands to resources and data sources. store
// is nil while the provider configuration still has unknown values
// (planning before the endpoint is known); see configured.
type providerData struct {
	store  *store.Store
	warned warnings         // once-per-run warnings given
	run    runState         // what this run remembers across resources (run_state.go)
	clock  func() time.Time // see now
}

// now is the time for every rule of the provider about time (password
// rotation): one clock, which tests replace with a fake one they move.
func (d *providerData) now() time.Time {
	if d == nil || d.clock == nil {
		return time.Now()
	}
	return d.clock()
}

// configured reports whether the server can be reached yet.
func (d *providerData) configured() bool { return d != nil && d.store != nil }

// providerDataFrom converts the value a resource's or data source's Configure
// receives. It returns nil, with no diagnostic, before the provider itself is
// configured (Terraform calls Configure early during validation).
func providerDataFrom(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	d, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", v))
		return nil
	}
	return d
}

// dataSourceData is what every data source embeds: the provider's data, as
// its Configure receives it.
type dataSourceData struct{ data *providerData }

func (d *dataSourceData) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// userToImport looks up the user an import id names (its login id) for the
// ImportState of what (e.g. "API User"). It returns nil when diags says why
// the import cannot go on.
func (d *providerData) userToImport(ctx context.Context, loginID, what string, diags *diag.Diagnostics) *client.User {
	s := d.requireStore(diags)
	if s == nil {
		return nil
	}
	u, found, err := s.User(ctx, loginID)
	if err != nil {
		diags.AddError("Unable to Import "+what,
			withCause(fmt.Sprintf("Reading user %q failed. Check the provider's endpoint and credentials and try again.", loginID), err))
		return nil
	}
	if !found {
		diags.AddError("Cannot Import "+what+" of a Non-Existent User",
			fmt.Sprintf("No user with login id %q exists on the server. The import id is the user's login id, e.g. \"billing-sync\".", loginID))
		return nil
	}
	return u
}
