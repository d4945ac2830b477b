package rpcserver

import (
	"encoding/json"
	"net"
	"testing"

	"github.com/hashicorp/go-plugin"
)

func TestReattachProvidersNamesTheServerUnderEveryAddress(t *testing.T) {
	config := &plugin.ReattachConfig{
		Protocol:        plugin.ProtocolGRPC,
		ProtocolVersion: 6,
		Pid:             4242,
		Test:            true,
		Addr:            &net.UnixAddr{Net: "unix", Name: "/tmp/plugin123"},
	}
	value, err := reattachProviders(config, testAddresses)
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            struct{ Network, String string }
	}
	var got map[string]entry
	if err := json.Unmarshal([]byte(value), &got); err != nil {
		t.Fatalf("TF_REATTACH_PROVIDERS is not JSON: %v\n%s", err, value)
	}
	want := entry{Protocol: "grpc", ProtocolVersion: 6, Pid: 4242, Test: true}
	want.Addr.Network, want.Addr.String = "unix", "/tmp/plugin123"
	for _, address := range []string{"registry.terraform.io/apiusers/apiusers", "registry.opentofu.org/apiusers/apiusers"} {
		if got[address] != want {
			t.Errorf("%s: got %+v, want %+v", address, got[address], want)
		}
	}
	if len(got) != 2 {
		t.Errorf("want exactly the two registries' addresses, got %s", value)
	}
}

func TestReattachProvidersWithoutConfiguration(t *testing.T) {
	if _, err := reattachProviders(nil, testAddresses); err == nil {
		t.Fatal("no error for a missing reattach configuration")
	}
}

// testAddresses stand for the provider's addresses on both registries.
var testAddresses = []string{"registry.terraform.io/apiusers/apiusers", "registry.opentofu.org/apiusers/apiusers"}
