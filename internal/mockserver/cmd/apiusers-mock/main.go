// Command apiusers-mock runs the in-memory Users API mock (internal/mockserver)
// as a standalone server, for demos and for trying the provider by hand.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

func main() {
	err := run(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the usage is printed, and asking for it is no failure
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiusers-mock:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	opts, err := parseFlags(args, os.Stderr)
	if err != nil {
		return err
	}
	srv, err := mockserver.New(opts)
	if err != nil {
		return err
	}
	// Before the ready line: whoever reads it may signal at once.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	if err := srv.Start(); err != nil {
		return err
	}
	fmt.Printf("apiusers-mock listening on %s\n", srv.URL())
	<-stop
	return srv.Close()
}

// protocolHelp ends the -h output: what the two protocols mean.
const protocolHelp = `
Protocols (-protocol):
  extended    (the default) the documented protocol and every extension.
  documented  a server that speaks the documented protocol and nothing more, to try a
              client against what a real server may offer:
              - GET /users shows only key, userID, firstName, lastName, email,
                encrypted and tokenExpires;
              - every extension route (GET /users/{userID}, /roles..., /projects...,
                /branches, /groups, /limits) answers 404; so does GET /users/sync;
              - a rejected sync answers false without the X-Sync-Error header;
              - tokens are opaque strings, not JWTs, and do not survive a restart
                (clients authenticate again on 401);
              - sync fields the documented protocol lacks (description, status, apiUser,
                organization, language, timezone, privateNote, or any other) are
                ignored, or with -unknown-fields reject make the sync answer false;
              - a MODIFY that changes a password (an extension) answers false;
              - there is no apiUser flag: an API user is a user in group 4 API (an
                ADD without a group gets group 2 User); "userPassword required for
                API users" applies to them, and -max-active-api-users counts the
                ACTIVE ones. New users are always ACTIVE.
              Branches, group and password are still stored and checked.
`

// loginThrottleHelp ends the -h output: when GET /auth answers 429, so that
// nobody takes it for a fault the flags injected.
const loginThrottleHelp = `
Failed logins (both protocols, always on):
  After %d failed logins (GET /auth answered 401) for one login id, or %d from one
  remote address, within %d seconds, GET /auth answers 429 with Retry-After, without trying
  the password, until enough of them are older than that. A successful login clears
  its login id's count (not its address's).
`

