package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// needKind says what a ticket is about.
type needKind int

const (
	needGuide  needKind = iota // how do I ...
	needIssue                  // something is broken
	needFAQ                    // a quick question
	needError                  // an error code on screen
	needOneOff                 // nothing in the KB answers it
	needOutage                 // part of the outage wave
)

// oneOffShare is the part of the tickets no article answers.
const oneOffShare = 0.15

// need is one reason to raise a ticket, with the ways requesters put it and
// the answers agents give. Tickets are drawn from needs.
type need struct {
	kind      needKind
	area      *area
	category  string
	team      string
	subjects  []string
	asks      []string
	answers   []answer
	quotes    []string   // messages a requester may copy from the screen
	slots     [][]string // one-offs: values for {0} and {1}
	article   *plan      // the article that answers it, nil if none
	runbook   *plan      // the internal procedure agents follow, if any
	weight    float64
	effort    float64 // median business hours to resolve
	firstLine bool    // the Service Desk can close it on first contact
	busy      months
	urgency   float64
}

// answer is one way an agent resolves a need: a cause and its steps, the
// steps of a procedure, or a paragraph.
type answer struct {
	lead  string
	code  string // for error codes
	steps []string
	text  string
}

// oneOff is a request no article answers: odd hardware, one-time favours.
// {0} and {1} in its texts take one value each from slots, per ticket.
type oneOff struct {
	category, team string
	subjects       []string
	asks           []string
	answers        []string
	slots          [][]string
	weight         float64
	effort         float64
}

// needTable draws needs with monthly seasonality.
type needTable struct {
	needs []*need
	cum   [13][]float64
}

func (t *needTable) draw(r *rand.Rand, m time.Month) *need {
	return t.needs[drawWeighted(r, t.cum[m])]
}

// linkNeeds builds the needs of each language once the articles are planned,
// so that every need knows the article that answers it.
func (g *generator) linkNeeds() {
	g.needs = map[string]*needTable{
		"en": g.needTable("en", g.en, oneOffs),
		"fr": g.needTable("fr", g.fr, oneOffsFR),
	}
}

func (g *generator) needTable(lang string, areas []*area, odd []oneOff) *needTable {
	t := &needTable{}
	var areaTotal, oddTotal float64
	for _, a := range areas {
		areaTotal += a.weight
	}
	for _, o := range odd {
		oddTotal += o.weight
	}
	for _, a := range areas {
		for _, n := range g.areaNeeds(lang, a) {
			n.weight *= (1 - oneOffShare) / areaTotal
			t.needs = append(t.needs, n)
		}
	}
	for i := range odd {
		t.needs = append(t.needs, oneOffNeed(&odd[i], oneOffShare/oddTotal))
	}
	for m := time.January; m <= time.December; m++ {
		ws := make([]float64, len(t.needs))
		for i, n := range t.needs {
			ws[i] = n.weight * n.busy.at(m)
		}
		t.cum[m] = cumulative(ws)
	}
	return t
}

// areaNeeds splits an area's ticket volume over its guides, issues, FAQs
// and error codes.
func (g *generator) areaNeeds(lang string, a *area) []*need {
	b := &needBuilder{g: g, lang: lang, a: a}
	out := append(b.guides(), b.issues()...)
	out = append(out, b.faqs()...)
	out = append(out, b.errors()...)
	var sum float64
	for _, n := range out {
		sum += n.weight
	}
	for _, n := range out {
		n.weight *= a.weight / sum
	}
	return out
}

// needBuilder makes the needs of one area in one language.
type needBuilder struct {
	g    *generator
	lang string
	a    *area
}

func (b *needBuilder) base(k needKind, w float64) *need {
	a := b.a
	return &need{
		kind: k, area: a, category: a.category, team: a.team, weight: w,
		effort: a.effort, busy: a.busy, urgency: a.urgency, runbook: b.g.runbookFor(a),
	}
}

func (b *needBuilder) guides() []*need {
	var out []*need
	for i := range b.a.guides {
		gd := &b.a.guides[i]
		n := b.base(needGuide, gd.ticketWeight())
		n.subjects, n.asks, n.firstLine = gd.subjects, gd.asks, true
		n.answers = []answer{{steps: agentSteps(gd.steps)}}
		n.article = b.g.byKey[gd.key]
		out = append(out, n)
	}
	return out
}

