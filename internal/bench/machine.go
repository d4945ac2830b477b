package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Machine describes where the benchmark ran: date, nproc, memory, CPU model,
// terraform and Go versions.
func Machine(ctx context.Context) string {
	tf := "unknown"
	if out, err := exec.CommandContext(ctx, "terraform", "version").Output(); err == nil {
		tf, _, _ = strings.Cut(string(out), "\n")
	}
	return fmt.Sprintf("- date: %s\n- nproc: %d\n- memory: %s\n- CPU: %s\n- terraform: %s\n- go: %s (%s/%s)",
		time.Now().UTC().Format(time.RFC3339), runtime.NumCPU(), procField("/proc/meminfo", "MemTotal"),
		procField("/proc/cpuinfo", "model name"), tf, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// procField returns the value of the first "name: value" line of a /proc file.
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
