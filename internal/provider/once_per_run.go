package provider

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Once-per-run warnings. Terraform starts a provider process for each walk
// of its graph, and `terraform apply` plans in one process and applies in
// another, where it plans every change again before applying it: a warning
// given once per process is given twice by one apply (before the prompt and
// after the apply). The processes of one run are children of one terraform
// process, so a marker file named after that process and the warning tells
// the later processes of the run that the warning was given.

// warnings remembers which once-per-run warnings were given.
type warnings struct {
	mu    sync.Mutex
	given map[string]bool
}

// once reports whether the warning key is given for the first time in this
// run of Terraform.
func (d *providerData) once(key string) bool {
	d.warned.mu.Lock()
	defer d.warned.mu.Unlock()
	if d.warned.given[key] {
		return false
	}
	if d.warned.given == nil {
		d.warned.given = map[string]bool{}
	}
	d.warned.given[key] = true
	return thisRun().first(key)
}

// runMarkers are the marker files of one terraform run, in dir; the zero
// value marks nothing, leaving once to the process's memory.
type runMarkers struct {
	dir, run string
	maxAge   time.Duration
}

// thisRun is the run this process serves. Only a process Terraform started
// as a plugin (go-plugin gives it the handshake cookie) has terraform as its
// parent; a provider served in a test binary or with -debug serves every
// walk itself, so its memory is enough.
var thisRun = sync.OnceValue(func() runMarkers {
	if os.Getenv("TF_PLUGIN_MAGIC_COOKIE") == "" {
		return runMarkers{}
	}
	return runMarkers{
		dir: filepath.Join(os.TempDir(), fmt.Sprintf("terraform-provider-apiusers-%d", os.Getuid())),
		run: fmt.Sprint(os.Getppid()),
		// A later terraform process may get the same id: a marker older
		// than any run is not of this one.
		maxAge: 12 * time.Hour,
	}
})

// first reports whether no process of the run marked key before, marking
// it. When the marker cannot be written or read it says true: a warning
// given twice is better than none.
func (m runMarkers) first(key string) bool {
	if m.dir == "" {
		return true
	}
	if err := os.MkdirAll(m.dir, 0o700); err != nil {
		return true
	}
	name := filepath.Join(m.dir, m.run+"-"+hex.EncodeToString([]byte(key)))
	for range 2 {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) //nolint:gosec // G304: a name of our own making
		if err == nil {
			_ = f.Close()
			return true
		}
		info, statErr := os.Stat(name)
		if !errors.Is(err, fs.ErrExist) || statErr != nil {
			return true
		}
		if time.Since(info.ModTime()) < m.maxAge {
			return false
		}
		_ = os.Remove(name) // a marker of an earlier run with the same id
	}
	return true
}
