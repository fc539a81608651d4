package postgres

import (
	"fmt"
	"testing"
)

func TestPlan(t *testing.T) {
	a, b := key{"s", "a"}, key{"s", "b"}
	cases := []struct {
		name      string
		keys      []key
		hashes    []string
		existing  map[key]stored
		outcomes  string
		writeKeys string
	}{
		{"new", []key{b, a}, []string{"1", "2"}, nil, "[added added]", "[{s a} {s b}]"},
		{"unchanged", []key{a}, []string{"1"}, map[key]stored{a: {7, "1"}}, "[unchanged]", "[]"},
		{"changed", []key{a}, []string{"2"}, map[key]stored{a: {7, "1"}}, "[updated]", "[{s a}]"},
		{"twice in a batch, later wins", []key{a, a}, []string{"1", "2"}, nil, "[added updated]", "[{s a}]"},
		{"twice, the same", []key{a, a}, []string{"1", "1"}, nil, "[added unchanged]", "[{s a}]"},
		{"changed and back", []key{a, a}, []string{"2", "1"}, map[key]stored{a: {7, "1"}}, "[updated updated]", "[]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outcomes, write := plan(c.keys, c.hashes, c.existing)
			names := make([]string, len(outcomes))
			for i, o := range outcomes {
				names[i] = [...]string{"unchanged", "added", "updated"}[o]
			}
			keys := []key{}
			for _, i := range write {
				keys = append(keys, c.keys[i])
			}
			if got := fmt.Sprint(names); got != c.outcomes {
				t.Errorf("outcomes %s, want %s", got, c.outcomes)
			}
			if got := fmt.Sprint(keys); got != c.writeKeys {
				t.Errorf("writes %s, want %s", got, c.writeKeys)
			}
		})
	}
}

func TestMigrationsEmbedded(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Fatalf("migration %s has version %d, want %d: versions are consecutive from 1", m.name, m.version, i+1)
		}
	}
}
