package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// IdentitySchema is the identity of a link resource: the two halves of its
// id, e.g. role_id and login_id (see resource_identity.go).
func (l *linkResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = l.id.identity().schema()
}

// setIdentity sets a link's identity from its state, after Create, Read and
// Update have written the state.
func (l *linkResource) setIdentity(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	l.id.identity().setFromState(ctx, state, identity, diags)
}
