package assistant

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Mode says what the assistant may do for a category.
type Mode string

// Rollout modes: off (a person handles everything, no draft is offered),
// suggest (drafts go to an agent, the default everywhere), auto (answer
// the requester directly when confident enough, else suggest).
const (
	ModeOff     Mode = "off"
	ModeSuggest Mode = "suggest"
	ModeAuto    Mode = "auto"
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return m == ModeOff || m == ModeSuggest || m == ModeAuto }

// DefaultThreshold is the confidence an automatic answer needs when a rule
// does not set one.
const DefaultThreshold = 0.8

// Rule is the rollout of one category.
type Rule struct {
	Mode Mode `json:"mode"`
	// Threshold is the confidence from which an auto category answers on
	// its own, between 0 and 1.
	Threshold float64 `json:"threshold"`
}

// Validate checks r.
func (r Rule) Validate() error {
	if !r.Mode.Valid() {
		return fmt.Errorf("assistant: mode %q: want off, suggest or auto", r.Mode)
	}
	if r.Threshold < 0 || r.Threshold > 1 || r.Threshold != r.Threshold {
		return fmt.Errorf("assistant: threshold %v: want 0 to 1", r.Threshold)
	}
	return nil
}

// Policy is the admin's rollout: a rule per category and a default for the
// rest. A category without its own rule takes its nearest ancestor's, so
// "Accounts" on auto covers "Accounts/Password reset" unless that has its
// own rule. The zero Policy suggests everywhere.
type Policy struct {
	Default    Rule            `json:"default"`
	Categories map[string]Rule `json:"categories,omitempty"`
}

// DefaultPolicy suggests everywhere: nothing reaches a requester unchecked
// until an admin says so.
func DefaultPolicy() Policy {
	return Policy{Default: Rule{Mode: ModeSuggest, Threshold: DefaultThreshold}}
}

// Rule returns the rule for category (a taxonomy path, "" when unknown) and
// the category it was set on ("" for the default).
func (p *Policy) Rule(category string) (Rule, string) {
	for c := category; c != ""; c = parentPath(c) {
		if r, ok := p.Categories[c]; ok {
			return r, c
		}
	}
	d := p.Default
	if d.Mode == "" {
		d = DefaultPolicy().Default
	}
	return d, ""
}

// Validate checks every rule of p.
func (p *Policy) Validate() error {
	if p.Default.Mode != "" {
		if err := p.Default.Validate(); err != nil {
			return fmt.Errorf("default: %w", err)
		}
	}
	for _, c := range slices.Sorted(maps.Keys(p.Categories)) {
		if c == "" {
			return errors.New("assistant: a category rule needs a category")
		}
		if err := p.Categories[c].Validate(); err != nil {
			return fmt.Errorf("category %s: %w", c, err)
		}
	}
	return nil
}

func parentPath(c string) string {
	if i := strings.LastIndex(c, "/"); i >= 0 {
		return c[:i]
	}
	return ""
}

// PolicyStore keeps the live policy.
type PolicyStore interface {
	// Policy returns the stored policy; DefaultPolicy when none was set.
	Policy(ctx context.Context) (Policy, error)
	// SetRule sets the rule of one category, "" for the default.
	SetRule(ctx context.Context, category string, r Rule) error
	// DeleteRule removes a category's own rule, so it follows its parent.
	DeleteRule(ctx context.Context, category string) error
}

// StaticPolicy is a PolicyStore of a fixed policy, for simulations and
// tests. Its setters refuse.
type StaticPolicy Policy

// Policy returns p.
func (p StaticPolicy) Policy(context.Context) (Policy, error) { return Policy(p), nil }

// SetRule refuses: a static policy does not change.
func (StaticPolicy) SetRule(context.Context, string, Rule) error {
	return errors.New("assistant: a static policy cannot change")
}

// DeleteRule refuses: a static policy does not change.
func (StaticPolicy) DeleteRule(context.Context, string) error {
	return errors.New("assistant: a static policy cannot change")
}

var _ PolicyStore = StaticPolicy{}
