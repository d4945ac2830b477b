package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
)

// NewWithClock is New with clock as the provider's "now" for every rule
// about time (rotate_after, password_older_than). Tests outside this
// package serve it in process and move a fake clock through months of a
// scenario (the docs tests run the rotation guide's pair of users that
// way); Terraform itself always gets New.
func NewWithClock(version string, clock func() time.Time) func() provider.Provider {
	return func() provider.Provider { return &apiUsersProvider{version: version, clock: clock} }
}
