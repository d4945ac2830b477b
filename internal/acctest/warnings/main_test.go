// Package warnings_test counts, with the real terraform CLI, the warnings a
// run prints. terraform-plugin-testing serves every walk of a command from
// one provider in the test binary; terraform itself starts a provider
// process per walk, which is where a warning meant once per run can repeat.
// The tests need TF_ACC=1, like acceptance tests; without it they skip.
package warnings_test

import (
	"os"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
)

func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }
