package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/apiusers/terraform-provider-apiusers/internal/client"
)

// This file answers one question for the plan-time "already exists" checks:
// is this create the replacement of an object this configuration already
// manages? Terraform plans the create half of a replacement with a null
// prior state, so without an answer the check would find the very object
// being replaced, and `-replace`, a tainted resource and a destroy with a
// tainted resource would all fail at plan (dead ends that only `untaint` or
// `state rm` escape). Two signals answer it:
//
//   - For -replace and for a change that forces replacement, Terraform plans
//     the prior state first and passes that call's private data into the
//     create half's. Every object carries its server-side identity in its
//     private data (set at create, import and refresh), so the create half
//     sees what it replaces.
//   - A tainted object is planned only once, with a null prior state and no
//     private data. But Terraform refreshes it first, in the same provider
//     process, so the refresh records what it read (runState).
//
// A plan made with -refresh=false for a tainted object has neither signal;
// the check then fails as for a new object, with its import block.
//
// The registry cannot tell a tainted object from one that another address
// destroys in the same plan: a resource renamed without a `moved` block, or
// a `for_each` key changed, is refreshed at its old address (an orphan)
// while its new address plans the create. Whether that Read came before the
// create's plan was chance, and so was the outcome. planObject decides it
// instead, as claimUserRoles decides role conflicts: Terraform calls
// ModifyPlan for each create and each destroy, in every plan and with
// -refresh=false too, so a create and a destroy of one object in one plan
// always meet, and whichever is planned second fails the plan. The paths
// that legitimately destroy and create one object never plan the destroy
// on its own: -replace and a forced replacement plan the prior state as an
// update, then the create; a tainted object is planned once, as a create.

// privateManagesKey is the private-data key holding the object's identity.
const privateManagesKey = "manages"

// objectKey names a server object of one resource type, e.g.
// "apiusers_api_user/payroll": its ids folded as login ids are, the one
// case-insensitive part (a catalogue id, checked exactly, folds harmlessly).
func objectKey(typeName string, ids ...string) string {
	return typeName + "/" + client.LoginKey(strings.Join(ids, "/"))
}

// recordManaged marks the object as managed by this state: in its private
// data, and in this run's registry.
func (d *providerData) recordManaged(ctx context.Context, private privateSetter, key string, diags *diag.Diagnostics) {
	setPrivate(ctx, private, privateManagesKey, key, diags)
	if d != nil {
		d.run.add(key)
	}
}

// replacesManaged reports whether a create planned for key replaces an
// object this state manages (see the file comment).
func (d *providerData) replacesManaged(ctx context.Context, priorPrivate privateGetter, key string) bool {
	var prior string
	if getPrivate(ctx, priorPrivate, privateManagesKey, &prior) && prior == key {
		return true
	}
	return d != nil && d.run.has(key)
}

// plannedAs is what this run plans for one object.
type plannedAs struct{ created, destroyed bool }

// plannedObject names an object a resource creates or destroys, for
// planObject's message.
type plannedObject struct {
	key      string // the managed-object key (objectKey)
	resource string // the resource type, e.g. "apiusers_api_user"
	what     string // the object in words, e.g. `API user "billing-sync"`
	// loss is what the apply could do when it runs the two in the wrong
	// order, completing "the apply may ...".
	loss string
}

