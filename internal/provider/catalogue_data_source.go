package provider

import (
	"cmp"
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

var (
	_ datasource.DataSource              = (*catalogueDataSource[any, any, string])(nil)
	_ datasource.DataSourceWithConfigure = (*catalogueDataSource[any, any, string])(nil)
)

// catalogueDataSource lists a catalogue (see catalogue.go): apiusers_roles,
// apiusers_projects, apiusers_branches, apiusers_groups. Its attributes are
// a map keyed by id, `<plural>`, whose elements attrs describes, and the
// sorted ids, `<what>_ids`. Each catalogue's data source is defined in its
// own file (e.g. roles_data_source.go) beside its element model.
type catalogueDataSource[T, M any, K cmp.Ordered] struct {
	catalogue   catalogue[T, M, K]
	description string
	// attrs are an element's attributes. Every element carries its own id,
	// `<what>_id` (of K's type, which the ids list takes), so that a `for`
	// expression looking an element up by name can yield its id.
	attrs map[string]schema.Attribute
	dataSourceData
}

// typeName is the data source's type name, e.g. apiusers_roles.
func (d *catalogueDataSource[T, M, K]) typeName() string { return "apiusers_" + d.objects() }

// objects names the map attribute, e.g. "roles"; ids the list, "role_ids";
// id an element's own id, "role_id".
func (d *catalogueDataSource[T, M, K]) objects() string { return d.catalogue.plural }
func (d *catalogueDataSource[T, M, K]) ids() string     { return d.catalogue.what + "_ids" }
func (d *catalogueDataSource[T, M, K]) id() string      { return d.catalogue.what + "_id" }

func (d *catalogueDataSource[T, M, K]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.objects()
}

func (d *catalogueDataSource[T, M, K]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	what := d.catalogue.what
	resp.Schema = schema.Schema{
		MarkdownDescription: d.description,
		Attributes: map[string]schema.Attribute{
			d.objects(): schema.MapNestedAttribute{
				MarkdownDescription: "Every " + what + ", keyed by " + what + " id (e.g. `" + d.catalogue.example + "`).",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: d.attrs},
			},
			d.ids(): schema.ListAttribute{
				MarkdownDescription: "The " + what + " ids, sorted.",
				Computed:            true,
				ElementType:         d.attrs[d.id()].GetType(),
			},
		},
	}
}

// Read lists the catalogue: the objects keyed by id and the sorted ids.
func (d *catalogueDataSource[T, M, K]) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	s := d.data.requireStore(&resp.Diagnostics)
	if s == nil {
		return
	}
	items := d.catalogue.listed(ctx, s, d.typeName(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	elemType, diags := elementType(ctx, resp.State.Schema, d.objects())
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	idType, diags := elementType(ctx, resp.State.Schema, d.ids())
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	objects, ids, diags := keyedObjectsOf(ctx, elemType, idType, keyedBy(items, d.catalogue.id, d.catalogue.model))
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(d.objects()), objects)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(d.ids()), ids)...)
}
