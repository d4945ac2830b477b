package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRunTakesEveryScenarioThroughItsSteps runs the harness for real, at a
// size of two users, so that a configuration or a floor resource that no
// longer matches the provider fails here and not an hour into `make bench`.
func TestRunTakesEveryScenarioThroughItsSteps(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs the terraform CLI; set TF_ACC=1")
	}
	bin := t.TempDir()
	bins := Binaries{
		Mock:     filepath.Join(bin, "apiusers-mock"),
		APIUsers: filepath.Join(bin, "terraform-provider-apiusers"),
		Floor:    filepath.Join(bin, "terraform-provider-floor"),
	}
	for out, pkg := range map[string]string{
		bins.Mock:     "./internal/mockserver/cmd/apiusers-mock",
		bins.APIUsers: ".",
		bins.Floor:    "./internal/bench/cmd/terraform-provider-floor",
	} {
		build := exec.CommandContext(t.Context(), "go", "build", "-o", out, pkg)
		build.Dir = "../.."
		if msg, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, msg)
		}
	}
	ws, err := NewWorkspace(t.TempDir(), bins.Providers())
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []Scenario{
		{Name: "apiusers-links", Kind: KindAPIUsers, N: 2, Links: true, Batching: true},
		{Name: "apiusers-unbatched", Kind: KindAPIUsers, N: 2, MockFlags: []string{"-latency", "1ms"}},
		{Name: "floor-links", Kind: KindFloor, N: 2, Links: true},
		{Name: "vanilla-links", Kind: KindVanilla, N: 2, Links: true},
		{Name: "terraform_data", Kind: KindTerraformData, N: 2},
		{Name: "create-only", Kind: KindAPIUsers, N: 2, Batching: true, Steps: 1, MockFlags: []string{"-latency", "5ms"}},
		{Name: "plan-only", Kind: KindAPIUsers, N: 2, Batching: true, PlanOnly: true},
	} {
		progress := 0
		res := Run(t.Context(), ws, bins, sc, func(r Result) { progress = len(r.Steps) })
		want := len(stepOrder)
		if sc.Steps > 0 {
			want = sc.Steps
		}
		if sc.PlanOnly {
			want = 1
		}
		if len(res.Steps) != want || progress != want {
			t.Errorf("%s: %d steps run, progress reported %d; want %d", sc.Name, len(res.Steps), progress, want)
		}
		for _, s := range res.Steps {
			if s.Err != nil {
				t.Errorf("%s %s: %v", sc.Name, s.Step, s.Err)
			}
			// Terraform alone spends well over 10 ms of CPU on any command.
			if s.Run.TotalCPUSeconds < 0.01 || s.Run.TotalCPUSeconds < s.Run.ProviderCPUSeconds {
				t.Errorf("%s %s: total CPU %.3f s (provider %.3f s); want terraform's and the provider's",
					sc.Name, s.Step, s.Run.TotalCPUSeconds, s.Run.ProviderCPUSeconds)
			}
		}
		if sc.Kind != KindAPIUsers || sc.Steps > 0 || sc.PlanOnly || t.Failed() {
			continue
		}
		// The counts the report is made of: one sync per user without
		// batching, one or (on a busy machine) two with it; a no-op plan
		// reads the users once.
		syncs := res.Step(StepCreate).Requests["PUT /users/sync"]
		if sc.Batching && (syncs < 1 || syncs > 2) || !sc.Batching && syncs != 2 {
			t.Errorf("%s create of 2 users: %g PUT /users/sync", sc.Name, syncs)
		}
		if got := res.Step(StepPlan).Requests["GET /users"]; got != 1 {
			t.Errorf("%s no-op plan: %g GET /users, want 1", sc.Name, got)
		}
	}
}
