package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/demo"
	"deskpilot/store/postgres/pgtest"
)

// Scale-out in PostgreSQL mode: two serve processes on one database, each
// with a data folder of its own for its text index, serve one desk. The
// simulation's side of it, one run shared by the nodes, is
// TestSimulateSharedInPostgreSQL for the command and
// TestScaleOutSharesTheAdminsSimulations for serve.

// startNodes starts one serve per set of flags, all at once as a
// deployment does, and returns their base URLs once all listen.
func startNodes(t *testing.T, env map[string]string, flags ...[]string) []string {
	t.Helper()
	return startNodesWith(t, env, nil, flags...)
}

// startNodesWith is startNodes with setup called on each node's Main
// before it starts, when it is set.
func startNodesWith(t *testing.T, env map[string]string, setup func(i int, m *Main), flags ...[]string) []string {
	t.Helper()
	type started struct {
		i    int
		addr string
		code int
		errb *bytes.Buffer
	}
	ch := make(chan started, 2*len(flags))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, len(flags))
	logs := make([]*bytes.Buffer, len(flags))
	for i, f := range flags {
		var out, errb bytes.Buffer
		logs[i] = &errb
		m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] },
			Listening: func(a string) { ch <- started{i: i, addr: a} }}
		if setup != nil {
			setup(i, m)
		}
		go func() {
			code := m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, f...))
			ch <- started{i: i, code: code, errb: &errb}
			done <- struct{}{}
		}()
	}
	t.Cleanup(func() {
		cancel()
		for range flags {
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Error("serve did not stop")
				return
			}
		}
		if t.Failed() {
			for i, l := range logs {
				t.Logf("node %d log:\n%s", i, l)
			}
		}
	})
	urls := make([]string, len(flags))
	deadline := time.After(3 * time.Minute)
	for n := 0; n < len(flags); {
		select {
		case s := <-ch:
			if s.addr == "" {
				t.Fatalf("node %d exited %d: %s", s.i, s.code, s.errb.String())
			}
			urls[s.i] = "http://" + s.addr
			n++
		case <-deadline:
			t.Fatal("the nodes did not start")
		}
	}
	return urls
}

// eventually polls cond until it holds or the deadline passes: the nodes
// converge by themselves, within seconds.
func eventually(t *testing.T, within time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s; last seen: %s", what, within, last)
		}
		time.Sleep(200 * time.Millisecond) // polling a condition, not deciding it
	}
}

// chatDecision asks the self-service chat of a node and returns the done
// event's decision and reason.
func chatDecision(t *testing.T, d *desk, question string) (decision, reason string) {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"message": question})
	req, _ := http.NewRequest(http.MethodPost, d.URL+"/api/v1/chat", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+d.Creds["requester"].Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("chat: status %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		if e, ok := strings.CutPrefix(line, "event: "); ok {
			event = e
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok && event == "done" {
			var done chatDone
			if err := json.Unmarshal([]byte(data), &done); err != nil {
				t.Fatal(err)
			}
			return done.Decision, done.Reason
		}
	}
	t.Fatalf("chat: no done event (%v)", sc.Err())
	return "", ""
}

// chatDone is the part of the chat's done event the tests read.
type chatDone struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

