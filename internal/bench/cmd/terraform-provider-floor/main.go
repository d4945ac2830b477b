// Command terraform-provider-floor serves the benchmark's floor provider
// (internal/bench/floorprovider). `make bench` builds it next to the real
// provider; it is never released.
//
// By default it is served the way the real provider is (SDK logs silenced
// when Terraform would drop them, RPC contexts confined by rpcserver): the
// least a provider of this shape can cost. With -vanilla it is served the way
// any framework provider is by default (providerserver.Serve, the SDK's
// TRACE logs on): what users compare with.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/apiusers/terraform-provider-apiusers/internal/bench/floorprovider"
	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
	"github.com/apiusers/terraform-provider-apiusers/internal/rpcserver"
)

func main() {
	vanilla := flag.Bool("vanilla", false, "serve with the framework's defaults (registry.terraform.io/bench/vanilla)")
	flag.Parse()
	var err error
	if *vanilla {
		err = providerserver.Serve(context.Background(), floorprovider.New, providerserver.ServeOpts{
			Address: "registry.terraform.io/bench/vanilla",
		})
	} else {
		provider.SilenceUnreadSDKLogs()
		err = rpcserver.Serve([]string{"registry.terraform.io/bench/floor"}, floorprovider.New, false)
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}
