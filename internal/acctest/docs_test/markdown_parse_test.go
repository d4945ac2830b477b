package docs_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestReadFencedBlocksAndShellCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guide.md")
	md := "# Title\n\n```terraform\n# main.tf\nresource \"x\" \"y\" {}\n```\n\ntext\n\n## Second\n\n```terraform\n# find.tfquery.hcl\nlocals {}\n```\n\n```terraform\nlocals {}\n```\n\n" +
		"```shell\nterraform apply\n\nterraform output -raw x > out.tf\n```\n"
	if err := os.WriteFile(path, []byte(md), 0o600); err != nil {
		t.Fatal(err)
	}
	blocks := readFencedBlocks(t, path)
	if len(blocks) != 4 {
		t.Fatalf("got %d blocks: %+v", len(blocks), blocks)
	}
	if b := blocks[0]; b.lang != "terraform" || b.fileName() != "main.tf" || b.body != "# main.tf\nresource \"x\" \"y\" {}\n" || b.line != 3 || b.section != "" {
		t.Errorf("first block: %+v, file %q", b, b.fileName())
	}
	if b := blocks[1]; b.fileName() != "find.tfquery.hcl" || b.section != "Second" {
		t.Errorf("second block: %+v, file %q", b, b.fileName())
	}
	if name := blocks[2].fileName(); name != "" {
		t.Errorf("a fragment was taken for file %q", name)
	}
	got := parseShellCommands(t, blocks[3])
	want := []shellCommand{
		{line: "terraform apply", args: []string{"apply"}},
		{line: "terraform output -raw x > out.tf", args: []string{"output", "-raw", "x"}, stdout: "out.tf"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commands = %+v, want %+v", got, want)
	}
}
