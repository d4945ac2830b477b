package validators

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// PrivilegeAccessProducer opens a project at all; the server refuses any
// privilege set without it (API.md, Projects and privileges).
const PrivilegeAccessProducer = "access_producer"

// privilegeCatalogue is API.md's privilege catalogue (seed 004), in its order.
// The server has no endpoint listing privileges, so the provider carries it.
var privilegeCatalogue = []string{
	PrivilegeAccessProducer,
	"add_records", "edit_records", "deactivate_records",
	"trash_records", "erase_records",
	"capture_photo_id", "capture_signature",
	"print_card", "preview_card",
}

// PrivilegeNames returns a copy of the privilege catalogue in API.md's order.
func PrivilegeNames() []string { return slices.Clone(privilegeCatalogue) }

var _ validator.Set = privilegesValidator{}

// privilegesValidator checks a set of privilege names the way the server
// would, so that a bad set fails at plan time rather than half-way through an
// apply.
type privilegesValidator struct{}

// Privileges returns a set validator for a set of strings: the set is not
// empty, every name is in the catalogue and the set contains
// access_producer. Null and unknown sets are skipped; unknown elements are
// skipped, and while any element is unknown the access_producer rule waits
// for apply-time planning (the unknown one may be it).
func Privileges() validator.Set { return privilegesValidator{} }

func (privilegesValidator) Description(_ context.Context) string {
	return fmt.Sprintf("must be a non-empty set of privileges from %s that contains %q",
		strings.Join(privilegeCatalogue, ", "), PrivilegeAccessProducer)
}

func (v privilegesValidator) MarkdownDescription(_ context.Context) string {
	return "must be a non-empty set of privileges from `" + strings.Join(privilegeCatalogue, "`, `") +
		"` that contains `" + PrivilegeAccessProducer + "`"
}

func (privilegesValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	if len(elems) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty Privilege Set",
			"The privilege set is empty, but the server needs at least "+strconv.Quote(PrivilegeAccessProducer)+
				". To take every privilege on a project away from a user, remove this resource instead.")
		return
	}
	allKnown := true
	hasAccessProducer := false
	for _, e := range elems {
		s, ok := e.(types.String)
		if !ok || s.IsUnknown() {
			allKnown = false
			continue
		}
		if s.IsNull() {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid Privilege",
				"The privilege set contains a null value. Remove it or replace it with one of: "+
					strings.Join(privilegeCatalogue, ", ")+".")
			continue
		}
		name := s.ValueString()
		if name == PrivilegeAccessProducer {
			hasAccessProducer = true
		}
		if !slices.Contains(privilegeCatalogue, name) {
			resp.Diagnostics.AddAttributeError(req.Path, "Unknown Privilege",
				strconv.Quote(name)+" is not a privilege the server knows. Valid privileges: "+
					strings.Join(privilegeCatalogue, ", ")+".")
		}
	}
	if allKnown && !hasAccessProducer {
		resp.Diagnostics.AddAttributeError(req.Path, "Missing Required Privilege",
			"Every privilege requires "+strconv.Quote(PrivilegeAccessProducer)+" (it opens the project at all), "+
				"and the server refuses a set without it. Add "+strconv.Quote(PrivilegeAccessProducer)+" to the set.")
	}
}
