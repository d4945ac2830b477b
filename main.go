// Command terraform-provider-apiusers serves the apiusers Terraform provider.
package main

import (
	"flag"
	"log"

	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
	"github.com/apiusers/terraform-provider-apiusers/internal/rpcserver"
)

// version is set by goreleaser (-X main.version=...).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	provider.SilenceUnreadSDKLogs()
	// rpcserver, not providerserver.Serve: it keeps the framework from
	// holding every RPC's context until the process ends, and its -debug
	// mode names the provider under OpenTofu's address too.
	err := rpcserver.Serve(provider.Addresses, provider.New(version), debug)
	if err != nil {
		log.Fatal(err.Error())
	}
}
