package docs_test

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestTemplateBlocksValidate covers the terraform code blocks written into
// the templates (the index's worked example, the guides): each must be fmt
// clean and valid. Blocks that name their file ("# providers.tf") form one
// configuration per template; every other block stands alone. A section
// whose heading says "(Terraform X.Y and later)" is a configuration of its
// own, validated by that Terraform or newer and skipped by an older one.
// Guides may mention other providers in prose, but a code block must run
// offline.
func TestTemplateBlocksValidate(t *testing.T) {
	h := tfcli.Shared(t)
	root := repoPath(t, "templates")
	configs := map[string]map[string]string{} // test name -> files
	minimum := map[string]string{}            // test name -> Terraform version it needs
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md.tmpl") {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		for _, b := range readFencedBlocks(t, path) {
			if b.lang != "terraform" {
				continue
			}
			config, needs := rel, ""
			if m := sectionMinimum.FindStringSubmatch(b.section); m != nil {
				config, needs = rel+" "+b.section, m[1]+".0"
			}
			if name := b.fileName(); name != "" {
				if configs[config] == nil {
					configs[config] = map[string]string{}
				}
				configs[config][name] = b.body
				minimum[config] = needs
				continue
			}
			fragment := fmt.Sprintf("%s:%d", rel, b.line)
			configs[fragment] = map[string]string{"main.tf": b.body}
			minimum[fragment] = needs
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(configs) == 0 {
		t.Fatal("no terraform blocks found in templates/")
	}
	for name, files := range configs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if minimum[name] != "" {
				h.SkipBelow(t, minimum[name])
			}
			requireFmtAndValid(t, h.NewWorkspace(t), files)
		})
	}
}

// sectionMinimum finds the Terraform version a section's heading says its
// blocks need.
var sectionMinimum = regexp.MustCompile(`\(Terraform (\d+\.\d+) and later\)`)

// templateBlock is the terraform block of template that contains marker,
// e.g. `resource "apiusers_api_user" "crm_sync" {`.
func templateBlock(t *testing.T, template, marker string) string {
	t.Helper()
	for _, b := range readFencedBlocks(t, repoPath(t, template)) {
		if b.lang == "terraform" && strings.Contains(b.body, marker) {
			return b.body
		}
	}
	t.Fatalf("%s has no terraform block with %s", template, marker)
	return ""
}

// blockWorkspace is a workspace on a fresh mock whose main.tf is the block of
// template that contains marker; it returns the block too, for edits.
func blockWorkspace(t *testing.T, template, marker string) (*tfcli.Workspace, *mockserver.Server, string) {
	t.Helper()
	h := tfcli.Shared(t)
	srv := mockserver.Start(t, mockserver.Options{})
	w := h.NewWorkspace(t)
	w.UseServer(srv.URL(), srv.AdminUsername(), srv.AdminPassword())
	w.WriteFile("providers.tf", tfcli.RequiredProviders)
	block := templateBlock(t, template, marker)
	w.WriteFile("main.tf", block)
	return w, srv, block
}

// The index page's worked example applies as shown and then plans clean.
func TestIndexWorkedExampleApplies(t *testing.T) {
	t.Parallel()
	w, srv, _ := blockWorkspace(t, "templates/index.md.tmpl", `resource "apiusers_api_user" "crm_sync" {`)
	w.MustRun("apply", "-auto-approve", "-no-color")
	password := strings.TrimSpace(w.MustRun("output", "-raw", "crm_sync_password").Stdout)
	if !srv.CheckPassword("crm-sync", password) {
		t.Error("the output password does not authenticate crm-sync")
	}
	if holders := srv.RoleHolders("api_default"); !slices.Contains(holders, "crm-sync") {
		t.Errorf("api_default holders = %v", holders)
	}
	if got := srv.Privileges("badges", "crm-sync"); !slices.Equal(got, []string{"access_producer", "add_records", "edit_records"}) {
		t.Errorf("privileges on badges = %v", got)
	}
	w.RequireNoChanges()
}
