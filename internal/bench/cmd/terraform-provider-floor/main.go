// Command terraform-provider-floor serves the benchmark's floor provider
// (internal/bench/floorprovider). `make bench` builds it next to the real
// provider; it is never released.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/apiusers/terraform-provider-apiusers/internal/bench/floorprovider"
	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
)

func main() {
	// The same logging as the real provider, so that the floor is a fair
	// baseline.
	provider.SilenceUnreadSDKLogs()
	err := providerserver.Serve(context.Background(), floorprovider.New, providerserver.ServeOpts{
		Address: "registry.terraform.io/bench/floor",
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
