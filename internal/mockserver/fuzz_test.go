package mockserver

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// FuzzSyncBody: under each protocol, any body either decodes to operations
// (which then validate to a new store or a rejection) or is a 400; nothing
// panics.
func FuzzSyncBody(f *testing.F) {
	for _, seed := range []string{
		`[]`, `[{"method":"ADD","userLoginId":"svc-1","firstName":"A","lastName":"B","apiUser":true,"userPassword":"Sec-Ret-9-Xy"}]`,
		`[{"method":"MODIFY","userLoginId":"admin","branchIds":"101|102","groupId":1,"userGroup":"admin"}]`,
		`[{"method":"DELETE","userLoginId":"admin","branchIds":"101"}]`,
		`[{"method":"ADD","userLoginId":"x","language":"zh-Hant-TW","timezone":"Europe/Zurich","email":"a@b"}]`,
		`{}`, `[null]`, `[{"method":"ADD","bogus":1}]`, `[{"method":"ADD","userLoginId":"abc","FirstName":"A","lastName":"B","status":7}]`, `[1,2`, ``,
	} {
		f.Add([]byte(seed))
	}
	var servers []*Server
	for _, opts := range []Options{{}, {Protocol: ProtocolDocumented}, {Protocol: ProtocolDocumented, UnknownFields: UnknownFieldsReject}} {
		s, err := New(opts)
		if err != nil {
			f.Fatal(err)
		}
		servers = append(servers, s)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, s := range servers {
			fuzzSync(t, s, body)
		}
	})
}

// fuzzSync decodes and applies body as s would.
func fuzzSync(t *testing.T, s *Server, body []byte) {
	ops, err := decodeSyncBody(body, s.opts)
	if err != nil {
		if !errors.Is(err, errBadSyncBody) {
			t.Fatalf("%s: decode error %v is not a 400", s.opts.Protocol, err)
		}
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next, err := s.applySync(s.st, ops, time.Now())
	var rejection *syncRejection
	switch {
	case err == nil && next == nil:
		t.Fatalf("no store and no error")
	case err != nil && !errors.As(err, &rejection):
		t.Fatalf("sync failed with %v, neither applied nor rejected", err)
	case rejection != nil && (rejection.Index < 0 || rejection.Index >= len(ops) || rejection.Reason == ""):
		t.Fatalf("rejection %+v for %d operations", rejection, len(ops))
	}
}

// FuzzBranchIDs: whatever parses formats back to a canonical string that
// parses to the same list; canonical input formats to itself.
func FuzzBranchIDs(f *testing.F) {
	for _, seed := range []string{"", "101", "101|102", "102|101|101", "101||102", " 1", "+5", "0", "9223372036854775807", "a|b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids, err := parseBranchIDs(s)
		if err != nil {
			return
		}
		canonical := formatBranchIDs(ids)
		again, err := parseBranchIDs(canonical)
		if err != nil || !slices.Equal(again, ids) {
			t.Fatalf("%q -> %v -> %q -> %v (%v)", s, ids, canonical, again, err)
		}
		if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Fatalf("%q parsed to unsorted or duplicated %v", s, ids)
		}
		if formatBranchIDs(again) != canonical {
			t.Fatalf("canonical form %q is not stable", canonical)
		}
	})
}
