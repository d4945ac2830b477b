package rpcserver

import (
	"context"
	"errors"
	"iter"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The action RPCs (Terraform 1.14+). terraform-plugin-go looks for them in
// ProviderServerWithActions on the server it serves; Server implements it
// so that wrapping does not hide the framework's actions.

// errNoActions answers an action RPC when inner has no actions.
var errNoActions = errors.New("the provider server does not implement actions")

func (s *Server) actions() (tfprotov6.ProviderServerWithActions, error) { //nolint:staticcheck // see above
	a, ok := s.inner.(tfprotov6.ProviderServerWithActions) //nolint:staticcheck // see above
	if !ok {
		return nil, errNoActions
	}
	return a, nil
}

func (s *Server) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	a, err := s.actions()
	if err != nil {
		return nil, err
	}
	return serve(s, ctx, req, a.ValidateActionConfig)
}

func (s *Server) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	a, err := s.actions()
	if err != nil {
		return nil, err
	}
	return serve(s, ctx, req, a.PlanAction)
}

// InvokeAction, like ListResource, produces its events while
// terraform-plugin-go ranges over the stream, after the call has returned,
// so the RPC's context ends when that iteration does.
func (s *Server) InvokeAction(in context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	a, err := s.actions()
	if err != nil {
		return nil, err
	}
	ctx, end := s.begin(in)
	stream, err := a.InvokeAction(ctx, req)
	if err != nil || stream == nil || stream.Events == nil {
		end()
		return stream, err
	}
	return &tfprotov6.InvokeActionServerStream{Events: endWhenDone(stream.Events, end)}, nil
}

// endWhenDone is seq calling end once it has been ranged over: a streaming
// RPC's context lives until its stream is consumed.
func endWhenDone[T any](seq iter.Seq[T], end func()) iter.Seq[T] {
	return func(yield func(T) bool) {
		defer end()
		seq(yield)
	}
}