func TestScaleOutTwoNodesOnOnePostgreSQL(t *testing.T) {
	dbURL := pgtest.New(t)
	ctx := context.Background()
	st, err := openStore(ctx, &Config{DatabaseURL: dbURL}, discardLog())
	must(t, err)
	list, err := loadDemo(ctx, st, demo.Generate(demo.Options{Seed: 11, Tickets: 300, Months: 3}))
	st.Close()
	must(t, err)
	creds := map[string]credential{}
	for _, c := range list {
		creds[string(c.Role)] = c
	}
	env := map[string]string{"DESKPILOT_INDEX_INTERVAL": "300ms"}
	urls := startNodes(t, env,
		[]string{"--database-url", dbURL, "--data", t.TempDir()},
		[]string{"--database-url", dbURL, "--data", t.TempDir()})
	a, b := &desk{URL: urls[0], Creds: creds}, &desk{URL: urls[1], Creds: creds}

	// Solved through A, with the answer...
	code, tk := apiAs(t, a, "agent", http.MethodPost, "/api/v1/tickets", map[string]any{
		"subject": "Badge reader BR5521 beeps red at door 4", "body": "My badge makes the BR5521 reader at door 4 beep red; the door stays locked."})
	if code != http.StatusCreated {
		t.Fatalf("create on A: %d %v", code, tk)
	}
	solved := int64(tk["id"].(float64))
	if code, body := apiAs(t, a, "agent", http.MethodPost, fmt.Sprintf("/api/v1/tickets/%d/messages", solved),
		map[string]any{"body": "Re-enrol the badge at the security desk: BR5521 readers drop badges after a firmware update.", "public": true}); code != http.StatusCreated {
		t.Fatalf("reply on A: %d %v", code, body)
	}
	if code, body := apiAs(t, a, "agent", http.MethodPatch, fmt.Sprintf("/api/v1/tickets/%d", solved), map[string]any{"status": "solved"}); code != http.StatusOK {
		t.Fatalf("solve on A: %d %v", code, body)
	}
	// ...it is found through B within seconds.
	eventually(t, 20*time.Second, "the ticket solved on A searchable on B", func() (bool, string) {
		code, body := apiAs(t, b, "agent", http.MethodGet, "/api/v1/search?kind=ticket&k=5&q="+urlQuery("BR5521 badge reader beeps red"), nil)
		return code == http.StatusOK && strings.Contains(fmt.Sprint(body["hits"]), "BR5521"), fmt.Sprint(code, body)
	})
	// B's assistant, asked about a new ticket like it, brings it up.
	code, tk = apiAs(t, b, "agent", http.MethodPost, "/api/v1/tickets", map[string]any{
		"subject": "BR5521 reader beeps red", "body": "The badge reader BR5521 at the lab door beeps red when I badge in."})
	if code != http.StatusCreated {
		t.Fatalf("create on B: %d %v", code, tk)
	}
	code, sug := apiAs(t, b, "agent", http.MethodGet, fmt.Sprintf("/api/v1/tickets/%d/suggestion", int64(tk["id"].(float64))), nil)
	if code != http.StatusOK {
		t.Fatalf("suggestion on B: %d %v", code, sug)
	}
	// Drafts quote the best article first (articles outweigh tickets by
	// design); the solved ticket is what the agent is shown beside it.
	if !firstIsTicket(sug["similar_tickets"], solved) {
		t.Errorf("B's suggestion does not show ticket %d solved on A first: similar %v", solved, sug["similar_tickets"])
	}

	// A policy change through A applies on B at its next answer.
	const question = "How do I connect to the VPN from home?"
	if d, r := chatDecision(t, b, question); d == "handoff" && r == "sensitive" {
		t.Fatalf("before the change B already hands off as if the policy were off")
	}
	if code, body := apiAs(t, a, "admin", http.MethodPut, "/api/v1/policy", map[string]any{"default": map[string]any{"mode": "off", "threshold": 0.8}}); code != http.StatusOK {
		t.Fatalf("policy on A: %d %v", code, body)
	}
	if d, r := chatDecision(t, b, question); d != "handoff" || r != "sensitive" {
		t.Errorf("after the policy went off through A, B answers %s (%s), want handoff (sensitive)", d, r)
	}
}

// firstIsTicket reports whether a JSON list of source links starts with
// ticket id.
func firstIsTicket(links any, id int64) bool {
	list, _ := links.([]any)
	if len(list) == 0 {
		return false
	}
	m, _ := list[0].(map[string]any)
	return m["kind"] == "ticket" && m["document_id"] == float64(id)
}
