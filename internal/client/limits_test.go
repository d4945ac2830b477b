package client_test

import (
	"errors"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestLimits reads GET /limits from the mock speaking each protocol: the
// extended one reports its flags (a negative mock limit is "no limit", 0),
// the documented one has no such path, which is "not supported", a
// *MissingExtensionError, and not a failure of the request.
func TestLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts mockserver.Options
		want client.Limits
	}{
		{"limit and trash rule", mockserver.Options{MaxActiveAPIUsers: 7, EraseOnlyFromTrash: true}, client.Limits{MaxActiveAPIUsers: 7, EraseOnlyFromTrash: true}},
		{"default limit", mockserver.Options{}, client.Limits{MaxActiveAPIUsers: 10}},
		{"no limit", mockserver.Options{MaxActiveAPIUsers: -1}, client.Limits{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mockserver.Start(t, tc.opts)
			got, err := newMockClient(t, srv).Limits(t.Context())
			if err != nil || got != tc.want {
				t.Fatalf("Limits() = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
	t.Run("documented protocol", func(t *testing.T) {
		srv := mockserver.Start(t, mockserver.Options{Protocol: mockserver.ProtocolDocumented, MaxActiveAPIUsers: 7, EraseOnlyFromTrash: true})
		got, err := newMockClient(t, srv).Limits(t.Context())
		var missing *client.MissingExtensionError
		if !errors.As(err, &missing) || missing.Extension != client.ExtensionLimits || missing.Request != "GET /limits" || got != (client.Limits{}) {
			t.Fatalf("Limits() = %+v, %v; want no limits and a *MissingExtensionError for GET /limits", got, err)
		}
	})
}
