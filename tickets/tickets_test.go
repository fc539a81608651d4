package tickets

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)

func at(d time.Duration) *time.Time { v := t0.Add(d); return &v }

func TestClock(t *testing.T) {
	p := SLAPolicy{Priority: PriorityHigh, FirstResponse: time.Hour, Resolution: 8 * time.Hour}
	cases := []struct {
		name                      string
		tk                        Ticket
		now                       time.Duration
		wantFRBreach, wantRBreach bool
		wantPaused                bool
		wantDue                   time.Duration // resolution due, from t0
		wantRemaining             time.Duration
	}{
		{"fresh", Ticket{Status: StatusNew}, 30 * time.Minute, false, false, false, 8 * time.Hour, 7*time.Hour + 30*time.Minute},
		{"no answer after 2h", Ticket{Status: StatusNew}, 2 * time.Hour, true, false, false, 8 * time.Hour, 6 * time.Hour},
		{"answered in time, checked late", Ticket{Status: StatusOpen, FirstResponseAt: at(50 * time.Minute)}, 5 * time.Hour, false, false, false, 8 * time.Hour, 3 * time.Hour},
		{"answered late", Ticket{Status: StatusOpen, FirstResponseAt: at(90 * time.Minute)}, 2 * time.Hour, true, false, false, 8 * time.Hour, 6 * time.Hour},
		{"resolution overdue", Ticket{Status: StatusOpen, FirstResponseAt: at(time.Minute)}, 9 * time.Hour, false, true, false, 8 * time.Hour, -time.Hour},
		{"pending stops the clock", Ticket{Status: StatusPending, FirstResponseAt: at(time.Minute), PendingSince: at(2 * time.Hour)}, 9 * time.Hour, false, false, true, 15 * time.Hour, 6 * time.Hour},
		{"past waits move the deadline", Ticket{Status: StatusOpen, FirstResponseAt: at(time.Minute), PausedSeconds: 3600}, 8*time.Hour + 30*time.Minute, false, false, false, 9 * time.Hour, 30 * time.Minute},
		{"solved in time stays met", Ticket{Status: StatusSolved, FirstResponseAt: at(time.Minute), ResolvedAt: at(7 * time.Hour)}, 100 * time.Hour, false, false, false, 8 * time.Hour, 0},
		{"solved late stays breached", Ticket{Status: StatusClosed, FirstResponseAt: at(time.Minute), ResolvedAt: at(10 * time.Hour)}, 100 * time.Hour, false, true, false, 8 * time.Hour, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.tk.CreatedAt = t0
			got := Clock(&c.tk, p, t0.Add(c.now))
			if got.FirstResponseBreached != c.wantFRBreach || got.ResolutionBreached != c.wantRBreach || got.Paused != c.wantPaused {
				t.Fatalf("breaches fr=%v res=%v paused=%v, want %v %v %v", got.FirstResponseBreached, got.ResolutionBreached, got.Paused, c.wantFRBreach, c.wantRBreach, c.wantPaused)
			}
			if !got.ResolutionDue.Equal(t0.Add(c.wantDue)) || got.ResolutionRemaining != c.wantRemaining {
				t.Fatalf("due %v remaining %v, want %v %v", got.ResolutionDue.Sub(t0), got.ResolutionRemaining, c.wantDue, c.wantRemaining)
			}
		})
	}
}

func TestPolicyForFallsBack(t *testing.T) {
	stored := []SLAPolicy{{Priority: PriorityNormal, FirstResponse: time.Minute, Resolution: time.Hour}}
	if p := PolicyFor(stored, PriorityUrgent); p.FirstResponse != time.Minute {
		t.Fatalf("urgent with only normal stored: %+v, want the stored normal policy", p)
	}
	if p := PolicyFor(nil, PriorityLow); p.Resolution != 7*24*time.Hour {
		t.Fatalf("no policies: %+v, want the default low", p)
	}
	if p := PolicyFor(nil, ""); p.Priority != PriorityNormal {
		t.Fatalf("no priority: %+v, want normal", p)
	}
}

