package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAdminSimulatesTheDemoHistory is the issue's "an admin starts
// a simulation on the demo history and opens its report": the page
// follows the run by itself until its report link shows.
func TestBrowserAdminSimulatesTheDemoHistory(t *testing.T) {
	chromium(t)
	d := startDesk(t, nil)
	ctx := browser(t)
	do(t, ctx, signIn(d, "admin")...)
	do(t, ctx,
		chromedp.Navigate(d.URL+"/admin/simulations"),
		chromedp.WaitVisible(chromedp.CSS("#sim-start")),
		chromedp.SetValue(chromedp.CSS("#sim-target"), "0.9"),
		chromedp.SetValue(chromedp.CSS("#sim-minutes"), "6"),
		chromedp.Click(chromedp.CSS("#sim-start-button")),
		chromedp.WaitVisible(chromedp.CSS(`#sim-runs tr[data-sim] progress`)),
	)
	// The run goes on in the background; admin.js polls it and reloads
	// the page when it ends. Wait for that, not for a time.
	wait, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.CSS(`#sim-runs tr[data-status="done"] a.report`))); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#sim-runs").innerText`))
		t.Fatalf("the run did not end with a report: %v\n%s", err, status)
	}
	if leaks := textOf(t, ctx, `#sim-runs tr[data-status="done"] .leaks`); !strings.HasSuffix(strings.TrimSpace(leaks), ": 0") {
		t.Errorf("the page shows %q, want 0 leaks", leaks)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#sim-runs tr[data-status="done"] a.report').href`))
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(href), chromedp.WaitVisible(chromedp.CSS(".cards")))
	if h1 := textOf(t, ctx, "h1"); h1 != "What the assistant would have done" {
		t.Errorf("report title %q", h1)
	}
	summary, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		const out = {};
		for (const c of document.querySelectorAll(".cards .card")) {
			out[c.querySelector("span").innerText.split(" ")[0]] = c.querySelector("b").innerText;
		}
		return out;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if summary["leaks"] != "0" {
		t.Errorf("report summary %v: want leaks 0", summary)
	}
	if !strings.HasSuffix(summary["resolved"], "%") {
		t.Errorf("report summary %v: want the automation rate first", summary)
	}
	// Its inline style applies (the report's own CSP allows it): cards
	// are laid out as a grid.
	display, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".cards")).display`))
	if err != nil || display != "grid" {
		t.Errorf("the report's style did not apply: display %q %v", display, err)
	}
	do(t, ctx, chromedp.Navigate(d.URL+"/admin"), chromedp.WaitVisible(chromedp.CSS("#kpi-cards")), chromedp.WaitVisible(chromedp.CSS("#kpi-forecast")))
	adminScreenshot(t, ctx, "screenshot-admin.png")
}

// adminScreenshot saves the page under docs/ when
// DESKPILOT_TEST_SCREENSHOTS=1, for the README.
func adminScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("DESKPILOT_TEST_SCREENSHOTS") != "1" {
		return
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
