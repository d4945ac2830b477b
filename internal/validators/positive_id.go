package validators

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// PositiveID rejects ids below 1 (branch and group ids are positive). what
// names the id in the message, e.g. "a branch id".
func PositiveID(what string) validator.Int64 { return positiveID{what: what} }

type positiveID struct{ what string }

func (v positiveID) Description(_ context.Context) string {
	return v.what + " must be a positive number"
}

func (v positiveID) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v positiveID) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueInt64() >= 1 {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid ID",
		req.Path.String()+": "+v.Description(ctx)+", got "+strconv.FormatInt(req.ConfigValue.ValueInt64(), 10))
}
