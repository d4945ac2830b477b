package docs_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// fencedBlock is one fenced code block of a Markdown file.
type fencedBlock struct {
	lang    string // the info string: terraform, shell, ...
	body    string
	line    int    // 1-based line of the opening fence, for messages
	section string // the "## " heading the block is under, without the hashes
}

// fileName is the file a terraform block says it is, by a first line such as
// "# providers.tf"; "" for a block that is a fragment.
func (b fencedBlock) fileName() string {
	first, _, _ := strings.Cut(b.body, "\n")
	if m := fileComment.FindStringSubmatch(first); m != nil {
		return m[1]
	}
	return ""
}

var fileComment = regexp.MustCompile(`^# ([A-Za-z0-9_.-]+\.(?:tf|tfquery\.hcl))\s*$`)

// readFencedBlocks reads path and returns its ``` blocks in order.
func readFencedBlocks(t *testing.T, path string) []fencedBlock {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []fencedBlock
	var cur *fencedBlock
	section := ""
	for i, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(line, "## "):
			section = strings.TrimPrefix(line, "## ")
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &fencedBlock{lang: strings.TrimPrefix(trimmed, "```"), line: i + 1, section: section}
		case cur != nil && trimmed == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.body += line + "\n"
		}
	}
	if cur != nil {
		t.Fatalf("%s: the code block opened on line %d is never closed", path, cur.line)
	}
	return blocks
}

// shellCommand is one line of a shell block: terraform's arguments and the
// file its standard output is redirected to, if any.
type shellCommand struct {
	line   string
	args   []string
	stdout string
}

// parseShellCommands reads a guide's shell block. Guides show only plain
// terraform commands, optionally with "> file", so that a test can run
// exactly what they say without a shell.
func parseShellCommands(t *testing.T, b fencedBlock) []shellCommand {
	t.Helper()
	var cmds []shellCommand
	for _, line := range strings.Split(strings.TrimSpace(b.body), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if fields[0] != "terraform" {
			t.Fatalf("line %d: the guide's shell block runs %q; only terraform commands can be tested", b.line, line)
		}
		cmd := shellCommand{line: line}
		for i := 1; i < len(fields); i++ {
			if fields[i] == ">" && i+1 < len(fields) {
				cmd.stdout = fields[i+1]
				i++
				continue
			}
			if strings.ContainsAny(fields[i], "|&;<>$`'\"") {
				t.Fatalf("line %d: %q needs a shell; keep guide commands plain", b.line, line)
			}
			cmd.args = append(cmd.args, fields[i])
		}
		cmds = append(cmds, cmd)
	}
	return cmds
}
