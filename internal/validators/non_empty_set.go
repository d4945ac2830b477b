package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// NonEmptySet rejects an empty set, for the same reason as NonEmpty: the
// server reports "no elements" as absent, which the provider maps to null.
func NonEmptySet() validator.Set { return nonEmptySet{} }

type nonEmptySet struct{}

func (nonEmptySet) Description(_ context.Context) string {
	return "must not be empty; omit the attribute for none"
}

func (v nonEmptySet) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (nonEmptySet) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || len(req.ConfigValue.Elements()) > 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty Attribute Value",
		req.Path.String()+": must not be an empty set; omit the attribute for none")
}
