package rpcserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// reattachTimeout bounds the wait for the plugin server to start listening.
const reattachTimeout = 2 * time.Second

// serveDebug serves the provider for a debugger (-debug) until Ctrl-C and
// prints the TF_REATTACH_PROVIDERS value that attaches a CLI to it. The
// framework's own debug mode announces a single address, which OpenTofu
// would not match against source = "apiusers/apiusers"; this one announces
// the same process under every one of addresses.
func serveDebug(addresses []string, server func() tfprotov6.ProviderServer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	value, closed, err := ServeReattachable(ctx, addresses, server)
	if err != nil {
		return err
	}
	fmt.Printf("Provider started. To attach Terraform or OpenTofu, set TF_REATTACH_PROVIDERS:\n\n\tTF_REATTACH_PROVIDERS='%s'\n\n",
		strings.ReplaceAll(value, `'`, `'"'"'`))
	<-closed
	return nil
}

// ServeReattachable serves the provider in this process until ctx ends, and
// returns the TF_REATTACH_PROVIDERS value that attaches a CLI to it and a
// channel closed once it has stopped. serveDebug uses it, and so do tests
// that run the CLI themselves for what terraform-plugin-testing cannot run
// (terraform apply -invoke).
func ServeReattachable(ctx context.Context, addresses []string, server func() tfprotov6.ProviderServer) (string, <-chan struct{}, error) {
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(addresses[0], server, tf6server.WithDebug(ctx, reattach, closed))
	}()

	var config *plugin.ReattachConfig
	select {
	case config = <-reattach:
	case err := <-served:
		return "", nil, fmt.Errorf("the provider server stopped before it listened: %w", err)
	case <-time.After(reattachTimeout):
		return "", nil, errors.New("timeout waiting on the provider server's reattach configuration")
	}
	value, err := reattachProviders(config, addresses)
	return value, closed, err
}

// reattachProviders is the TF_REATTACH_PROVIDERS value (JSON) naming one
// running plugin server under each of addresses.
func reattachProviders(config *plugin.ReattachConfig, addresses []string) (string, error) {
	if config == nil || config.Addr == nil {
		return "", errors.New("the provider server sent no reattach configuration")
	}
	// The JSON form Terraform and OpenTofu read (go-plugin's ReattachConfig
	// does not marshal its net.Addr usefully).
	type reattachAddr struct {
		Network string
		String  string
	}
	type reattachConfig struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            reattachAddr
	}
	entry := reattachConfig{
		Protocol:        string(config.Protocol),
		ProtocolVersion: config.ProtocolVersion,
		Pid:             config.Pid,
		Test:            config.Test,
		Addr:            reattachAddr{Network: config.Addr.Network(), String: config.Addr.String()},
	}
	providers := make(map[string]reattachConfig, len(addresses))
	for _, address := range addresses {
		providers[address] = entry
	}
	out, err := json.Marshal(providers)
	if err != nil {
		return "", fmt.Errorf("encoding TF_REATTACH_PROVIDERS: %w", err)
	}
	return string(out), nil
}
