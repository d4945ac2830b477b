package provider

import (
	"slices"
	"testing"

	"github.com/apiusers/terraform-provider-apiusers/internal/store"
)

// TestRunStateBindingsAndRetired: what a deleted user held is given back
// once, to the same login id in any letter case; a retired user is
// remembered, and no other.
func TestRunStateBindingsAndRetired(t *testing.T) {
	var m runState
	m.rememberBindings("Payroll", store.Bindings{Roles: []string{"reports"}})
	if b, ok := m.takeBindings("PAYROLL"); !ok || !slices.Equal(b.Roles, []string{"reports"}) {
		t.Errorf("takeBindings = %+v, %t; want the roles remembered", b, ok)
	}
	if _, ok := m.takeBindings("payroll"); ok {
		t.Error("takeBindings gave the same bindings twice")
	}
	m.noteRetired("Binned")
	if !m.retiredHere("BINNED") || m.retiredHere("kept") {
		t.Errorf("retiredHere: binned %t, kept %t; want true, false", m.retiredHere("BINNED"), m.retiredHere("kept"))
	}
}
