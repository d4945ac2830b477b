// Command terraform-provider-apiusers serves the apiusers Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
)

// version is set by goreleaser (-X main.version=...).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	provider.SilenceUnreadSDKLogs()
	var err error
	if debug {
		err = serveDebug(providerserver.NewProtocol6(provider.New(version)()))
	} else {
		err = providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
			Address: provider.TerraformAddress,
		})
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}