// planObject records that this run creates o (destroy false) or destroys
// it, and fails the plan when it does both (see the file comment). The
// error of a create is on its attribute at; a destroy's on the resource.
// It reports whether the plan failed.
func (d *providerData) planObject(o plannedObject, destroy bool, at path.Path, diags *diag.Diagnostics) bool {
	if d == nil || !d.run.plan(o.key, destroy) {
		return false
	}
	detail := fmt.Sprintf("This plan destroys %[1]s at one address of %[2]s and creates it at another, for example because the resource was renamed "+
		"or its for_each key changed without a moved block. Terraform runs the two in no fixed order, so the apply may %[3]s. "+
		"If the object moved, tell Terraform so, with the old and the new address (shown with the errors of this plan), and plan again:\n\n"+
		"moved {\n  from = %[2]s.<OLD NAME>\n  to   = %[2]s.<NEW NAME>\n}\n\n"+
		"If you mean to delete it and create it anew, apply the removal first, then the addition.",
		o.what, o.resource, o.loss)
	if o.resource == apiUserType {
		detail += "\n\n" + createBeforeDestroyHint
	}
	if destroy {
		diags.AddError("Object Destroyed and Created in One Plan", detail)
	} else {
		diags.AddAttributeError(at, "Object Destroyed and Created in One Plan", detail)
	}
	return true
}

// Who manages a user's roles. apiusers_user_roles owns every role of its
// user (it is authoritative); apiusers_role_assignment owns one. Both in one
// run for the same user fight: the authoritative resource takes away the
// role an assignment gives, or, when it lists that role, destroying the
// assignment takes the role away behind its back; each apply undoes the
// other. Terraform plans every resource of a run in one provider process, so
// each of the two resources claims, in its ModifyPlan, the roles it manages
// (claimUserRoles), and a claim that conflicts with one recorded before it
// fails that plan.
//
// Why the plan fails whatever the order, although Terraform plans resources
// in parallel: a claim is compared with the claims recorded before it and
// recorded itself under one mutex, so of two conflicting claims one is
// recorded first and the second sees it and adds the error. Both do claim:
// Terraform calls ModifyPlan for every resource it plans, changed or not,
// with -refresh=false too, and for a resource it destroys (with a null plan;
// that claim is made from the state). So at least one of the two ModifyPlans
// errors, and one error fails the plan.
//
// Read does not claim: a claim with no ModifyPlan of its own after it would
// fail the plan only when another resource happened to be planned later,
// and a resource refreshed but not planned (a `removed` block with
// `destroy = false`, -refresh-only) changes no role. A plan with -target
// checks only the targeted resources; a login id known only at apply cannot
// be claimed. Each provider configuration is its own process: resources
// using different aliases of the provider are not compared.

// roleClaim is one resource's claim, in this run, on the roles of a user.
type roleClaim struct {
	resource string // the resource type, e.g. "apiusers_role_assignment"
	id       string // the resource's id, e.g. "reports/billing-sync"
	// roles are the roles the resource gives or, destroyed, takes away;
	// rolesUnknown means they are known only at apply.
	roles        []string
	rolesUnknown bool
	destroy      bool // planned for destroy: it takes its roles away
}

// conflictsWith reports whether c and o, claims on the same user, fight.
// Claims of one resource type never do: role assignments of a user add up,
// and two claims of apiusers_user_roles cannot be told from one resource
// planned twice (Terraform plans a replacement in two calls). Two resources
// that stay fight always (see above). A destroyed resource fights one that
// stays only over a role both touch: Terraform orders the two in no way, so
// the destroy may take the role away after the other gave it; two destroys
// both only take roles away.
func (c roleClaim) conflictsWith(o roleClaim) bool {
	switch {
	case c.resource == o.resource, c.destroy && o.destroy:
		return false
	case !c.destroy && !o.destroy:
		return true
	default:
		return c.rolesUnknown || o.rolesUnknown || slices.ContainsFunc(c.roles, func(r string) bool { return slices.Contains(o.roles, r) })
	}
}

// claimUserRoles claims loginID's roles for c in this run and adds an error
// for each resource it conflicts with.
func (d *providerData) claimUserRoles(loginID string, c roleClaim, diags *diag.Diagnostics) {
	if d == nil {
		return
	}
	for _, o := range d.run.claimRoles(loginID, c) {
		diags.AddError("Conflicting Role Resources", roleConflictDetail(c, o))
	}
}

