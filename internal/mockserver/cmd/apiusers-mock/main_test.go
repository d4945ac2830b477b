package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

func TestParseBranchList(t *testing.T) {
	cases := map[string][]int64{
		"101-103":      {101, 102, 103},
		"101,102,200":  {101, 102, 200},
		"101-102, 200": {101, 102, 200},
		"7":            {7},
	}
	for in, want := range cases {
		if got, err := parseBranchList(in); err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "a", "110-101", "0", "101,,102", "1-100000"} {
		if _, err := parseBranchList(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseFlags(t *testing.T) {
	t.Setenv("APIUSERS_MOCK_ADMIN_PASSWORD", "From-Env-Passw0rd")
	opts, err := parseFlags([]string{"-max-active-api-users", "0", "-branches", "5-6", "-latency", "10ms"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Listen != "127.0.0.1:8080" || opts.AdminPassword != "From-Env-Passw0rd" || opts.MaxActiveAPIUsers >= 0 ||
		!slices.Equal(opts.Branches, []int64{5, 6}) || opts.Faults.Latency != 10*time.Millisecond ||
		opts.Protocol != mockserver.ProtocolExtended || opts.UnknownFields != "" {
		t.Fatalf("options %+v", opts)
	}
	opts, err = parseFlags([]string{"-admin-password", "Flag-Passw0rd"}, io.Discard)
	if err != nil || opts.AdminPassword != "Flag-Passw0rd" || opts.MaxActiveAPIUsers != 10 || opts.EraseOnlyFromTrash {
		t.Fatalf("flag password, default limit or erase policy: %+v %v", opts, err)
	}
	if opts, err = parseFlags([]string{"-erase-only-from-trash"}, io.Discard); err != nil || !opts.EraseOnlyFromTrash {
		t.Fatalf("-erase-only-from-trash: %+v %v", opts, err)
	}
}

// TestParseFlagsAppliedSyncStatus: the gateway fault takes a gateway's
// answers to a done PUT only.
func TestParseFlagsAppliedSyncStatus(t *testing.T) {
	for _, status := range []int{0, 201, 202, 204} {
		opts, err := parseFlags([]string{"-applied-sync-status", strconv.Itoa(status)}, io.Discard)
		if err != nil || opts.Faults.AppliedSyncStatus != status {
			t.Errorf("-applied-sync-status %d: %+v %v", status, opts.Faults, err)
		}
	}
	for _, status := range []string{"200", "404", "502", "-1"} {
		if _, err := parseFlags([]string{"-applied-sync-status", status}, io.Discard); err == nil || !strings.Contains(err.Error(), "want 201, 202 or 204") {
			t.Errorf("-applied-sync-status %s: %v, want a refusal", status, err)
		}
	}
}

// TestParseFlagsExposure: the built-in admin password is served on loopback
// addresses only; elsewhere the operator must choose one.
func TestParseFlagsExposure(t *testing.T) {
	t.Setenv("APIUSERS_MOCK_ADMIN_PASSWORD", "")
	refused := []string{"0.0.0.0:8080", ":8080", "[::]:8080", "192.0.2.7:8080", "mock.example.com:8080"}
	for _, listen := range refused {
		for _, args := range [][]string{{"-listen", listen}, {"-listen", listen, "-admin-password", mockserver.DefaultAdminPassword}} {
			_, err := parseFlags(args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "-admin-password") || !strings.Contains(err.Error(), listen) ||
				strings.Contains(err.Error(), mockserver.DefaultAdminPassword) {
				t.Errorf("%q: %v, want a refusal naming the address and -admin-password (and not the password)", args, err)
			}
		}
		if _, err := parseFlags([]string{"-listen", listen, "-admin-password", "Own-Passw0rd-1"}, io.Discard); err != nil {
			t.Errorf("%s with -admin-password: %v", listen, err)
		}
	}
	for _, listen := range []string{"127.0.0.1:8080", "127.0.0.2:0", "localhost:8080", "[::1]:8080"} {
		if _, err := parseFlags([]string{"-listen", listen}, io.Discard); err != nil {
			t.Errorf("%s without a password: %v", listen, err)
		}
	}
	t.Setenv("APIUSERS_MOCK_ADMIN_PASSWORD", "Env-Passw0rd-1")
	if _, err := parseFlags([]string{"-listen", "0.0.0.0:8080"}, io.Discard); err != nil {
		t.Errorf("0.0.0.0 with $APIUSERS_MOCK_ADMIN_PASSWORD: %v", err)
	}
}

// TestBinaryRefusesExposure: the command exits non-zero with the reason,
// without listening.
func TestBinaryRefusesExposure(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "APIUSERS_MOCK_RUN_MAIN=1", "APIUSERS_MOCK_ARGS=-listen 0.0.0.0:0", "APIUSERS_MOCK_ADMIN_PASSWORD=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || len(out) != 0 ||
		!strings.HasPrefix(stderr.String(), "apiusers-mock: -listen 0.0.0.0:0 is reachable from other machines") {
		t.Fatalf("exit %v, stdout %q, stderr %q", err, out, stderr.String())
	}
}

// TestBinaryDoesNotLinkTesting: the command is no test, so it must not
// carry the testing package (and its flags) into the binary.
func TestBinaryDoesNotLinkTesting(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if slices.Contains(strings.Fields(string(out)), "testing") {
		t.Fatal("apiusers-mock links the testing package")
	}
}

func TestParseFlagsProtocol(t *testing.T) {
	cases := []struct {
		args          []string
		protocol      string
		unknownFields string
		wantErr       string
	}{
		{[]string{"-protocol", "documented"}, mockserver.ProtocolDocumented, mockserver.UnknownFieldsIgnore, ""},
		{[]string{"-protocol", "documented", "-unknown-fields", "reject"}, mockserver.ProtocolDocumented, mockserver.UnknownFieldsReject, ""},
		{[]string{"-protocol", "extended"}, mockserver.ProtocolExtended, "", ""},
		{[]string{"-unknown-fields", "reject"}, "", "", "only with -protocol documented"},
		{[]string{"-protocol", "extended", "-unknown-fields", "ignore"}, "", "", "only with -protocol documented"},
	}
	for _, tc := range cases {
		opts, err := parseFlags(tc.args, io.Discard)
		switch {
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%q: error %v, want %q", tc.args, err, tc.wantErr)
		case tc.wantErr == "" && (err != nil || opts.Protocol != tc.protocol || opts.UnknownFields != tc.unknownFields):
			t.Errorf("%q: %q/%q %v, want %q/%q", tc.args, opts.Protocol, opts.UnknownFields, err, tc.protocol, tc.unknownFields)
		}
	}
	// Values the server does not know fail in New, before it listens.
	for _, args := range [][]string{{"-protocol", "soap"}, {"-protocol", "documented", "-unknown-fields", "drop"}} {
		if err := run(append(args, "-listen", "127.0.0.1:0")); err == nil || !strings.Contains(err.Error(), args[len(args)-1]) {
			t.Errorf("run %q: %v, want an error naming %q", args, err, args[len(args)-1])
		}
	}
}

// TestUsage: -h documents both protocols, the new flags and the login throttle.
func TestUsage(t *testing.T) {
	var out bytes.Buffer
	if _, err := parseFlags([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"-protocol", "-unknown-fields", "-erase-only-from-trash", "/limits", "-applied-sync-status", "Failed logins", "429 with Retry-After",
		fmt.Sprintf("After %d failed logins", mockserver.LoginThrottlePerUser), "only with -protocol documented", "Protocols (-protocol):",
		"extended", "documented", "answers 404", "X-Sync-Error", "opaque", "group 4 API"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
}

// TestMain lets TestBinary run this test binary as the command itself.
func TestMain(m *testing.M) {
	if os.Getenv("APIUSERS_MOCK_RUN_MAIN") == "1" {
		os.Args = append([]string{"apiusers-mock"}, strings.Fields(os.Getenv("APIUSERS_MOCK_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestBinary starts the command, reads its one ready line, calls it and
// stops it with SIGTERM.
func TestBinary(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "APIUSERS_MOCK_RUN_MAIN=1", "APIUSERS_MOCK_ARGS=-listen 127.0.0.1:0 -admin-password Cmd-Passw0rd-1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "apiusers-mock listening on http://127.0.0.1:") {
		t.Fatalf("ready line %q: %v", line, err)
	}
	if strings.Contains(line, "Cmd-Passw0rd-1") {
		t.Fatalf("the ready line shows the password")
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "apiusers-mock listening on "))
	req, _ := http.NewRequest(http.MethodGet, url+"/api/v1.0/auth", nil)
	req.Header.Set("username", "admin")
	req.Header.Set("password", "Cmd-Passw0rd-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /auth: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
}
