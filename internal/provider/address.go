package provider

// The provider's source addresses. Configurations say source =
// "apiusers/apiusers", which each CLI completes with its own default
// registry: Terraform to registry.terraform.io, OpenTofu to
// registry.opentofu.org. Whatever stands in for a registry download (the
// dev_overrides of the CLI tests and `make demo`, the reattach value of
// -debug) names both, so that one configuration serves both CLIs.
const (
	TerraformAddress = "registry.terraform.io/apiusers/apiusers"
	OpenTofuAddress  = "registry.opentofu.org/apiusers/apiusers"
)

// Addresses are the provider's source addresses on both registries,
// Terraform's first.
var Addresses = []string{TerraformAddress, OpenTofuAddress}
