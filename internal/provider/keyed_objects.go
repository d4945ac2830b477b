package provider

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// This file holds what the list data sources share: their answer is a map
// of objects keyed by id with the ids sorted beside it, and the type of
// every value they build is taken from their schema (elementType), which
// states it once.

// keyedObjects builds what the list data sources return: a map of objects
// keyed by id (for for_each and lookups by id), of elemType (the map
// attribute's elementType), and the ids sorted (a list, so that its order is
// stable across runs).
func keyedObjects[T any](ctx context.Context, elemType attr.Type, byID map[string]T) (types.Map, types.List, diag.Diagnostics) {
	return keyedObjectsOf(ctx, elemType, types.StringType, byID)
}

// keyedObjectsOf is keyedObjects for ids of any ordered type K: a Terraform
// map is keyed by strings, so the map is keyed by idKey, while the list holds
// the ids as idType (the list attribute's elementType) sorted as K sorts, so
// that numeric ids (branches, groups) stay numbers in numeric order.
func keyedObjectsOf[K cmp.Ordered, T any](ctx context.Context, elemType, idType attr.Type, byID map[K]T) (types.Map, types.List, diag.Diagnostics) {
	byKey := make(map[string]T, len(byID))
	for id, v := range byID {
		byKey[idKey(id)] = v
	}
	objects, diags := types.MapValueFrom(ctx, elemType, byKey)
	// An empty result is an empty list, not null: slices.Sorted gives nil.
	sorted := append([]K{}, slices.Sorted(maps.Keys(byID))...)
	ids, d := types.ListValueFrom(ctx, idType, sorted)
	diags.Append(d...)
	return objects, ids, diags
}

// idKey is an id as a map key and as the plan-time checks compare it: "101"
// for branch 101, a string id unchanged.
func idKey[K cmp.Ordered](id K) string { return fmt.Sprint(id) }

// keyedBy indexes a listed catalogue by id, mapping each item to its model.
func keyedBy[T, M any, K comparable](items []T, id func(T) K, model func(T) M) map[K]M {
	out := make(map[K]M, len(items))
	for _, item := range items {
		out[id(item)] = model(item)
	}
	return out
}

// typedSchema is what elementType reads: a data source's schema.Schema
// (dataSourceSchema), or in Read the schema of the state (resp.State.Schema).
type typedSchema interface {
	TypeAtPath(ctx context.Context, p path.Path) (attr.Type, diag.Diagnostics)
}

// elementType is the element type of the map or list attribute name of s,
// e.g. the object type of an element of apiusers_users' users. Values built
// for the attribute take their type from here rather than from a type
// written out beside the schema, so that the two cannot drift.
func elementType(ctx context.Context, s typedSchema, name string) (attr.Type, diag.Diagnostics) {
	t, diags := s.TypeAtPath(ctx, path.Root(name))
	if diags.HasError() {
		return nil, diags
	}
	collection, ok := t.(attr.TypeWithElementType)
	if !ok {
		// A bug of this provider: name is not a map or list.
		diags.AddError("Provider Bug: Attribute Has No Element Type",
			fmt.Sprintf("The attribute %q is a %s, not a map or a list. Please report this issue to the provider developers.", name, t))
		return nil, diags
	}
	return collection.ElementType(), diags
}

// dataSourceSchema is the schema ds declares, for a mapper that builds a
// value outside Read's response (see elementType).
func dataSourceSchema(ctx context.Context, ds datasource.DataSource) schema.Schema {
	var resp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
	return resp.Schema
}
