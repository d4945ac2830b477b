// Package install_test checks what the README's "Installing" section
// promises: after `make install`, a new directory holding the README's
// required_providers block, with no CLI configuration, passes
// `terraform init && terraform plan` (and the same with OpenTofu), the
// provider found in the CLI's implied local mirror (~/.terraform.d/plugins)
// and nothing downloaded. HOME is a temporary directory, so the developer's
// own plugins and CLI configuration play no part. Like acceptance tests, the
// tests need TF_ACC=1.
package install_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// TestMakeInstall runs `make install` once into a temporary HOME, then
// init and plan in a fresh directory with each CLI this machine has: the
// tests' terraform, every terraform-1.* on PATH, and tofu. A CLI that is
// missing is skipped, saying so.
func TestMakeInstall(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set; tests that run the terraform CLI run like acceptance tests")
	}
	home := installedHome(t)
	required := readmeRequiredProviders(t)
	srv := mockserver.Start(t, mockserver.Options{})

	for _, cli := range clis(t) {
		t.Run(cli.name, func(t *testing.T) {
			if cli.path == "" {
				t.Skip(cli.why)
			}
			h := &tfcli.Harness{Terraform: cli.path, CLIConfig: filepath.Join(t.TempDir(), "empty.tfrc")}
			if err := os.WriteFile(h.CLIConfig, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			w := h.NewWorkspace(t)
			w.Env = append(w.Env, offlineEnv(home)...)
			w.UseServer(srv.URL(), srv.AdminUsername(), srv.AdminPassword())
			w.WriteFile("main.tf", required+`
resource "apiusers_api_user" "installed" {
  login_id   = "installed-check"
  first_name = "Installed"
  last_name  = "Check"
}
`)
			initRes := w.MustRun("init", "-no-color")
			if !regexp.MustCompile(`Installed apiusers/apiusers v\S+ \(unauthenticated\)`).MatchString(initRes.Stdout) {
				t.Errorf("init did not install apiusers/apiusers from the local mirror:\n%s", initRes.Output())
			}
			lock := w.ReadFile(".terraform.lock.hcl")
			if !strings.Contains(lock, `provider "registry.terraform.io/apiusers/apiusers"`) &&
				!strings.Contains(lock, `provider "registry.opentofu.org/apiusers/apiusers"`) {
				t.Errorf("the lock file names no apiusers/apiusers provider:\n%s", lock)
			}
			plan := w.MustRun("plan", "-no-color", "-input=false")
			if !strings.Contains(plan.Stdout, "Plan: 1 to add, 0 to change, 0 to destroy.") {
				t.Errorf("plan did not plan the one user:\n%s", plan.Output())
			}
		})
	}
}

// offlineEnv points the CLI at the temporary HOME (and its data
// directories, where the implied local mirror also looks) and at a proxy
// that refuses every connection, so that a registry lookup fails the test
// instead of quietly downloading. Loopback addresses, where the mock
// listens, are never proxied.
func offlineEnv(home string) []string {
	return []string{
		"HOME=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"TF_PLUGIN_CACHE_DIR=",
		"HTTPS_PROXY=http://127.0.0.1:9",
		"HTTP_PROXY=http://127.0.0.1:9",
		"https_proxy=http://127.0.0.1:9",
		"http_proxy=http://127.0.0.1:9",
	}
}

var install struct {
	once sync.Once
	home string
	out  []byte
	err  error
}

