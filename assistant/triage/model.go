package triage

import (
	"slices"
	"sort"
	"time"

	"deskpilot/tickets"
)

// Label names one field the model predicts.
type Label string

// The labels of formats.md.
const (
	LabelCategory Label = "category"
	LabelTeam     Label = "team"
	LabelPriority Label = "priority"
)

// Labels lists every label in report order.
var Labels = []Label{LabelCategory, LabelTeam, LabelPriority}

// Example is one past ticket to learn from: its question and the labels an
// agent gave it. A missing or empty label is simply not learnt from this
// ticket. Time orders examples, so that the held-out tickets used for
// tuning and calibration are the most recent ones, as new tickets will be.
type Example struct {
	Text   string
	Labels map[Label]string
	Time   time.Time
}

// FromTicket returns the example a stored ticket teaches: its question
// (subject and first requester message) and its category, team and
// priority.
func FromTicket(t *tickets.Ticket) Example {
	labels := make(map[Label]string, 3)
	for l, v := range map[Label]string{LabelCategory: t.Category, LabelTeam: t.Team, LabelPriority: string(t.Priority)} {
		if v != "" {
			labels[l] = v
		}
	}
	return Example{Text: t.Question(), Labels: labels, Time: t.CreatedAt}
}

// Scored is a candidate value with its calibrated confidence.
type Scored struct {
	Value      string  `json:"value"`
	Confidence float64 `json:"confidence"`
}

// Guess is the model's answer for one label. Value is always one of the
// values seen in training, even when the model abstains, so that a caller
// can still show it as a weak hint. Confidence is the calibrated
// probability that Value is right.
type Guess struct {
	Value      string  `json:"value"`
	Confidence float64 `json:"confidence"`
	// Abstain is set when Confidence is below the label's threshold or the
	// text has no word the model knows: leave the field to a human.
	Abstain bool `json:"abstain"`
	// Raised is set when Value is one priority level above the model's
	// guess because the requester is clearly frustrated (see Sentiment);
	// Confidence and Abstain remain those of the model's own guess.
	Raised bool `json:"raised,omitempty"`
	// Alternatives are the next most likely values, best first.
	Alternatives []Scored `json:"alternatives,omitempty"`
}

// Prediction is what the model says about one ticket.
type Prediction struct {
	Labels map[Label]Guess `json:"labels"`
	// Frustrated and Sentiment are the result of Sentiment on the text.
	Frustrated bool    `json:"frustrated"`
	Sentiment  float64 `json:"sentiment"`
}

// maxAlternatives is how many runner-up values a Guess lists.
const maxAlternatives = 3

// Model predicts labels of new tickets; get one from Train or
// UnmarshalBinary. It is safe for concurrent use.
// Retrain by calling Train on the tickets of the store again: it takes
// seconds, and a fresh fit re-tunes and re-calibrates on the newest
// tickets, which incremental updates would not.
type Model struct {
	an    analyzer
	vocab *vocabulary
	heads map[Label]*head
	raise bool // raise priority for frustrated requesters
}

// head predicts one label.
type head struct {
	classes     []string
	lin         *linear // nil when training saw a single class
	temperature float64
	threshold   float64
	// The hyper-parameters chosen on the held-out tickets, for reports.
	c, balance float64
}

// Labels returns the labels the model predicts, in report order.
func (m *Model) Labels() []Label {
	var out []Label
	for _, l := range Labels {
		if m.heads[l] != nil {
			out = append(out, l)
		}
	}
	return out
}

// Classes returns the values of label seen in training, sorted.
func (m *Model) Classes(l Label) []string {
	if h := m.heads[l]; h != nil {
		return slices.Clone(h.classes)
	}
	return nil
}

// Threshold returns the confidence below which the model abstains on l.
func (m *Model) Threshold(l Label) float64 {
	if h := m.heads[l]; h != nil {
		return h.threshold
	}
	return 0
}

// Predict returns a guess for every label the model was trained on.
func (m *Model) Predict(text string) Prediction {
	x := m.vocab.vector(m.an.terms(text))
	p := Prediction{Labels: make(map[Label]Guess, len(m.heads))}
	p.Frustrated, p.Sentiment = Sentiment(text)
	for l, h := range m.heads {
		g := h.guess(x)
		if l == LabelPriority && m.raise && p.Frustrated {
			g = raisePriority(g, h.classes)
		}
		p.Labels[l] = g
	}
	return p
}

// probabilities returns the calibrated probability of each class for x.
func (h *head) probabilities(x sparse) []float64 {
	s := make([]float64, len(h.classes))
	if h.lin == nil {
		s[0] = 1
		return s
	}
	h.lin.scores(x, s)
	softmax(s, h.temperature)
	return s
}

func (h *head) guess(x sparse) Guess {
	probs := h.probabilities(x)
	order := make([]int, len(probs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return probs[order[a]] > probs[order[b]] })
	g := Guess{Value: h.classes[order[0]], Confidence: probs[order[0]]}
	g.Abstain = len(x.idx) == 0 || g.Confidence < h.threshold
	for _, i := range order[1:min(len(order), maxAlternatives+1)] {
		g.Alternatives = append(g.Alternatives, Scored{h.classes[i], probs[i]})
	}
	return g
}

// raisePriority moves a priority guess one level up the order of
// tickets.Priorities, to the next level seen in training: a clearly
// frustrated requester has waited or been failed already. Values outside
// that order are left alone.
func raisePriority(g Guess, seen []string) Guess {
	rank := tickets.Priority(g.Value).Rank()
	if rank < 0 {
		return g
	}
	for _, p := range tickets.Priorities[rank+1:] {
		if slices.Contains(seen, string(p)) {
			g.Value, g.Raised = string(p), true
			return g
		}
	}
	return g
}