func TestLifecycle(t *testing.T) {
	allowed := map[[2]Status]bool{}
	for _, pair := range [][2]Status{
		{StatusNew, StatusOpen}, {StatusNew, StatusPending}, {StatusNew, StatusSolved}, {StatusNew, StatusClosed},
		{StatusOpen, StatusPending}, {StatusOpen, StatusSolved}, {StatusOpen, StatusClosed},
		{StatusPending, StatusOpen}, {StatusPending, StatusSolved}, {StatusPending, StatusClosed},
		{StatusSolved, StatusOpen}, {StatusSolved, StatusClosed},
	} {
		allowed[pair] = true
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if got := CanTransition(from, to); got != allowed[[2]Status{from, to}] {
				t.Errorf("CanTransition(%s, %s) = %v", from, to, got)
			}
		}
	}
	if CanTransition("bogus", StatusOpen) {
		t.Error("an unknown status moves")
	}
}

func TestTaxonomyPaths(t *testing.T) {
	cases := []struct{ in, clean, parent, name, ancestors string }{
		{" Network / VPN/ ", "Network/VPN", "Network", "VPN", "[Network Network/VPN]"},
		{"A//B/C", "A/B/C", "A/B", "C", "[A A/B A/B/C]"},
		{"Root", "Root", "", "Root", "[Root]"},
		{"", "", "", "", "[]"},
	}
	for _, c := range cases {
		got := CleanCategoryPath(c.in)
		cat := Category{Path: got}
		if got != c.clean || cat.Parent() != c.parent || cat.Name() != c.name || fmt.Sprint(Ancestors(got)) != c.ancestors {
			t.Errorf("%q: clean %q parent %q name %q ancestors %v", c.in, got, cat.Parent(), cat.Name(), Ancestors(got))
		}
	}
}

func TestQuestionAndAnswer(t *testing.T) {
	tk := Ticket{Subject: "Printer", Messages: []Message{
		{Author: AuthorSystem, Body: "auto-reply", Public: true},
		{Author: AuthorRequester, Body: "It jams", Public: true},
		{Author: AuthorAgent, Body: "Open tray 2", Public: true},
		{Author: AuthorAgent, Body: "note to self", Public: false},
	}}
	if q := tk.Question(); q != "Printer\n\nIt jams" {
		t.Errorf("question %q", q)
	}
	if a := tk.Answer(); a != "Open tray 2" {
		t.Errorf("answer %q: the last public agent message, not an internal note", a)
	}
	tk.Resolution = "Replaced the fuser"
	if a := tk.Answer(); a != "Replaced the fuser" {
		t.Errorf("answer with a resolution: %q", a)
	}
}

func TestHashSeesEveryImportedField(t *testing.T) {
	base := func() Ticket {
		return Ticket{Subject: "s", Status: StatusOpen, CreatedAt: t0, Messages: []Message{{Author: AuthorRequester, Body: "b", Public: true, CreatedAt: t0}}}
	}
	b := base()
	h := b.Hash()
	changes := map[string]func(*Ticket){
		"subject":        func(t *Ticket) { t.Subject = "x" },
		"status":         func(t *Ticket) { t.Status = StatusSolved },
		"category":       func(t *Ticket) { t.Category = "A" },
		"tags":           func(t *Ticket) { t.Tags = []string{"x"} },
		"message body":   func(t *Ticket) { t.Messages[0].Body = "c" },
		"message public": func(t *Ticket) { t.Messages[0].Public = false },
		"resolved":       func(t *Ticket) { t.ResolvedAt = at(time.Hour) },
	}
	for name, change := range changes {
		tk := base()
		change(&tk)
		if tk.Hash() == h {
			t.Errorf("changing the %s keeps the hash: re-imports would miss the change", name)
		}
	}
	same := base()
	same.ID, same.AssigneeID, same.ReopenCount = 9, 3, 2 // local state, not imported content
	if same.Hash() != h {
		t.Error("local state changes the hash")
	}
}

func TestRoles(t *testing.T) {
	if !RoleAdmin.AtLeast(RoleAgent) || RoleRequester.AtLeast(RoleAgent) || Role("").AtLeast(RoleRequester) {
		t.Fatal("role order broken")
	}
}
