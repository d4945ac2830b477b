package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestPrivileges(t *testing.T) {
	t.Parallel()
	str := func(names ...string) []attr.Value {
		out := make([]attr.Value, 0, len(names))
		for _, n := range names {
			out = append(out, types.StringValue(n))
		}
		return out
	}
	set := func(elems []attr.Value) types.Set {
		return types.SetValueMust(types.StringType, elems)
	}
	tests := map[string]struct {
		value types.Set
		// wantSummaries lists the diagnostics' summaries in order; empty = valid.
		wantSummaries []string
		// wantDetail is a fragment every diagnostic's detail must contain.
		wantDetail string
	}{
		"null":                      {value: types.SetNull(types.StringType)},
		"unknown":                   {value: types.SetUnknown(types.StringType)},
		"access_producer alone":     {value: set(str("access_producer"))},
		"full catalogue":            {value: set(str(PrivilegeNames()...))},
		"several with the required": {value: set(str("access_producer", "print_card", "preview_card"))},
		"empty": {
			value:         set(nil),
			wantSummaries: []string{"Empty Privilege Set"},
			wantDetail:    `"access_producer"`,
		},
		"unknown name lists the catalogue": {
			value:         set(str("access_producer", "fly")),
			wantSummaries: []string{"Unknown Privilege"},
			wantDetail:    `"fly" is not a privilege the server knows. Valid privileges: access_producer, add_records, edit_records, deactivate_records, trash_records, erase_records, capture_photo_id, capture_signature, print_card, preview_card.`,
		},
		"missing access_producer": {
			value:         set(str("print_card")),
			wantSummaries: []string{"Missing Required Privilege"},
			wantDetail:    `Add "access_producer" to the set.`,
		},
		"unknown name and missing access_producer": {
			value:         set(str("Print_Card")),
			wantSummaries: []string{"Unknown Privilege", "Missing Required Privilege"},
		},
		"unknown element may still be access_producer": {
			value: set([]attr.Value{types.StringValue("print_card"), types.StringUnknown()}),
		},
		"unknown element does not hide a bad name": {
			value:         set([]attr.Value{types.StringValue("nope"), types.StringUnknown()}),
			wantSummaries: []string{"Unknown Privilege"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			req := validator.SetRequest{Path: path.Root("privileges"), ConfigValue: tt.value}
			resp := &validator.SetResponse{}
			Privileges().ValidateSet(context.Background(), req, resp)

			var got []string
			for _, d := range resp.Diagnostics {
				got = append(got, d.Summary())
				if tt.wantDetail != "" && !strings.Contains(d.Detail(), tt.wantDetail) {
					t.Errorf("detail %q does not contain %q", d.Detail(), tt.wantDetail)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.wantSummaries, "|") {
				t.Errorf("summaries = %q, want %q", got, tt.wantSummaries)
			}
		})
	}
}

func TestPrivilegeNamesIsACopy(t *testing.T) {
	t.Parallel()
	names := PrivilegeNames()
	names[0] = "changed"
	if PrivilegeNames()[0] != PrivilegeAccessProducer {
		t.Fatal("PrivilegeNames exposes the catalogue itself; callers could change it")
	}
}
