package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// providerData is what Configure hands to resources and data sources. Both
// fields are nil while the provider configuration still has unknown values
// (planning before the endpoint is known); see configured.
type providerData struct {
	client  *client.Client
	store   *store.Store
	warned  warnings       // once-per-run warnings given
	managed managedObjects // objects seen in state this run (replacement.go)
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
