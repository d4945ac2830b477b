// Package providerschema writes a provider's schemas in the format of
// `terraform providers schema -json`, from the provider server itself.
//
// tfplugindocs renders docs/ from that document. Asking the Terraform CLI
// for it would make the pages depend on which Terraform the machine has:
// 1.11 knows neither resource identities (1.12) nor list resources (1.14),
// so the same checkout would render different docs on different machines,
// and `make docscheck` would fail on one of them. Read from the provider, the
// document holds everything the provider declares, on every machine.
package providerschema

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// formatVersion is the document's format_version, as Terraform writes it.
const formatVersion = "1.0"

// Read asks server for its schemas and returns them as the document would
// hold them under the key name (tfplugindocs looks the provider up by its
// short name, e.g. "apiusers").
func Read(ctx context.Context, server tfprotov6.ProviderServer, name string) (*tfjson.ProviderSchemas, error) {
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError(resp.Diagnostics); err != nil {
		return nil, err
	}
	if len(resp.Functions) > 0 {
		return nil, errors.New("the provider has functions, which this package does not write yet")
	}
	ids, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError(ids.Diagnostics); err != nil {
		return nil, err
	}

	ps := &tfjson.ProviderSchema{}
	if ps.ConfigSchema, err = schema(resp.Provider); err != nil {
		return nil, fmt.Errorf("provider: %w", err)
	}
	for _, set := range []struct {
		from map[string]*tfprotov6.Schema
		to   *map[string]*tfjson.Schema
	}{
		{resp.ResourceSchemas, &ps.ResourceSchemas},
		{resp.DataSourceSchemas, &ps.DataSourceSchemas},
		{resp.EphemeralResourceSchemas, &ps.EphemeralResourceSchemas},
		{resp.ListResourceSchemas, &ps.ListResourceSchemas},
	} {
		if *set.to, err = schemas(set.from); err != nil {
			return nil, err
		}
	}
	for typeName, a := range resp.ActionSchemas {
		if ps.ActionSchemas == nil {
			ps.ActionSchemas = make(map[string]*tfjson.ActionSchema, len(resp.ActionSchemas))
		}
		s, err := schema(a.Schema)
		if err != nil {
			return nil, fmt.Errorf("action %s: %w", typeName, err)
		}
		ps.ActionSchemas[typeName] = &tfjson.ActionSchema{Block: s.Block}
	}
	if len(ids.IdentitySchemas) > 0 {
		ps.ResourceIdentitySchemas = make(map[string]*tfjson.IdentitySchema, len(ids.IdentitySchemas))
	}
	for typeName, s := range ids.IdentitySchemas {
		if ps.ResourceIdentitySchemas[typeName], err = identitySchema(s); err != nil {
			return nil, fmt.Errorf("identity of %s: %w", typeName, err)
		}
	}
	return &tfjson.ProviderSchemas{FormatVersion: formatVersion, Schemas: map[string]*tfjson.ProviderSchema{name: ps}}, nil
}

// JSON is Read, marshalled.
func JSON(ctx context.Context, server tfprotov6.ProviderServer, name string) ([]byte, error) {
	schemas, err := Read(ctx, server, name)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(schemas, "", "  ")
}

func diagnosticsError(diags []*tfprotov6.Diagnostic) error {
	var errs []error
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, fmt.Errorf("%s: %s", d.Summary, d.Detail))
		}
	}
	return errors.Join(errs...)
}

