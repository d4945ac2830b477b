package docs_test

import (
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
)

// TestExamplesValidate covers every directory under examples/ that holds .tf
// or .tfquery.hcl files, so a new example is covered without touching this
// test. The files of a directory form one configuration, as tfplugindocs
// renders them onto one page: resource.tf and import-by-string-id.tf must
// agree. Two kinds of file need a newer Terraform than the rest and are
// validated on their own, with the directory's resource.tf, or skipped on
// an older one: import-by-identity.tf (Terraform 1.12) and the list
// resources' .tfquery.hcl (1.14).
func TestExamplesValidate(t *testing.T) {
	h := tfcli.Shared(t)
	dirs := exampleDirs(t, repoPath(t, "examples"))
	if len(dirs) == 0 {
		t.Fatal("no example directories found")
	}
	for rel, names := range dirs {
		files := map[string]string{}
		for _, name := range names {
			b, err := os.ReadFile(filepath.Join(repoPath(t, "examples"), rel, name))
			if err != nil {
				t.Fatal(err)
			}
			files[name] = string(b)
		}
		newer := map[string]string{}
		for name, minimum := range newerTerraformExamples {
			if _, ok := files[name]; ok {
				newer[name] = minimum
			}
		}
		if len(newer) < len(files) {
			t.Run(rel, func(t *testing.T) {
				t.Parallel()
				rest := maps.Clone(files)
				for name := range newer {
					delete(rest, name)
				}
				requireFmtAndValid(t, h.NewWorkspace(t), rest)
			})
		}
		for name, minimum := range newer {
			t.Run(rel+"/"+name, func(t *testing.T) {
				t.Parallel()
				h.SkipBelow(t, minimum)
				alone := map[string]string{name: files[name]}
				if resource, ok := files["resource.tf"]; ok {
					alone["resource.tf"] = resource
				}
				requireFmtAndValid(t, h.NewWorkspace(t), alone)
			})
		}
	}
}

// newerTerraformExamples are the example files that need a newer Terraform
// than the provider (1.11), with the version that introduced what they show.
var newerTerraformExamples = map[string]string{
	"import-by-identity.tf":     "1.12.0",
	"list-resource.tfquery.hcl": "1.14.0",
	"action.tf":                 "1.14.0",
}

// exampleDirs maps each directory below root holding .tf or .tfquery.hcl
// files (relative to root) to the names of those files.
func exampleDirs(t *testing.T, root string) map[string][]string {
	t.Helper()
	dirs := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (filepath.Ext(path) != ".tf" && !strings.HasSuffix(path, ".tfquery.hcl")) {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		dirs[rel] = append(dirs[rel], d.Name())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, files := range dirs {
		sort.Strings(files)
	}
	return dirs
}

// requireFmtAndValid writes files into w and requires them to be terraform
// fmt clean and, as one configuration, valid. A configuration that does not
// declare required_providers relies on the provider's registry address,
// which the docs pages show; the test declares it for them.
func requireFmtAndValid(t *testing.T, w *tfcli.Workspace, files map[string]string) {
	t.Helper()
	declared := false
	for name, content := range files {
		declared = declared || strings.Contains(content, "required_providers")
		w.WriteFile(name, content)
	}
	if res := w.Run("fmt", "-check", "-diff", "-no-color"); res.ExitCode != 0 {
		t.Errorf("not terraform fmt clean (make fmt fixes examples/):\n%s", res.Output())
	}
	if !declared {
		w.WriteFile("zz_required_providers.tf", tfcli.RequiredProviders)
	}
	args := []string{"validate", "-json", "-no-color"}
	for name := range files {
		if strings.HasSuffix(name, ".tfquery.hcl") {
			args = append(args, "-query") // Terraform 1.14+
			break
		}
	}
	requireValid(t, w.Run(args...))
}

// validateOutput is the part of `terraform validate -json` the test reads.
type validateOutput struct {
	Valid       bool `json:"valid"`
	Diagnostics []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
	} `json:"diagnostics"`
}

// requireValid fails t unless validate found the configuration valid with no
// warning but the expected one about dev_overrides: a deprecation warning in
// an example is a defect too.
func requireValid(t *testing.T, res tfcli.Result) {
	t.Helper()
	var out validateOutput
	if err := json.Unmarshal([]byte(res.Stdout), &out); err != nil {
		t.Fatalf("terraform validate -json (exit %d) printed no JSON: %v\n%s", res.ExitCode, err, res.Output())
	}
	for _, d := range out.Diagnostics {
		if d.Summary == "Provider development overrides are in effect" {
			continue
		}
		t.Errorf("%s: %s\n%s", d.Severity, d.Summary, d.Detail)
	}
	if !out.Valid || res.ExitCode != 0 {
		t.Fatalf("terraform validate: valid=%v exit %d\n%s", out.Valid, res.ExitCode, res.Stderr)
	}
}
