package tfcli_test

import (
	"os"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
)

func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }
