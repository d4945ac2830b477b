package provider

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
	"github.com/apiusers/terraform-provider-apiusers/internal/rpcserver"
)

// TestAccStatusActions_invoke runs `terraform apply -invoke=...` itself, as
// an operator in an incident would (terraform-plugin-testing cannot): the
// provider is served in this process and the CLI attaches to it. It is
// skipped below Terraform 1.14, where -invoke does not exist.
func TestAccStatusActions_invoke(t *testing.T) {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || cli == "" {
		t.Skip("acceptance test: set TF_ACC and TF_ACC_TERRAFORM_PATH")
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out, err := exec.CommandContext(ctx, cli, "version", "-json").Output() //nolint:gosec // G204: the CLI the tests are told to run
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	if got, err := version.NewVersion(v.Version); err != nil || got.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("Terraform CLI version %s is below 1.14.0, which introduced -invoke: skipping test", v.Version)
	}
	if runsOpenTofu() {
		t.Skip("OpenTofu has no actions")
	}

	srv := newTestServer(t)
	mustSeed(t, srv, mockserver.SeedUser{Password: "Seed-Passw0rd-1", UserRecord: mockserver.UserRecord{
		UserID: "leaked-sync", FirstName: "Leaked", LastName: "Sync", APIUser: true, Status: mockserver.StatusActive,
	}})
	reattach, closed, err := rpcserver.ServeReattachable(ctx, []string{TerraformAddress},
		func() tfprotov6.ProviderServer { return rpcserver.Wrap(providerserver.NewProtocol6(New("test")())()) })
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); <-closed }()

	dir := t.TempDir()
	config := `
terraform {
  required_providers {
    apiusers = { source = "apiusers/apiusers" }
  }
}
` + providerConfig(srv) + `
action "apiusers_deactivate" "leak" {
  config {
    login_id = "leaked-sync"
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) {
		t.Helper()
		cmd := exec.CommandContext(ctx, cli, args...) //nolint:gosec // G204: the CLI the tests are told to run
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-no-color", "-input=false")
	run("apply", "-no-color", "-input=false", "-auto-approve", "-invoke=action.apiusers_deactivate.leak")
	if u, _ := srv.User("leaked-sync"); u.Status != mockserver.StatusInactive {
		t.Errorf("after -invoke the user is %q, want INACTIVE", u.Status)
	}
}
