package mockserver

import (
	"fmt"
	"time"
)

// Options configures a Server. The zero value is a working server on a free
// local port with the defaults API.md gives the mock.
type Options struct {
	Listen            string        // default "127.0.0.1:0" (free port)
	AdminUsername     string        // default "admin"
	AdminPassword     string        // default "Admin-Passw0rd1"
	TokenTTL          time.Duration // default 15m
	Branches          []int64       // default 101..110
	MaxActiveAPIUsers int           // 0 = default 10; negative = no limit
	// EraseOnlyFromTrash rejects a DELETE of an API user whose status is
	// not TRASH (GET /limits reports it).
	EraseOnlyFromTrash bool
	StateFile          string // load on start, save after each change
	Faults             Faults

	// Protocol is the protocol the server speaks: ProtocolExtended (all of
	// API.md; "" means this) or ProtocolDocumented (Part A alone, see protocol.go).
	Protocol string
	// UnknownFields is what a documented server does with sync fields Part A
	// lacks: UnknownFieldsIgnore ("" means this) or UnknownFieldsReject. The
	// extended protocol knows every field and answers 400 for others, so it
	// ignores this setting.
	UnknownFields string

	// Now is the server's clock (passwordChangedAt, tokens); nil is
	// time.Now. In-process tests give it the fake clock they give the
	// provider, so that both see the same time when the test moves it.
	Now func() time.Time
}

// Protocols of Options.Protocol.
const (
	ProtocolExtended   = "extended"   // API.md Parts A and B
	ProtocolDocumented = "documented" // API.md Part A and nothing more, as a real server
)

// Policies of Options.UnknownFields for the documented protocol.
const (
	UnknownFieldsIgnore = "ignore" // drop them: neither validated nor stored
	UnknownFieldsReject = "reject" // the sync answers false and applies nothing
)

// Defaults of Options, exported so that the command line and tests agree.
const (
	DefaultListen            = "127.0.0.1:0"
	DefaultAdminUsername     = "admin"
	DefaultAdminPassword     = "Admin-Passw0rd1"
	DefaultTokenTTL          = 15 * time.Minute
	DefaultMaxActiveAPIUsers = 10
)

// DefaultBranches returns the branches the mock knows unless configured: 101 to 110.
func DefaultBranches() []int64 {
	branches := make([]int64, 0, 10)
	for id := int64(101); id <= 110; id++ {
		branches = append(branches, id)
	}
	return branches
}

// validate rejects settings that have no meaning. It runs before
// withDefaults, so "" is valid wherever it means the default.
func (opts Options) validate() error {
	switch opts.Protocol {
	case "", ProtocolExtended, ProtocolDocumented:
	default:
		return fmt.Errorf("protocol %q: want %q or %q", opts.Protocol, ProtocolExtended, ProtocolDocumented)
	}
	switch opts.UnknownFields {
	case "", UnknownFieldsIgnore, UnknownFieldsReject:
	default:
		return fmt.Errorf("unknown-fields policy %q: want %q or %q", opts.UnknownFields, UnknownFieldsIgnore, UnknownFieldsReject)
	}
	return nil
}

// withDefaults fills the zero fields of opts.
func (opts Options) withDefaults() Options {
	if opts.Listen == "" {
		opts.Listen = DefaultListen
	}
	if opts.AdminUsername == "" {
		opts.AdminUsername = DefaultAdminUsername
	}
	if opts.AdminPassword == "" {
		opts.AdminPassword = DefaultAdminPassword
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = DefaultTokenTTL
	}
	if len(opts.Branches) == 0 {
		opts.Branches = DefaultBranches()
	}
	if opts.MaxActiveAPIUsers == 0 {
		opts.MaxActiveAPIUsers = DefaultMaxActiveAPIUsers
	}
	if opts.Protocol == "" {
		opts.Protocol = ProtocolExtended
	}
	if opts.UnknownFields == "" {
		opts.UnknownFields = UnknownFieldsIgnore
	}
	return opts
}
