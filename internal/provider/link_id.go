package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// This file holds the ids of the two link resources (a user's role, a user's
// privileges on a project): their form, their parsing and their import.
//
// Both are identified by two server ids joined with a slash:
// "<role_id>/<login_id>", "<project_id>/<login_id>". A login id cannot hold a
// slash (API.md: A-Z a-z 0-9 . _ @ -) and role_id and project_id are refused
// with one (idHalfValidator), so the split is unambiguous.
const idSeparator = "/"

// twoPartID names the two halves of such an id, e.g. {"role_id", "login_id"}.
// The names are the resource's attribute names, so that messages and the
// import documentation show exactly what goes where.
type twoPartID struct {
	first, second string
	// example is a valid id shown in messages and documentation.
	example string
}

// format is the expected form, e.g. "<role_id>/<login_id>".
func (f twoPartID) format() string {
	return "<" + f.first + ">" + idSeparator + "<" + f.second + ">"
}

// join builds the id from its two halves.
func (f twoPartID) join(first, second string) string {
	return first + idSeparator + second
}

// withLogFields adds both halves to the log context under their attribute
// names, so that every log line of an operation says which link it is about.
func (f twoPartID) withLogFields(ctx context.Context, first, second string) context.Context {
	ctx = tflog.SetField(ctx, f.first, first)
	return tflog.SetField(ctx, f.second, second)
}

// parse splits id into its halves; both must be non-empty and there must be
// exactly one separator.
func (f twoPartID) parse(id string) (first, second string, err error) {
	first, second, ok := strings.Cut(id, idSeparator)
	if !ok || first == "" || second == "" || strings.Contains(second, idSeparator) {
		return "", "", fmt.Errorf("expected an id of the form %s, got %q", f.format(), id)
	}
	return first, second, nil
}

// importState is the ImportState of a resource identified by f: it takes
// the import id (or, importing by identity, the identity's two attributes)
// and writes both halves, the id itself and the identity; Read then fills in
// the rest from the server. ok is false when diags says why the import
// cannot go on.
func (f twoPartID) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) (first, second string, ok bool) {
	identity := f.identity()
	halves, ok := identity.importValues(ctx, req, f.split, &resp.Diagnostics)
	if !ok {
		return "", "", false
	}
	first, second = halves[0], halves[1]
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(f.first), first)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(f.second), second)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), f.join(first, second))...)
	identity.set(ctx, resp.Identity, halves, &resp.Diagnostics)
	return first, second, !resp.Diagnostics.HasError()
}

// split is parse for an import id, with the error an import shows.
func (f twoPartID) split(id string) ([]string, error) {
	first, second, err := f.parse(id)
	if err != nil {
		return nil, fmt.Errorf("The import id %q cannot be used. Give it as %s, e.g. %q."+causeLabel+"%w", id, f.format(), f.example, err) //nolint:staticcheck // ST1005: a diagnostic's detail, a full sentence
	}
	return []string{first, second}, nil
}

// idHalfValidator checks a role or project id: non-empty and without the
// separator, so that the id built from it parses back into the same halves.
var idHalfValidator = stringvalidator.RegexMatches(regexp.MustCompile(`^[^/]+$`),
	"must be non-empty and must not contain \""+idSeparator+"\", which separates the halves of the resource id")
