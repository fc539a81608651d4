// Package policytest is the contract suite of assistant.PolicyStore, run
// against every store.
package policytest

import (
	"context"
	"testing"

	"deskpilot/assistant"
)

// Run runs the suite; open returns an empty store.
func Run(t *testing.T, open func(t *testing.T) assistant.PolicyStore) {
	ctx := context.Background()
	t.Run("empty store suggests everywhere", func(t *testing.T) {
		p, err := open(t).Policy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := p.Rule("Anything"); r != assistant.DefaultPolicy().Default {
			t.Errorf("rule %+v, want the default", r)
		}
	})
	t.Run("rules are stored, replaced and deleted", func(t *testing.T) {
		s := open(t)
		must(t, s.SetRule(ctx, "Accounts/Password reset", assistant.Rule{Mode: assistant.ModeAuto, Threshold: 0.9}))
		must(t, s.SetRule(ctx, "Accounts/Password reset", assistant.Rule{Mode: assistant.ModeAuto, Threshold: 0.85}))
		must(t, s.SetRule(ctx, "Security", assistant.Rule{Mode: assistant.ModeOff}))
		must(t, s.SetRule(ctx, "", assistant.Rule{Mode: assistant.ModeSuggest, Threshold: 0.7}))
		p, err := s.Policy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r, on := p.Rule("Accounts/Password reset"); r.Mode != assistant.ModeAuto || r.Threshold != 0.85 || on != "Accounts/Password reset" {
			t.Errorf("password reset: %+v on %q", r, on)
		}
		if r, on := p.Rule("Security/Phishing"); r.Mode != assistant.ModeOff || on != "Security" {
			t.Errorf("security child: %+v on %q", r, on)
		}
		if r, _ := p.Rule("Network"); r.Mode != assistant.ModeSuggest || r.Threshold != 0.7 {
			t.Errorf("default: %+v", r)
		}
		must(t, s.DeleteRule(ctx, "Security"))
		p, err = s.Policy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r, on := p.Rule("Security/Phishing"); r.Mode != assistant.ModeSuggest || on != "" {
			t.Errorf("after delete: %+v on %q", r, on)
		}
	})
	t.Run("invalid rules are refused", func(t *testing.T) {
		s := open(t)
		for _, r := range []assistant.Rule{{Mode: "always"}, {Mode: assistant.ModeAuto, Threshold: 2}} {
			if err := s.SetRule(ctx, "X", r); err == nil {
				t.Errorf("rule %+v accepted", r)
			}
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
