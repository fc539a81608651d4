package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"deskpilot/demo"
	"deskpilot/simulation"
	"deskpilot/store/postgres/pgtest"
	"deskpilot/tickets"
	"deskpilot/web"
)

func TestScaleOutSharesTheAdminsSimulations(t *testing.T) {
	dbURL := pgtest.New(t)
	ctx := context.Background()
	st, err := openStore(ctx, &Config{DatabaseURL: dbURL}, discardLog())
	must(t, err)
	t.Cleanup(func() { st.Close() })
	list, err := loadDemo(ctx, st, demo.Generate(demo.Options{Seed: 11, Tickets: 300, Months: 3}))
	must(t, err)
	creds := map[string]credential{}
	for _, c := range list {
		creds[string(c.Role)] = c
	}
	// Each node, after each ticket it replays, holds until the test has
	// looked at the run midway: by then both nodes have replayed tickets,
	// and the run cannot end.
	var replayed [2]atomic.Int64
	first := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
	var once [2]sync.Once
	release, stop := make(chan struct{}), make(chan struct{})
	hold := func(i int, m *Main) {
		m.onSimProgress = func(int, int) {
			replayed[i].Add(1)
			once[i].Do(func() { close(first[i]) })
			select {
			case <-release:
			case <-stop:
			}
		}
	}
	urls := startNodesWith(t, map[string]string{}, hold,
		[]string{"--database-url", dbURL, "--data", t.TempDir()},
		[]string{"--database-url", dbURL, "--data", t.TempDir()})
	t.Cleanup(func() { close(stop) }) // before the nodes stop
	a, b := &desk{URL: urls[0], Creds: creds}, &desk{URL: urls[1], Creds: creds}

	code, run := apiAs(t, a, "admin", http.MethodPost, "/api/v1/simulations", map[string]any{"target_precision": 0.9})
	if code != http.StatusAccepted {
		t.Fatalf("start through A: %d %v", code, run)
	}
	id := run["id"].(string)
	for i, node := range []string{"A", "B"} {
		select {
		case <-first[i]:
		case <-time.After(3 * time.Minute):
			t.Fatalf("node %s replayed no ticket of the run", node)
		}
	}
	// Midway, B lists the run, and both nodes show the same progress.
	code, runs := apiAs(t, b, "admin", http.MethodGet, "/api/v1/simulations", nil)
	if code != http.StatusOK || !strings.Contains(fmt.Sprint(runs["simulations"]), id) {
		t.Fatalf("B's list: %d %v, want run %s", code, runs, id)
	}
	eventually(t, 20*time.Second, "the same progress on A and B", func() (bool, string) {
		pa, pb := simProgressOf(t, a, id), simProgressOf(t, b, id)
		return pa == pb && pa.Status == web.SimRunning && pa.Done >= 2 && pa.Done < pa.Total, fmt.Sprintf("A %+v, B %+v", pa, pb)
	})
	if code, body := apiAs(t, b, "admin", http.MethodPost, "/api/v1/simulations", map[string]any{}); code != http.StatusConflict {
		t.Errorf("a second run through B while one is under way: %d %v, want 409", code, body)
	}
	close(release)

	eventually(t, 3*time.Minute, "the run done", func() (bool, string) {
		p := simProgressOf(t, b, id)
		return p.Status == web.SimDone, fmt.Sprintf("%+v", p)
	})
	for i, node := range []string{"A", "B"} {
		if replayed[i].Load() == 0 {
			t.Errorf("node %s replayed no ticket", node)
		}
	}
	_, doneA := apiAs(t, a, "admin", http.MethodGet, "/api/v1/simulations/"+id, nil)
	_, doneB := apiAs(t, b, "admin", http.MethodGet, "/api/v1/simulations/"+id, nil)
	if !reflect.DeepEqual(doneA["report"], doneB["report"]) || doneA["report"] == nil {
		t.Errorf("the reports differ: A %v, B %v", doneA["report"], doneB["report"])
	}
	// The report's files are served by both nodes, from the database.
	admin := sessionOf(t, st, creds["admin"])
	fromA := getFile(t, admin, a.URL+"/admin/simulations/"+id+"/"+simulation.ReportJSON)
	fromB := getFile(t, admin, b.URL+"/admin/simulations/"+id+"/"+simulation.ReportJSON)
	if fromA != fromB {
		t.Errorf("report.json from A and B differ")
	}
	if html := getFile(t, admin, b.URL+"/admin/simulations/"+id+"/"+simulation.ReportHTML); !strings.Contains(html, "<svg") {
		t.Errorf("report.html from B has no chart: %.200s", html)
	}
	var shared simulation.Report
	must(t, json.Unmarshal([]byte(fromB), &shared))
	if shared.Leaks != 0 || shared.Tickets == 0 {
		t.Errorf("shared run: %d tickets, %d leaks", shared.Tickets, shared.Leaks)
	}
	if int64(shared.Tickets) < replayed[0].Load()+replayed[1].Load() {
		t.Errorf("%d tickets, but the nodes replayed %d and %d: some were answered twice", shared.Tickets, replayed[0].Load(), replayed[1].Load())
	}

	// The same history replayed by one node alone gives the same figures.
	cfg := DefaultConfig()
	j, err := newSimJobs(t.TempDir(), st, &cfg, discardLog())
	must(t, err)
	alone, err := j.Start(ctx, web.SimulationOptions{TargetPrecision: 0.9, MinutesPerTicket: 8})
	must(t, err)
	runNext(ctx, j)
	got, err := j.Get(ctx, alone.ID)
	must(t, err)
	if l := got.Report; l == nil || l.Tickets != shared.Tickets || l.Automated != shared.Automated || l.Resolved != shared.Resolved || l.AutomationRate != shared.AutomationRate {
		t.Errorf("shared run %d/%d/%d (rate %v), one node alone %+v", shared.Tickets, shared.Automated, shared.Resolved, shared.AutomationRate, l)
	}
}

// simState is where a run stands, as GET /api/v1/simulations/{id}
// shows it.
type simState struct {
	Status      string
	Done, Total int
}

func simProgressOf(t *testing.T, d *desk, id string) simState {
	t.Helper()
	code, run := apiAs(t, d, "admin", http.MethodGet, "/api/v1/simulations/"+id, nil)
	if code != http.StatusOK {
		t.Fatalf("get simulation %s from %s: %d %v", id, d.URL, code, run)
	}
	done, _ := run["done"].(float64)
	total, _ := run["total"].(float64)
	status, _ := run["status"].(string)
	return simState{Status: status, Done: int(done), Total: int(total)}
}

// sessionOf opens a session for the user of c in the desk's store, as
// the login form does (without its rate limits), and returns its cookie.
// Sessions are the desk's: the cookie is good on every node.
func sessionOf(t *testing.T, st store, c credential) *http.Cookie {
	t.Helper()
	ctx := context.Background()
	u, err := st.GetUserByEmail(ctx, c.Email)
	must(t, err)
	secret := fmt.Sprintf("test-session-%d-%d", u.ID, time.Now().UnixNano())
	now := time.Now().UTC()
	must(t, st.CreateSession(ctx, &tickets.Session{ID: web.HashToken(secret), UserID: u.ID, CSRF: "unused",
		CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
	return &http.Cookie{Name: "dp_session", Value: secret}
}

// getFile GETs a page with a session cookie and returns its body,
// failing the test unless 200.
func getFile(t *testing.T, session *http.Cookie, u string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	must(t, err)
	req.AddCookie(session)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %.200s", u, resp.StatusCode, b)
	}
	return string(b)
}
