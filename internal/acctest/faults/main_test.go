// Package faults_test proves, with the real terraform CLI, that the provider
// survives a misbehaving server and leaks no secret. Each scenario starts the
// in-process mock with fault injection behind a recording host, runs
// terraform through tfcli against the provider built once for this test
// binary (dev_overrides, nothing downloaded), and then checks invariants:
// the apply converged, the next plan is empty, and the server holds exactly
// what the configuration says.
//
// Running terraform as a child process, rather than through
// terraform-plugin-testing, is what lets a scenario restart the server
// mid-apply or interrupt terraform with SIGINT. The tests need TF_ACC=1, like
// acceptance tests; without it they skip.
package faults_test

import (
	"os"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
)

// TestMain prints the fault matrix after the scenarios. go test shows a
// passing package's output only with -v, so when APIUSERS_FAULT_MATRIX names
// a file the matrix is written there too, and `make test` prints it after
// the results.
func TestMain(m *testing.M) {
	code := tfcli.Main(m)
	printFaultMatrix(os.Stdout)
	if path := os.Getenv("APIUSERS_FAULT_MATRIX"); path != "" {
		if f, err := os.Create(path); err == nil {
			printFaultMatrix(f)
			_ = f.Close()
		}
	}
	os.Exit(code)
}
