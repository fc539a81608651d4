package copilot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
)

// fakeHook accepts deliveries with X-Test-Signature: ok, whose body is
// {"ticket": "1", "event": "e1"}.
type fakeHook struct{}

func (fakeHook) Verify(h http.Header, body []byte, now time.Time) error {
	if h.Get("X-Test-Signature") != "ok" {
		return fmt.Errorf("%w: bad signature", copilot.ErrUnauthorized)
	}
	return nil
}

func (fakeHook) Events(h http.Header, body []byte) ([]copilot.Event, error) {
	var p struct{ Ticket, Event string }
	if err := json.Unmarshal(body, &p); err != nil || p.Ticket == "" {
		return nil, fmt.Errorf("%w: %s", copilot.ErrBadPayload, body)
	}
	return []copilot.Event{{ID: p.Event, TicketID: p.Ticket}}, nil
}

// fakeDesk is a help desk in memory whose write-backs fail on demand.
type fakeDesk struct {
	mu     sync.Mutex
	notes  map[string][]string // by ticket
	fields map[string]copilot.Fields
	writes int
	// fail is returned by the next write-backs, one each; lost makes the
	// write happen before its error (the answer lost).
	fail  []error
	lost  bool
	html  string        // the last note's HTML
	wrote chan struct{} // a signal per note written
}

func newFakeDesk() *fakeDesk {
	return &fakeDesk{notes: map[string][]string{}, fields: map[string]copilot.Fields{}, wrote: make(chan struct{}, 100)}
}

func (d *fakeDesk) Ticket(ctx context.Context, id string) (*copilot.Ticket, error) {
	if id == "404" {
		return nil, &connectors.HTTPError{Method: "GET", URL: "/tickets/404", Status: 404, Message: "RecordNotFound"}
	}
	return &copilot.Ticket{ID: id, Subject: "VPN drops", Description: "The VPN drops every hour."}, nil
}

func (d *fakeDesk) HasNote(ctx context.Context, id, marker string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, n := range d.notes[id] {
		if copilot.HasMarker(n, marker) {
			return true, nil
		}
	}
	return false, nil
}

func (d *fakeDesk) WriteBack(ctx context.Context, id string, wb copilot.WriteBack) ([]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var err error
	if len(d.fail) > 0 {
		err, d.fail = d.fail[0], d.fail[1:]
		if !d.lost {
			return nil, err
		}
	}
	if wb.Note != nil {
		d.notes[id] = append(d.notes[id], wb.Note.Text)
		d.html = wb.Note.HTML
		d.writes++
		d.wrote <- struct{}{}
	}
	d.fields[id] = wb.Fields
	return []string{"group " + wb.Fields.Team}, err
}

func (d *fakeDesk) noteCount(id string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.notes[id])
}

// fakeAssistant answers every question with a draft citing one article;
// it is sure of the category, not of the team. ans, when set, is the
// answer instead.
type fakeAssistant struct {
	mu        sync.Mutex
	questions []string
	ans       *assistant.Answer
}

func (a *fakeAssistant) Answer(ctx context.Context, req assistant.Request) (*assistant.Answer, error) {
	if req.Audience != assistant.Agent {
		return nil, errors.New("the copilot drafts for agents")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.questions = append(a.questions, req.Text)
	if a.ans != nil {
		return a.ans, nil
	}
	return &assistant.Answer{Decision: assistant.DecisionSuggest, Confidence: 0.72, Draft: "Reset your VPN token [1].",
		Citations: []assistant.Citation{{Marker: 1, ID: "kb-1", Kind: "article", Title: "Reset your VPN token", URL: "https://kb.example.com/vpn"}},
		Triage: assistant.Triage{Category: triage.Guess{Value: "Network/VPN", Confidence: 0.9},
			Team: triage.Guess{Value: "Network", Confidence: 0.3, Abstain: true}, Priority: triage.Guess{Value: "normal", Confidence: 0.8}}}, nil
}
