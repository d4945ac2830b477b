package client

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBranchIDsJSON(t *testing.T) {
	type wrapper struct {
		B BranchIDs `json:"branchIds,omitzero"`
	}
	for _, tt := range []struct {
		in   BranchIDs
		want string
	}{
		{nil, `{}`},
		{BranchIDs{}, `{"branchIds":""}`},
		{BranchIDs{103, 101, 102, 101}, `{"branchIds":"101|102|103"}`},
	} {
		got, err := json.Marshal(wrapper{tt.in})
		if err != nil || string(got) != tt.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}

	var w wrapper
	if err := json.Unmarshal([]byte(`{"branchIds":"102|101"}`), &w); err != nil || w.B.String() != "101|102" {
		t.Errorf("Unmarshal pipe string: %v, %v", w.B, err)
	}
	w = wrapper{}
	if err := json.Unmarshal([]byte(`{"branchIds":""}`), &w); err != nil || w.B == nil || len(w.B) != 0 {
		t.Errorf(`Unmarshal "" = %#v, %v; want an empty non-nil list`, w.B, err)
	}
	w = wrapper{B: BranchIDs{1}}
	if err := json.Unmarshal([]byte(`{"branchIds":null}`), &w); err != nil || w.B != nil {
		t.Errorf("Unmarshal null = %#v, %v; want nil", w.B, err)
	}
	if err := json.Unmarshal([]byte(`{"branchIds":[101]}`), &w); err == nil || !strings.Contains(err.Error(), "pipe-separated") {
		t.Errorf("Unmarshal of an array: %v", err)
	}
}

func TestParseBranchIDs(t *testing.T) {
	for _, tt := range []struct {
		in, want, wantErr string
	}{
		{"101|102", "101|102", ""},
		{" 110 | 101 |101", "101|110", ""},
		{"", "", ""},
		{"101||102", "", "empty entry at position 2"},
		{"101|", "", "empty entry"},
		{"abc", "", `"abc" at position 1`},
		{"-5", "", "not a non-negative whole number"},
		{"1.5", "", "not a non-negative whole number"},
	} {
		got, err := ParseBranchIDs(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseBranchIDs(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.String() != tt.want || got == nil {
			t.Errorf("ParseBranchIDs(%q) = %#v, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseBranchIDs(f *testing.F) {
	for _, s := range []string{"101|102", "", "|", "1||2", "x", "9223372036854775808", " 5 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids, err := ParseBranchIDs(s)
		if err != nil {
			return
		}
		// What parses renders canonically and parses back to the same list.
		again, err := ParseBranchIDs(ids.String())
		if err != nil || again.String() != ids.String() {
			t.Fatalf("round trip of %q: %q -> %v, %v", s, ids.String(), again, err)
		}
		for i := 1; i < len(ids); i++ {
			if ids[i-1] >= ids[i] {
				t.Fatalf("ParseBranchIDs(%q) = %v is not strictly ascending", s, ids)
			}
		}
	})
}
