package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// privateSetter is the part of the framework's private data the resources
// set (CreateResponse.Private, ReadResponse.Private, ...).
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// privateGetter is the part of the framework's private data a plan reads.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// privateData is the framework's private data of a resource being applied
// or read, which is both read and written.
type privateData interface {
	privateGetter
	privateSetter
}

// getPrivate decodes the JSON value private holds under key into v. It is
// false when there is none, or it does not decode: a mark the provider
// cannot read is no mark.
func getPrivate(ctx context.Context, private privateGetter, key string, v any) bool {
	if private == nil {
		return false
	}
	raw, diags := private.GetKey(ctx, key)
	return !diags.HasError() && len(raw) > 0 && json.Unmarshal(raw, v) == nil
}

// setPrivate keeps v, as JSON, in private under key; a nil v removes the key.
func setPrivate(ctx context.Context, private privateSetter, key string, v any, diags *diag.Diagnostics) {
	var raw []byte
	if v != nil {
		raw, _ = json.Marshal(v) // the provider keeps only strings, times and true
	}
	diags.Append(private.SetKey(ctx, key, raw)...)
}