func schemas(from map[string]*tfprotov6.Schema) (map[string]*tfjson.Schema, error) {
	if len(from) == 0 {
		return nil, nil
	}
	out := make(map[string]*tfjson.Schema, len(from))
	for name, s := range from {
		var err error
		if out[name], err = schema(s); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return out, nil
}

func schema(s *tfprotov6.Schema) (*tfjson.Schema, error) {
	if s == nil {
		return nil, nil
	}
	b, err := block(s.Block)
	return &tfjson.Schema{Version: uint64(max(s.Version, 0)), Block: b}, err //nolint:gosec // G115: not negative
}

func block(b *tfprotov6.SchemaBlock) (*tfjson.SchemaBlock, error) {
	out := &tfjson.SchemaBlock{
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	var err error
	if out.Attributes, err = attributes(b.Attributes); err != nil {
		return nil, err
	}
	for _, nb := range b.BlockTypes {
		if out.NestedBlocks == nil {
			out.NestedBlocks = map[string]*tfjson.SchemaBlockType{}
		}
		inner, err := block(nb.Block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", nb.TypeName, err)
		}
		out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{
			NestingMode: blockNesting[nb.Nesting],
			Block:       inner,
			MinItems:    uint64(max(nb.MinItems, 0)), //nolint:gosec // G115: not negative
			MaxItems:    uint64(max(nb.MaxItems, 0)), //nolint:gosec // G115: not negative
		}
	}
	return out, nil
}

func attributes(from []*tfprotov6.SchemaAttribute) (map[string]*tfjson.SchemaAttribute, error) {
	if len(from) == 0 {
		return nil, nil
	}
	out := make(map[string]*tfjson.SchemaAttribute, len(from))
	for _, a := range from {
		attr := &tfjson.SchemaAttribute{
			Description:     a.Description,
			DescriptionKind: descriptionKind(a.DescriptionKind),
			Deprecated:      a.Deprecated,
			Required:        a.Required,
			Optional:        a.Optional,
			Computed:        a.Computed,
			Sensitive:       a.Sensitive,
			WriteOnly:       a.WriteOnly,
		}
		var err error
		if a.NestedType != nil {
			attr.AttributeNestedType = &tfjson.SchemaNestedAttributeType{NestingMode: objectNesting[a.NestedType.Nesting]}
			attr.AttributeNestedType.Attributes, err = attributes(a.NestedType.Attributes)
		} else {
			attr.AttributeType, err = ctyType(a.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Name, err)
		}
		out[a.Name] = attr
	}
	return out, nil
}

func identitySchema(s *tfprotov6.ResourceIdentitySchema) (*tfjson.IdentitySchema, error) {
	out := &tfjson.IdentitySchema{Version: uint64(max(s.Version, 0)), Attributes: map[string]*tfjson.IdentityAttribute{}} //nolint:gosec // G115: not negative
	for _, a := range s.IdentityAttributes {
		t, err := ctyType(a.Type)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.Name, err)
		}
		out.Attributes[a.Name] = &tfjson.IdentityAttribute{
			IdentityType:      t,
			Description:       a.Description,
			RequiredForImport: a.RequiredForImport,
			OptionalForImport: a.OptionalForImport,
		}
	}
	return out, nil
}

// ctyType converts through JSON: tftypes and cty write types alike.
func ctyType(t tftypes.Type) (cty.Type, error) {
	b, err := json.Marshal(t)
	if err != nil {
		return cty.NilType, err
	}
	return ctyjson.UnmarshalType(b)
}

// descriptionKind is how Terraform writes a description's kind.
func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

var (
	blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]tfjson.SchemaNestingMode{
		tfprotov6.SchemaNestedBlockNestingModeSingle: tfjson.SchemaNestingModeSingle,
		tfprotov6.SchemaNestedBlockNestingModeGroup:  tfjson.SchemaNestingModeGroup,
		tfprotov6.SchemaNestedBlockNestingModeList:   tfjson.SchemaNestingModeList,
		tfprotov6.SchemaNestedBlockNestingModeSet:    tfjson.SchemaNestingModeSet,
		tfprotov6.SchemaNestedBlockNestingModeMap:    tfjson.SchemaNestingModeMap,
	}
	objectNesting = map[tfprotov6.SchemaObjectNestingMode]tfjson.SchemaNestingMode{
		tfprotov6.SchemaObjectNestingModeSingle: tfjson.SchemaNestingModeSingle,
		tfprotov6.SchemaObjectNestingModeList:   tfjson.SchemaNestingModeList,
		tfprotov6.SchemaObjectNestingModeSet:    tfjson.SchemaNestingModeSet,
		tfprotov6.SchemaObjectNestingModeMap:    tfjson.SchemaNestingModeMap,
	}
)
