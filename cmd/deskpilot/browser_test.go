package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"deskpilot/demo"
)

// desk is a running deskpilot serve loaded with a small demo desk, for
// browser and end-to-end tests.
type desk struct {
	URL   string
	Data  string
	Creds map[string]credential // by role
}

var (
	deskOnce sync.Once
	deskErr  error
	deskData string
	deskCred map[string]credential
)

// loadedData builds, once per test binary, a data folder with a small demo
// desk (600 tickets over six months) and its indexes; tests copy it.
func loadedData(t *testing.T) (string, map[string]credential) {
	t.Helper()
	deskOnce.Do(func() {
		dir, err := os.MkdirTemp("", "deskpilot-desk-")
		if err != nil {
			deskErr = err
			return
		}
		cfg := DefaultConfig()
		cfg.DataDir = dir
		ctx := context.Background()
		st, err := openStore(ctx, &cfg, discardLog())
		if err != nil {
			deskErr = err
			return
		}
		defer st.Close()
		creds, err := loadDemo(ctx, st, demo.Generate(demo.Options{Seed: 3, Tickets: 600, Months: 6}))
		if err != nil {
			deskErr = err
			return
		}
		deskCred = map[string]credential{}
		for _, c := range creds {
			deskCred[string(c.Role)] = c
		}
		deskData = dir
	})
	if deskErr != nil {
		t.Fatal(deskErr)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(deskData)); err != nil {
		t.Fatal(err)
	}
	return dir, deskCred
}

// startDesk serves a copy of the demo desk on 127.0.0.1 until the test
// ends.
func startDesk(t *testing.T, env map[string]string) *desk {
	t.Helper()
	data, creds := loadedData(t)
	return &desk{URL: startServe(t, env, "--data", data), Data: data, Creds: creds}
}

// startServe runs serve on 127.0.0.1 with the store flags given until the
// test ends, and returns its base URL.
func startServe(t *testing.T, env map[string]string, storeFlags ...string) string {
	t.Helper()
	return serveMain(t, &Main{Getenv: func(k string) string { return env[k] }}, storeFlags...).URL
}

// chromium finds Debian's Chromium. Browser tests skip without it, and
// fail when DESKPILOT_TEST_REQUIRE_BROWSER=1 (as in CI).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DESKPILOT_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("Chromium is required (DESKPILOT_TEST_REQUIRE_BROWSER=1): make setup installs it")
	}
	t.Skip("Chromium not installed: browser tests skipped (make setup installs it)")
	return ""
}

// browser starts a headless Chromium for the test, with the flags this
// closed network and running as root need. A dialog (alert) fails the
// test: no page may run a script it was fed.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	if err := chromedp.Do(ctx); err != nil {
		cancelT()
		cancelB()
		cancelA()
		t.Fatalf("start Chromium: %v", err)
	}
	var mu sync.Mutex
	var dialogs []string
	events := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, ev.Message)
			mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		if len(dialogs) > 0 {
			t.Errorf("pages opened dialogs: %q", dialogs)
		}
		mu.Unlock()
		cancelT()
		cancelB()
		cancelA()
	})
	return ctx
}

// signIn logs in through the login form as the demo user of role.
func signIn(d *desk, role string) []chromedp.Action[chromedp.Void] {
	c := d.Creds[role]
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(d.URL + "/login"),
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SendKeys(chromedp.CSS("#email"), c.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), c.Password),
		chromedp.Click(chromedp.CSS("#login-submit")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)), // signed in: the next page is there
	}
}

// textOf reads the text of the first element sel matches.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// do runs steps, failing the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// apiAs calls the JSON API with the demo token of role.
func apiAs(t *testing.T, d *desk, role, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, d.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+d.Creds[role].Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestBrowserScriptInASubjectRendersAsText(t *testing.T) {
	chromium(t)
	d := startDesk(t, nil)
	const payload = `<script>alert("xss")</script><img src=x onerror=alert(1)>`
	code, body := apiAs(t, d, "requester", http.MethodPost, "/api/v1/tickets", map[string]any{"subject": payload, "body": "my printer is on fire"})
	if code != http.StatusCreated {
		t.Fatalf("create ticket: %d %v", code, body)
	}
	ctx := browser(t)
	do(t, ctx, signIn(d, "requester")...)
	do(t, ctx, chromedp.Navigate(d.URL+"/portal/tickets"), chromedp.WaitVisible(chromedp.CSS("#my-tickets")))
	text := textOf(t, ctx, fmt.Sprintf(`#my-tickets tr[data-ticket="%v"] .subject`, body["id"]))
	if text != payload {
		t.Errorf("subject shown as %q, want the text %q", text, payload)
	}
	injected, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main script, main img").length`))
	if err != nil {
		t.Fatal(err)
	}
	if injected != 0 {
		t.Errorf("%d script or img elements were injected into the page", injected)
	}
}

func TestBrowserLoginComesBackAfterAWrongPassword(t *testing.T) {
	chromium(t)
	d := startDesk(t, nil)
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(d.URL+"/portal/tickets"),
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SendKeys(chromedp.CSS("#email"), d.Creds["requester"].Email),
		chromedp.SendKeys(chromedp.CSS("#password"), "not-the-password"),
		chromedp.Click(chromedp.CSS("#login-submit")),
		chromedp.WaitVisible(chromedp.CSS(".problem")),
	)
	if textOf(t, ctx, ".problem") == "" {
		t.Error("no message for a wrong password")
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#email"), d.Creds["requester"].Email),
		chromedp.SendKeys(chromedp.CSS("#password"), d.Creds["requester"].Password),
		chromedp.Click(chromedp.CSS("#login-submit")),
		chromedp.WaitVisible(chromedp.CSS("#my-tickets")),
	)
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(url, "/portal/tickets") {
		t.Errorf("after signing in: %s, want back at /portal/tickets", url)
	}
}