// installedHome runs `make install` once per test binary with HOME set to
// a new temporary directory and returns that directory. The Go caches keep
// their usual places, so that the build is not a cold one.
func installedHome(t *testing.T) string {
	t.Helper()
	install.once.Do(func() {
		root, err := tfcli.ModuleRoot()
		if err != nil {
			install.err = err
			return
		}
		if install.home, install.err = os.MkdirTemp("", "apiusers-install-home-"); install.err != nil {
			return
		}
		// The developer's own install settings would send it elsewhere.
		var env []string
		for _, kv := range os.Environ() {
			if name, _, _ := strings.Cut(kv, "="); !slices.Contains([]string{"HOME", "PLUGINS_DIR", "VERSION", "MAKEFLAGS"}, name) {
				env = append(env, kv)
			}
		}
		for _, name := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
			value, err := exec.CommandContext(context.Background(), "go", "env", name).Output()
			if err != nil {
				install.err = err
				return
			}
			env = append(env, name+"="+strings.TrimSpace(string(value)))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "make", "install")
		cmd.Dir = root
		cmd.Env = append(env, "HOME="+install.home)
		install.out, install.err = cmd.CombinedOutput()
	})
	if install.home != "" {
		t.Cleanup(func() { _ = os.RemoveAll(install.home) })
	}
	if install.err != nil {
		t.Fatalf("make install: %v\n%s", install.err, install.out)
	}
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		matches, _ := filepath.Glob(filepath.Join(install.home, ".terraform.d", "plugins", host, "apiusers", "apiusers", "*", "*_*", "terraform-provider-apiusers_v*"))
		if len(matches) != 1 {
			t.Fatalf("make install put %d providers under %s in ~/.terraform.d/plugins, want 1:\n%s", len(matches), host, install.out)
		}
	}
	return install.home
}

// readmeRequiredProviders is the terraform block the README's "Using the
// provider" example opens with, so that the test uses what users copy.
func readmeRequiredProviders(t *testing.T) string {
	t.Helper()
	root, err := tfcli.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md")) //nolint:gosec // G304: the repository's README
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?ms)^```hcl\n(terraform \\{\n.*?\n\\}\n)").FindSubmatch(readme)
	if block == nil || !strings.Contains(string(block[1]), `source = "apiusers/apiusers"`) {
		t.Fatal(`README.md has no hcl example opening with a terraform block that requires source = "apiusers/apiusers"`)
	}
	return string(block[1])
}

// cli is one CLI to try, or the reason it is not here.
type cli struct{ name, path, why string }

// clis lists the tests' CLI (TF_ACC_TERRAFORM_PATH, else terraform on PATH),
// every terraform-1.* on PATH, newest first, and tofu, each CLI once.
func clis(t *testing.T) []cli {
	t.Helper()
	out := []cli{lookPath(os.Getenv("TF_ACC_TERRAFORM_PATH"), "terraform")}
	var versioned []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		matches, _ := filepath.Glob(filepath.Join(dir, "terraform-1.*"))
		for _, m := range matches {
			if name := filepath.Base(m); !slices.Contains(versioned, name) {
				versioned = append(versioned, name)
			}
		}
	}
	slices.SortFunc(versioned, func(a, b string) int {
		va, errA := version.NewVersion(strings.TrimPrefix(a, "terraform-"))
		vb, errB := version.NewVersion(strings.TrimPrefix(b, "terraform-"))
		if errA != nil || errB != nil {
			return strings.Compare(b, a)
		}
		return vb.Compare(va)
	})
	if len(versioned) == 0 {
		out = append(out, cli{name: "terraform-1.x", why: "no versioned Terraform (terraform-1.*) on PATH"})
	}
	for _, name := range versioned {
		out = append(out, lookPath("", name))
	}
	return distinct(append(out, lookPath("", "tofu")))
}

// distinct drops a CLI already listed under another name, such as tofu
// when the tests' CLI is tofu (TF=tofu make testacc).
func distinct(clis []cli) []cli {
	var seen []string
	return slices.DeleteFunc(clis, func(c cli) bool {
		if c.path == "" {
			return false
		}
		real, err := filepath.EvalSymlinks(c.path)
		if err != nil {
			real = c.path
		}
		if slices.Contains(seen, real) {
			return true
		}
		seen = append(seen, real)
		return false
	})
}

// lookPath is the CLI at path (named by its file), else name on PATH, else
// why it is missing.
func lookPath(path, name string) cli {
	if path != "" {
		return cli{name: filepath.Base(path), path: path}
	}
	found, err := exec.LookPath(name)
	if err != nil {
		return cli{name: name, why: name + " is not on PATH: not tested with it"}
	}
	return cli{name: name, path: found}
}
