// Command releasetargets prints the GOOS/GOARCH pairs that a goreleaser
// configuration builds, one "os/arch" a line: each build's goos times its
// goarch, less its ignore entries. .ci/release-builds compiles each pair,
// so that CI notices a target Go cannot build without running goreleaser.
//
// Usage: go run ./releasetargets ../.goreleaser.yml (from tools/).
package main

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"go.yaml.in/yaml/v3"
)

// config is the part of .goreleaser.yml (version 2) that names targets.
type config struct {
	Builds []build `yaml:"builds"`
}

type build struct {
	ID      string   `yaml:"id"`
	Skip    bool     `yaml:"skip"`
	Goos    []string `yaml:"goos"`
	Goarch  []string `yaml:"goarch"`
	Ignore  []ignore `yaml:"ignore"`
	Targets []string `yaml:"targets"`
}

// ignore leaves out the pairs it matches; an empty field matches any.
type ignore struct {
	Goos   string `yaml:"goos"`
	Goarch string `yaml:"goarch"`
}

func (i ignore) matches(goos, goarch string) bool {
	return (i.Goos == "" || i.Goos == goos) && (i.Goarch == "" || i.Goarch == goarch)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: releasetargets GORELEASER_YAML")
		os.Exit(2)
	}
	targets, err := read(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "releasetargets:", err)
		os.Exit(1)
	}
	for _, t := range targets {
		fmt.Println(t)
	}
}

// read returns the sorted, distinct targets of every build in the file.
func read(file string) ([]string, error) {
	data, err := os.ReadFile(file) //nolint:gosec // G304: the file named on the command line is the point
	if err != nil {
		return nil, err
	}
	var c config
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var targets []string
	for _, b := range c.Builds {
		if b.Skip {
			continue
		}
		// An explicit target list would need goreleaser's own expansion
		// (goarm, goamd64 suffixes); this configuration does not use one.
		if len(b.Targets) > 0 {
			return nil, fmt.Errorf("%s: build %q lists targets explicitly, which releasetargets does not read: list goos and goarch instead", file, b.ID)
		}
		// goreleaser's defaults when a list is left out.
		goos := cmpOr(b.Goos, []string{"darwin", "linux", "windows"})
		goarch := cmpOr(b.Goarch, []string{"386", "amd64", "arm64"})
		for _, o := range goos {
			for _, a := range goarch {
				if !slices.ContainsFunc(b.Ignore, func(i ignore) bool { return i.matches(o, a) }) {
					targets = append(targets, o+"/"+a)
				}
			}
		}
	}
	if len(targets) == 0 {
		return nil, errors.New(file + ": no GOOS/GOARCH pair is built")
	}
	slices.Sort(targets)
	return slices.Compact(targets), nil
}

func cmpOr(list, fallback []string) []string {
	if len(list) > 0 {
		return list
	}
	return fallback
}