func (b *needBuilder) issues() []*need {
	var out []*need
	for i := range b.a.issues {
		is := &b.a.issues[i]
		n := b.base(needIssue, is.ticketWeight())
		n.subjects, n.asks, n.firstLine = is.subjects, is.asks, b.a.team == teamDesk
		for _, c := range is.causes {
			if steps := agentSteps(c.steps); len(steps) == len(c.steps) || len(steps) >= 2 {
				n.answers = append(n.answers, answer{lead: c.what, steps: steps})
			}
		}
		if len(n.answers) == 0 {
			n.answers = append(n.answers, answer{lead: is.causes[0].what, steps: is.causes[0].steps})
		}
		for _, s := range is.symptoms {
			if q := quoted(s); q != "" {
				n.quotes = append(n.quotes, q)
			}
		}
		n.article = b.g.byKey[is.key]
		out = append(out, n)
	}
	return out
}

func (b *needBuilder) faqs() []*need {
	a, v := b.a, voiceFor(b.lang)
	article := b.g.byKey[faqKey(a.category, b.lang)]
	var out []*need
	for _, f := range a.faqs {
		n := b.base(needFAQ, 0.35)
		n.subjects = []string{shorten(f.q), fmt.Sprintf(v.questionSubject, capitalize(a.about())), v.questionAbout + " " + a.about()}
		n.asks, n.answers, n.firstLine = []string{f.q}, []answer{{text: f.a}}, true
		n.effort, n.article = a.effort*0.3, article
		out = append(out, n)
	}
	return out
}

func (b *needBuilder) errors() []*need {
	a, v := b.a, voiceFor(b.lang)
	article := b.g.byKey[errKey(a.category, b.lang)]
	var out []*need
	for _, e := range a.errors {
		rep := strings.NewReplacer("{code}", e.code, "{msg}", e.message, "{when}", e.when, "{system}", a.system)
		n := b.base(needError, 0.5)
		for _, s := range v.errorSubjects {
			n.subjects = append(n.subjects, rep.Replace(s))
		}
		for _, s := range v.errorAsks {
			n.asks = append(n.asks, rep.Replace(s))
		}
		n.answers = []answer{{lead: e.meaning, code: e.code, steps: agentSteps(e.fix)}}
		n.article = article
		out = append(out, n)
	}
	return out
}

func (g *generator) runbookFor(a *area) *plan {
	if len(a.runbooks) > 0 {
		return g.byKey[a.runbooks[0].key]
	}
	for _, e := range g.en {
		if e.category == a.category && len(e.runbooks) > 0 {
			return g.byKey[e.runbooks[0].key]
		}
	}
	return nil
}

func oneOffNeed(o *oneOff, scale float64) *need {
	n := &need{
		kind: needOneOff, category: o.category, team: o.team,
		subjects: o.subjects, asks: o.asks, slots: o.slots,
		weight: o.weight * scale, effort: o.effort,
	}
	for _, a := range o.answers {
		n.answers = append(n.answers, answer{text: a})
	}
	return n
}

// agentSteps drops the steps that send the requester to the Service Desk
// or tell them to raise a ticket: in the desk's own reply they make no
// sense. It keeps them all when nothing else would be left.
func agentSteps(steps []string) []string {
	var out []string
	for _, s := range steps {
		l := strings.ToLower(s)
		if !strings.Contains(l, "service desk") && !strings.Contains(l, "ticket") {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return steps
	}
	return out
}

// shorten makes a subject line out of a question.
func shorten(q string) string {
	if len(q) <= 60 {
		return q
	}
	cut := strings.LastIndexByte(q[:60], ' ')
	return q[:cut] + "..."
}

// inheritTeams gives the French areas the team and system of the English
// area of the same category, so the two never disagree.
func inheritTeams(fr, en []*area) {
	for _, f := range fr {
		for _, e := range en {
			if e.category == f.category {
				if f.team == "" {
					f.team = e.team
				}
				if f.system == "" {
					f.system = e.system
				}
				if f.effort == 0 {
					f.effort = e.effort
				}
				if f.busy == nil {
					f.busy, f.urgency = e.busy, e.urgency
				}
				if f.tags == nil {
					f.tags = e.tags
				}
				break
			}
		}
	}
}
