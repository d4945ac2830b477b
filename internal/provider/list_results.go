package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// listResults is the stream of a list resource's List: diags first (when
// it has any; an error ends the stream there), then one result per item,
// filled in by fill, and no more than the block's limit.
func listResults[T any](ctx context.Context, req list.ListRequest, diags diag.Diagnostics, items []T, fill func(T, *list.ListResult)) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		if len(diags) > 0 && (!push(list.ListResult{Diagnostics: diags}) || diags.HasError()) {
			return
		}
		for n, item := range items {
			if req.Limit > 0 && int64(n) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			fill(item, &result)
			if !push(result) {
				return
			}
		}
	}
}
