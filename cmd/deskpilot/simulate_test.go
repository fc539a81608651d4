package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"deskpilot/demo"
	"deskpilot/simulation"
	"deskpilot/store/postgres/pgtest"
)

// smallHistory exports a small demo desk: 400 tickets over four months.
func smallHistory(t *testing.T) (tickets, articles string) {
	t.Helper()
	dir := t.TempDir()
	if err := demo.Generate(demo.Options{Seed: 7, Tickets: 400, Months: 4}).Export(dir); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "tickets.jsonl"), filepath.Join(dir, "articles.jsonl")
}

func readReport(t *testing.T, dir string) simulation.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, simulation.ReportJSON))
	if err != nil {
		t.Fatal(err)
	}
	var r simulation.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSimulateDemoHistory(t *testing.T) {
	tk, art := smallHistory(t)
	out := t.TempDir()
	code, stdout, stderr := run(t, nil, "simulate", "--tickets", tk, "--articles", art, "--out", out, "--json")
	if code != 0 {
		t.Fatalf("simulate: exit %d: %s", code, stderr)
	}
	var printed map[string]any
	if err := json.Unmarshal([]byte(stdout), &printed); err != nil {
		t.Fatalf("--json output: %v", err)
	}
	for _, k := range []string{"tickets", "automated", "automation_rate", "automation_rate_ci", "automated_precision", "triage",
		"per_category", "curve", "handoff_reasons", "hours_saved", "llm_cost_usd", "leaks"} {
		if _, ok := printed[k]; !ok {
			t.Errorf("report.json lacks %q", k)
		}
	}
	r := readReport(t, out)
	if r.Tickets != 400 || r.Leaks != 0 || len(r.Curve) == 0 || r.Triage["category"].Predicted == 0 {
		t.Errorf("report: tickets %d leaks %d curve %d triage %+v", r.Tickets, r.Leaks, len(r.Curve), r.Triage)
	}
	for _, f := range []string{simulation.TicketsCSV, simulation.ReportHTML, "progress.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	// Run again: everything comes from the checkpoint, same report.
	code, _, stderr = run(t, nil, "simulate", "--tickets", tk, "--articles", art, "--out", out)
	if code != 0 {
		t.Fatal(stderr)
	}
	if again := readReport(t, out); again.Automated != r.Automated || again.AutomationRate != r.AutomationRate {
		t.Errorf("resumed run differs: %d/%v vs %d/%v", again.Automated, again.AutomationRate, r.Automated, r.AutomationRate)
	}
	// Another input into the same folder is refused without --restart.
	if code, _, stderr := run(t, nil, "simulate", "--tickets", tk, "--out", out); code != 1 || !strings.Contains(stderr, "--restart") {
		t.Errorf("other run into the same folder: exit %d %s", code, stderr)
	}
}

func TestSimulateResumesAfterAKill(t *testing.T) {
	tk, art := smallHistory(t)
	full := t.TempDir()
	if code, _, stderr := run(t, nil, "simulate", "--tickets", tk, "--articles", art, "--out", full, "--concurrency", "1"); code != 0 {
		t.Fatal(stderr)
	}
	want := readReport(t, full)
	// A run killed after 150 tickets leaves 150 lines, the last one torn.
	out := t.TempDir()
	b, err := os.ReadFile(filepath.Join(full, simulation.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	partial := strings.Join(lines[:150], "") + lines[150][:len(lines[150])/2]
	if err := os.WriteFile(filepath.Join(out, simulation.ResultsFile), []byte(partial), 0o640); err != nil {
		t.Fatal(err)
	}
	runJSON, err := os.ReadFile(filepath.Join(full, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "run.json"), runJSON, 0o640); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, nil, "simulate", "--tickets", tk, "--articles", art, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	got := readReport(t, out)
	if got.Tickets != want.Tickets || got.Automated != want.Automated || got.Resolved != want.Resolved || got.Leaks != 0 {
		t.Errorf("resumed: %d tickets, %d automated, %d resolved; uninterrupted: %d, %d, %d",
			got.Tickets, got.Automated, got.Resolved, want.Tickets, want.Automated, want.Resolved)
	}
	b, _ = os.ReadFile(filepath.Join(out, simulation.ResultsFile))
	if n := strings.Count(string(b), "\n"); n != 400 {
		t.Errorf("checkpoint holds %d results after the resume, want 400 (no duplicates)", n)
	}
}

func TestSimulateAppliesThePolicy(t *testing.T) {
	tk, art := smallHistory(t)
	data := t.TempDir()
	out := t.TempDir()
	if code, _, stderr := run(t, nil, "simulate", "--tickets", tk, "--articles", art, "--out", out, "--apply-policy", "--data", data); code != 0 {
		t.Fatal(stderr)
	}
	r := readReport(t, out)
	code, stdout, stderr := run(t, nil, "policy", "--json", "--data", data)
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(stdout, `"mode": "`+string(r.Recommendation.Policy.Default.Mode)+`"`) {
		t.Errorf("stored policy %s, recommended %+v", stdout, r.Recommendation.Policy.Default)
	}
}

func TestSimulateSharedInPostgreSQL(t *testing.T) {
	url := pgtest.New(t)
	tk, art := smallHistory(t)
	env := map[string]string{"DATABASE_URL": url}
	outs := []string{t.TempDir(), t.TempDir()}
	codes := make([]int, 2)
	errs := make([]string, 2)
	done := make(chan int)
	for i := range 2 {
		go func() {
			codes[i], _, errs[i] = run(t, env, "simulate", "--tickets", tk, "--articles", art, "--out", outs[i], "--data", t.TempDir())
			done <- i
		}()
	}
	<-done
	<-done
	for i := range 2 {
		if codes[i] != 0 {
			t.Fatalf("process %d: exit %d: %s", i, codes[i], errs[i])
		}
	}
	a, b := readReport(t, outs[0]), readReport(t, outs[1])
	if a.Tickets != 400 || a.Automated != b.Automated || a.Resolved != b.Resolved || a.Leaks != 0 {
		t.Errorf("the two processes report differently: %d/%d/%d vs %d/%d/%d", a.Tickets, a.Automated, a.Resolved, b.Tickets, b.Automated, b.Resolved)
	}
	// The same run alone in this process gives the same figures.
	local := t.TempDir()
	if code, _, stderr := run(t, nil, "simulate", "--tickets", tk, "--articles", art, "--out", local); code != 0 {
		t.Fatal(stderr)
	}
	if l := readReport(t, local); l.Automated != a.Automated || l.Resolved != a.Resolved {
		t.Errorf("shared run %d/%d, local run %d/%d", a.Automated, a.Resolved, l.Automated, l.Resolved)
	}
}
