package tfcli

import (
	"encoding/json"
	"strings"
)

// RequireNoChanges fails the test unless `terraform plan -detailed-exitcode`
// (with extra arguments) exits 0: the server matches the configuration and
// the state, so the last apply converged.
func (w *Workspace) RequireNoChanges(extra ...string) {
	w.t.Helper()
	res := w.Run(append([]string{"plan", "-detailed-exitcode", "-no-color"}, extra...)...)
	switch {
	case res.ExitCode == 2:
		w.t.Fatalf("the plan is not empty:\n%s", Tail(res.Output(), 4000))
	case res.ExitCode != 0 || res.TimedOut:
		w.t.Fatalf("terraform %s: exit %d, timed out %v\n%s", strings.Join(res.Args, " "), res.ExitCode, res.TimedOut, Tail(res.Output(), 4000))
	}
}

// ShowJSON is `terraform show -json [planfile]`: the state, or the saved
// plan, as JSON. It fails the test unless terraform printed valid JSON.
func (w *Workspace) ShowJSON(planFile ...string) string {
	w.t.Helper()
	res := w.MustRun(append([]string{"show", "-json", "-no-color"}, planFile...)...)
	if !json.Valid([]byte(res.Stdout)) {
		w.t.Fatalf("terraform show -json printed no JSON:\n%s", Tail(res.Stdout, 2000))
	}
	return res.Stdout
}

// StateList is `terraform state list`: the address of every resource in
// the state.
func (w *Workspace) StateList() []string {
	w.t.Helper()
	return strings.Fields(w.MustRun("state", "list").Stdout)
}
