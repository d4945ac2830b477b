// Package floorprovider is the benchmark's floor: a provider built with the
// same framework as apiusers whose one resource, floor_api_user, has the same
// attributes as apiusers_api_user but makes no call at all. What Terraform
// and the framework cost for N such resources is the least any real provider
// can cost; the benchmark reports apiusers as a ratio to it. It lives under
// internal/bench so that it is never part of the shipped binary.
package floorprovider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ provider.Provider = (*floorProvider)(nil)

// New returns the provider constructor providerserver expects.
func New() provider.Provider { return &floorProvider{} }

type floorProvider struct{}

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (p *floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{MarkdownDescription: "Benchmark floor: resources that make no call."}
}

// Configure has nothing to set up: the floor reaches no server.
func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) Resources(context.Context) []func() resource.Resource {
	return mirrors()
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
