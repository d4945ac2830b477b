package docs_test

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/acctest/tfcli"
)

// TestTemplateBlocksValidate covers the terraform code blocks written into
// the templates (the index's worked example, the guides): each must be fmt
// clean and valid. Blocks that name their file ("# providers.tf") form one
// configuration per template; every other block stands alone. Guides may
// mention other providers in prose, but a code block must run offline.
func TestTemplateBlocksValidate(t *testing.T) {
	h := tfcli.Shared(t)
	root := repoPath(t, "templates")
	configs := map[string]map[string]string{} // test name -> files
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
			if name := b.fileName(); name != "" {
				if configs[rel] == nil {
					configs[rel] = map[string]string{}
				}
				configs[rel][name] = b.body
				continue
			}
			configs[fmt.Sprintf("%s:%d", rel, b.line)] = map[string]string{"main.tf": b.body}
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
			requireFmtAndValid(t, h.NewWorkspace(t), files)
		})
	}
}
