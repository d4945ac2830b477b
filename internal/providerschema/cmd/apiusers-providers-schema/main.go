// Command apiusers-providers-schema prints the provider's schemas as
// `terraform providers schema -json` would, for `make docs` (tfplugindocs
// --providers-schema): see package providerschema for why not the CLI's.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/apiusers/terraform-provider-apiusers/internal/provider"
	"github.com/apiusers/terraform-provider-apiusers/internal/providerschema"
)

func main() {
	out, err := providerschema.JSON(context.Background(), providerserver.NewProtocol6(provider.New("docs")())(), "apiusers")
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiusers-providers-schema:", err)
		os.Exit(1)
	}
	fmt.Println(string(out))
}
