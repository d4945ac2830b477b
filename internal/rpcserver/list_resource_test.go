package rpcserver

import (
	"context"
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// listingServer lists two results lazily, as the framework does: its
// iterator runs after ListResource has returned, and records whether the
// call's context was still live at each result.
type listingServer struct {
	tfprotov6.ProviderServer
	ctx        context.Context
	liveAtEach []bool
}

func (l *listingServer) ValidateListResourceConfig(context.Context, *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return &tfprotov6.ValidateListResourceConfigResponse{}, nil
}

func (l *listingServer) ListResource(ctx context.Context, _ *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	l.ctx = ctx
	return &tfprotov6.ListResourceServerStream{Results: func(yield func(tfprotov6.ListResourceResult) bool) {
		for _, name := range []string{"a", "b"} {
			l.liveAtEach = append(l.liveAtEach, ctx.Err() == nil)
			if !yield(tfprotov6.ListResourceResult{DisplayName: name}) {
				return
			}
		}
	}}, nil
}

// The framework produces a list's results while terraform-plugin-go ranges
// over the stream, after ListResource returned: the call's context must stay
// live until then, and end when the results are streamed.
func TestListResourceContextLivesUntilTheResultsAreStreamed(t *testing.T) {
	inner := &listingServer{}
	s := Wrap(inner)
	stream, err := s.ListResource(t.Context(), &tfprotov6.ListResourceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if inner.ctx.Err() != nil {
		t.Fatal("the list's context ended when ListResource returned, before its results were streamed")
	}
	var names []string
	for r := range stream.Results {
		names = append(names, r.DisplayName)
	}
	if len(names) != 2 || inner.liveAtEach[0] != true || inner.liveAtEach[1] != true {
		t.Errorf("results %v, context live at each %v: want both results, with the context live", names, inner.liveAtEach)
	}
	if !errors.Is(inner.ctx.Err(), context.Canceled) {
		t.Errorf("after the results were streamed the list's context is %v, want it ended", inner.ctx.Err())
	}
	if _, err := s.ValidateListResourceConfig(t.Context(), &tfprotov6.ValidateListResourceConfigRequest{}); err != nil {
		t.Errorf("ValidateListResourceConfig: %v", err)
	}
}

// A server without list resources answers the list RPCs with an error
// rather than panicking on the missing interface.
func TestListResourceWithoutListResources(t *testing.T) {
	s := Wrap(newBlockingServer())
	if _, err := s.ListResource(t.Context(), &tfprotov6.ListResourceRequest{}); !errors.Is(err, errNoListResources) {
		t.Errorf("ListResource: %v, want errNoListResources", err)
	}
	if _, err := s.ValidateListResourceConfig(t.Context(), &tfprotov6.ValidateListResourceConfigRequest{}); !errors.Is(err, errNoListResources) {
		t.Errorf("ValidateListResourceConfig: %v, want errNoListResources", err)
	}
}