// parseFlags turns the command line into Options; -h prints the usage to
// usage. The admin password comes from -admin-password, else
// APIUSERS_MOCK_ADMIN_PASSWORD, else the default.
func parseFlags(args []string, usage io.Writer) (mockserver.Options, error) {
	fs := flag.NewFlagSet("apiusers-mock", flag.ContinueOnError)
	fs.SetOutput(usage)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: apiusers-mock [flags]\n\n"+
			"Runs the in-memory Users API mock until SIGINT or SIGTERM.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), protocolHelp)
		fmt.Fprintf(fs.Output(), loginThrottleHelp, mockserver.LoginThrottlePerUser,
			mockserver.LoginThrottlePerAddress, int(mockserver.LoginThrottleWindow.Seconds()))
	}
	var (
		opts     mockserver.Options
		branches string
		maxAPI   int
	)
	fs.StringVar(&opts.Listen, "listen", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	fs.StringVar(&opts.AdminUsername, "admin-username", mockserver.DefaultAdminUsername, "login id of the admin")
	fs.StringVar(&opts.AdminPassword, "admin-password", "", "admin password (default: $APIUSERS_MOCK_ADMIN_PASSWORD, else the built-in default)")
	fs.DurationVar(&opts.TokenTTL, "token-ttl", mockserver.DefaultTokenTTL, "lifetime of issued tokens")
	fs.IntVar(&maxAPI, "max-active-api-users", mockserver.DefaultMaxActiveAPIUsers, "most API users ACTIVE at once (0 = no limit)")
	fs.BoolVar(&opts.EraseOnlyFromTrash, "erase-only-from-trash", false, "reject a DELETE of an API user whose status is not TRASH")
	fs.StringVar(&branches, "branches", "101-110", `known branches: a range "101-110", a list "101,102,200", or both`)
	fs.StringVar(&opts.StateFile, "state-file", "", "JSON file to load on start and save after each change")
	fs.DurationVar(&opts.Faults.Latency, "latency", 0, "delay added to every answer")
	fs.Float64Var(&opts.Faults.ErrorRate, "error-rate", 0, "fraction of requests answered 503")
	fs.Float64Var(&opts.Faults.RateLimit, "rate-limit", 0, "requests per second before 429 (0 = unlimited)")
	fs.Float64Var(&opts.Faults.DropRate, "drop-rate", 0, "fraction of applied syncs whose connection is dropped")
	fs.IntVar(&opts.Faults.AppliedSyncStatus, "applied-sync-status", 0,
		"answer every applied sync with this status (201, 202 or 204) and no body, as a gateway\nanswering in the server's place (0 = 200 true)")
	fs.StringVar(&opts.Protocol, "protocol", mockserver.ProtocolExtended,
		"protocol to speak: extended (every extension) or documented (the documented protocol only; see below)")
	fs.StringVar(&opts.UnknownFields, "unknown-fields", mockserver.UnknownFieldsIgnore,
		"only with -protocol documented: what a sync does with fields the documented protocol lacks:\nignore (drop them) or reject (answer false, apply nothing)")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if fs.NArg() > 0 {
		return opts, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	// The extended protocol knows every field and answers 400 for others, so
	// the flag would silently mean nothing there.
	if opts.Protocol == mockserver.ProtocolExtended {
		var given bool
		fs.Visit(func(f *flag.Flag) { given = given || f.Name == "unknown-fields" })
		if given {
			return opts, errors.New("-unknown-fields applies only with -protocol documented")
		}
		opts.UnknownFields = ""
	}
	switch opts.Faults.AppliedSyncStatus {
	case 0, http.StatusCreated, http.StatusAccepted, http.StatusNoContent:
	default: // another status would not be a gateway's answer to a done PUT
		return opts, fmt.Errorf("-applied-sync-status %d: want 201, 202 or 204 (or 0 for none)", opts.Faults.AppliedSyncStatus)
	}
	if opts.AdminPassword == "" {
		opts.AdminPassword = os.Getenv("APIUSERS_MOCK_ADMIN_PASSWORD")
	}
	if err := checkExposure(opts.Listen, opts.AdminPassword); err != nil {
		return opts, err
	}
	opts.MaxActiveAPIUsers = maxAPI
	if maxAPI == 0 { // the flag's 0 means no limit; Options' 0 means the default
		opts.MaxActiveAPIUsers = -1
	}
	var err error
	if opts.Branches, err = parseBranchList(branches); err != nil {
		return opts, err
	}
	return opts, nil
}

// checkExposure refuses to serve the built-in admin password, which anyone
// can read in this repository, beyond this machine: an address other than a
// loopback one needs a password the operator chose.
func checkExposure(listen, adminPassword string) error {
	if adminPassword != "" && adminPassword != mockserver.DefaultAdminPassword {
		return nil
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", listen, err)
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("-listen %s is reachable from other machines, and the admin password would be the built-in default, which anyone can look up: "+
		"set your own with -admin-password or $APIUSERS_MOCK_ADMIN_PASSWORD, or listen on a loopback address such as 127.0.0.1:8080", listen)
}

// parseBranchList parses "101-110", "101,102,200" or a mix such as "101-103,200".
func parseBranchList(s string) ([]int64, error) {
	var out []int64
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		first, err := strconv.ParseInt(strings.TrimSpace(lo), 10, 64)
		if err != nil || first <= 0 {
			return nil, fmt.Errorf("-branches: %q is not a positive branch number", lo)
		}
		last := first
		if isRange {
			if last, err = strconv.ParseInt(strings.TrimSpace(hi), 10, 64); err != nil || last < first {
				return nil, fmt.Errorf("-branches: %q is not a range like 101-110", part)
			}
			if last-first >= 10000 {
				return nil, fmt.Errorf("-branches: range %q is too large", part)
			}
		}
		for id := first; id <= last; id++ {
			out = append(out, id)
		}
	}
	return out, nil
}
