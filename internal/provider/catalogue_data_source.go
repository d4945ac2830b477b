package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// catalogue is one of the server's fixed lists of objects (roles, projects)
// that the link resources refer to by id. Its data source lists it as a map
// keyed by id, `<what>s`, and the sorted ids, `<what>_ids`; its ids also
// serve the link resource's plan-time check (catalogueCheck).
type catalogue[T, M any] struct {
	what    string // the kind of object, lower case, e.g. "role"
	example string // an id shown in the documentation, e.g. "api_default"
	// list reads the catalogue; the store reads it once per run.
	list func(*store.Store, context.Context) ([]T, error)
	id   func(T) string
	// model maps an object as the server reports it to an element of the
	// map; attrTypes is that element's object type.
	model     func(T) M
	attrTypes map[string]attr.Type
}

// schema is the data source's schema; attrs describes the model.
func (c catalogue[T, M]) schema(description string, attrs map[string]schema.Attribute) schema.Schema {
	return schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			c.what + "s": schema.MapNestedAttribute{
				MarkdownDescription: "Every " + c.what + ", keyed by " + c.what + " id (e.g. `" + c.example + "`).",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
			},
			c.what + "_ids": schema.ListAttribute{
				MarkdownDescription: "The " + c.what + " ids, sorted.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

// read is the data source's Read without the state: the objects keyed by id
// and the sorted ids. When diags has an error the values are not usable.
func (c catalogue[T, M]) read(ctx context.Context, data *providerData, diags *diag.Diagnostics) (types.Map, types.List) {
	s := data.requireStore(diags)
	if s == nil {
		return types.Map{}, types.List{}
	}
	items, err := c.list(s, ctx)
	if addMissingExtensionError(err, "apiusers_"+c.what+"s", diags) {
		return types.Map{}, types.List{}
	}
	if err != nil {
		diags.AddError("Unable to Read "+titleCase(c.what)+"s",
			"Could not list the server's "+c.what+"s (GET /"+c.what+"s). Check the endpoint and that the server supports "+c.what+"s.\n\nOriginal Error: "+err.Error())
		return types.Map{}, types.List{}
	}
	objects, ids, d := keyedObjects(ctx, keyedBy(items, c.id, c.model), c.attrTypes)
	diags.Append(d...)
	return objects, ids
}

// selectIDs is what a data source that reads something per object of the
// catalogue (apiusers_role_holders, apiusers_project_privileges) reads it
// for: the configured id, checked against the catalogue like a link
// resource's (check), or every id of the catalogue when id is null.
// typeName names the data source in the error of a server without the
// extension. When diags has an error the ids are not usable.
func (c catalogue[T, M]) selectIDs(ctx context.Context, s *store.Store, check catalogueCheck, id types.String, typeName string, diags *diag.Diagnostics) []string {
	ids, err := c.ids(ctx, s)
	if addMissingExtensionError(err, typeName, diags) {
		return nil
	}
	if err != nil {
		diags.AddError("Unable to Read "+titleCase(c.what)+"s",
			"Could not list the server's "+c.what+"s (GET /"+c.what+"s). Check the endpoint and that the server supports "+c.what+"s.\n\nOriginal Error: "+err.Error())
		return nil
	}
	if id.IsNull() {
		return ids
	}
	if check.check(id.ValueString(), ids, diags); diags.HasError() {
		return nil
	}
	return []string{id.ValueString()}
}

// ids lists the catalogue's ids, in the server's order.
func (c catalogue[T, M]) ids(ctx context.Context, s *store.Store) ([]string, error) {
	items, err := c.list(s, ctx)
	ids := make([]string, 0, len(items))
	for _, x := range items {
		ids = append(ids, c.id(x))
	}
	return ids, err
}

// titleCase capitalises a lower-case word for a diagnostic's summary.
func titleCase(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
