package rpcserver

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The list resource RPCs (terraform query). terraform-plugin-go still has
// them in an interface of their own, ProviderServerWithListResource, which it
// looks for on the server it serves; Server implements it so that wrapping
// does not hide the framework's list resources.

// errNoListResources answers a list RPC when inner has no list resources.
var errNoListResources = errors.New("the provider server does not implement list resources")

func (s *Server) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	lister, ok := s.inner.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // see above
	if !ok {
		return nil, errNoListResources
	}
	return serve(s, ctx, req, lister.ValidateListResourceConfig)
}

// ListResource differs from the other RPCs: the framework produces its
// results while terraform-plugin-go ranges over the stream, after the call
// has returned, so the RPC's context ends when that iteration does.
func (s *Server) ListResource(in context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	lister, ok := s.inner.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // see above
	if !ok {
		return nil, errNoListResources
	}
	ctx, end := s.begin(in)
	stream, err := lister.ListResource(ctx, req)
	if err != nil || stream == nil || stream.Results == nil {
		end()
		return stream, err
	}
	return &tfprotov6.ListResourceServerStream{Results: endWhenDone(stream.Results, end)}, nil
}
