package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// IdentitySchema is the identity of an API user: its login id (see
// resource_identity.go).
func (r *apiUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = loginIdentity.schema()
}

// IdentitySchema is the identity of a user's roles: the user's login id,
// like the user's own.
func (r *userRolesResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = loginIdentity.schema()
}