// roleConflictDetail explains a conflict between two claims on a user's
// roles, naming both resources, the apiusers_user_roles one first, and the
// user as it spells the login id (the same whichever claim came second).
func roleConflictDetail(c, o roleClaim) string {
	all, one := c, o
	if one.resource == userRolesType {
		all, one = one, all
	}
	loginID := all.id
	both := fmt.Sprintf("%s for login id %s and %s %s", all.resource, loginID, one.resource, one.id)
	role := "its role"
	if !one.rolesUnknown && len(one.roles) == 1 {
		role = fmt.Sprintf("role %q", one.roles[0])
	}
	moveHint := "To move a role from one to the other without taking it away meanwhile, remove the resource you give up from the state " +
		"instead of destroying it (a `removed` block with `lifecycle { destroy = false }`, or `terraform state rm`), then plan again."
	switch {
	case one.destroy:
		return fmt.Sprintf("%s both manage the roles of %s in this run: the assignment is destroyed while %s lists %s, "+
			"and Terraform runs the two in no fixed order, so destroying the assignment may take %s away from %s after %s has given it. %s",
			both, loginID, all.resource, role, role, loginID, all.resource, moveHint)
	case all.destroy:
		return fmt.Sprintf("%s both manage the roles of %s in this run: %s is destroyed, which takes away every role in its state, %s among them, "+
			"while the assignment gives it, in no fixed order, so %s may be left without %s. %s",
			both, loginID, all.resource, role, loginID, role, moveHint)
	default:
		return fmt.Sprintf("%s both manage the roles of %s; an authoritative %s would remove %s unless role_ids lists it, "+
			"and destroying the assignment would take away a role that %s lists, so each apply would undo the other. "+
			"Use one or the other for a user: list every role of %s in role_ids of %s and remove the %s resources of %s, "+
			"or remove %s and assign each role with %s. %s",
			both, loginID, all.resource, role, all.resource,
			loginID, all.resource, one.resource, loginID,
			all.resource, one.resource, moveHint)
	}
}

// movedNotImportedHint keeps an "already exists" error from advising an
// import of an object this state manages at another address.
const movedNotImportedHint = "If this state already manages it at another address (the resource was renamed, or its for_each key changed), do not import it: " +
	"add a moved block from the old address to the new one instead."

// destroyRefreshHint tells how a plan-time check stops terraform destroy.
// Unless given -refresh=false, terraform destroy first makes a normal plan
// of the configuration to refresh the state, and fails when that plan does.
// The provider cannot tell that plan from any other (Terraform sends it no
// sign of the destroy to come), so a check of a create the destroy will
// never make, or of a conflict the destroy ends, stops the destroy too.
const destroyRefreshHint = "If this error stops terraform destroy: a destroy first plans the configuration to refresh the state, and this check is part of that plan, " +
	"although the destroy will not make the change checked. Run terraform destroy -refresh=false instead: it destroys what the state holds without planning the configuration."

// hintDestroyRefresh adds destroyRefreshHint to each error in diags from
// index from on (the errors of one ModifyPlan), before the cause on its
// causeLabel paragraph, which stays last.
func hintDestroyRefresh(diags *diag.Diagnostics, from int) {
	for i := from; i < len(*diags); i++ {
		d := (*diags)[i]
		if d.Severity() != diag.SeverityError || refusedWithoutRefresh[d.Summary()] {
			continue
		}
		detail, cause, hasCause := strings.Cut(d.Detail(), causeLabel)
		detail += "\n\n" + destroyRefreshHint
		if hasCause {
			detail += causeLabel + cause
		}
		if p, ok := d.(diag.DiagnosticWithPath); ok {
			(*diags)[i] = diag.NewAttributeErrorDiagnostic(p.Path(), d.Summary(), detail)
		} else {
			(*diags)[i] = diag.NewErrorDiagnostic(d.Summary(), detail)
		}
	}
}
