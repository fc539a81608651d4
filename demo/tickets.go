package demo

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"deskpilot/connectors/files"
	"deskpilot/tickets"
)

// seedTicket is a ticket before it is written: when, who, about what.
type seedTicket struct {
	at     time.Time
	need   *need
	person *person
	lang   string
}

// writeTickets draws the arrivals, sorts them, numbers them in order of
// creation and writes each conversation.
func (g *generator) writeTickets() []files.Ticket {
	r := rand.New(rand.NewPCG(g.opts.Seed, hash64("tickets")))
	seeds := g.seedTickets(r)
	out := make([]files.Ticket, len(seeds))
	for i, s := range seeds {
		id := fmt.Sprintf("NW-%d", 10001+i)
		if s.need.kind == needOutage {
			out[i] = g.outageTicket(r, id, s)
			continue
		}
		d := &draft{g: g, r: r, v: voiceFor(s.lang), n: s.need, p: s.person}
		out[i] = d.write(id, s)
	}
	return out
}

func (g *generator) seedTickets(r *rand.Rand) []seedTicket {
	cal := newCalendar(g.start, g.end)
	n := g.opts.Tickets - g.outage.count
	seeds := make([]seedTicket, 0, g.opts.Tickets)
	for i := 0; i < n; i++ {
		at := cal.arrival(r)
		p := g.requester(r)
		lang := p.lang
		if lang == "fr" && chance(r, 0.12) {
			lang = "en" // some French colleagues write to IT in English
		}
		seeds = append(seeds, seedTicket{at: at, need: g.needs[lang].draw(r, at.Month()), person: p, lang: lang})
	}
	seeds = append(seeds, g.outageSeeds(r)...)
	sort.SliceStable(seeds, func(i, j int) bool { return seeds[i].at.Before(seeds[j].at) })
	return seeds
}

// draft is one ticket being written.
type draft struct {
	g          *generator
	r          *rand.Rand
	v          *voice
	n          *need
	p          *person
	t          files.Ticket
	slots      []string // placeholder, value, ... for one-offs
	agent      agent
	frustrated bool
	resolved   time.Time
}

var channelCum = cumulative([]float64{38, 31, 17, 14})
var channels = []string{"email", "portal", "chat", "phone"}

func (d *draft) write(id string, s seedTicket) files.Ticket {
	r, n := d.r, d.n
	d.t = files.Ticket{
		ID: id, CreatedAt: s.at, Requester: d.p.email, Category: n.category, Team: n.team,
		Language: s.lang, Channel: channels[drawWeighted(r, channelCum)],
	}
	d.slots = fillSlots(r, n.slots)
	d.frustrated = n.kind != needFAQ && chance(r, 0.045)
	d.t.Priority = string(d.priority())
	if n.firstLine && n.team != teamDesk && chance(r, 0.22) {
		d.t.Team = teamDesk // simple enough for first line to close
	}
	d.agent = d.g.agentFor(r, d.t.Team, s.lang)
	d.t.Subject = d.subject()
	if n.area != nil && len(n.area.tags) > 0 {
		d.t.Tags = []string{n.area.tags[0]}
	}
	if d.frustrated {
		d.t.Tags = append(d.t.Tags, "escalated")
	}
	d.converse()
	d.finish()
	return d.t
}

// fillSlots picks one value per slot; every text of the ticket uses the
// same values.
func fillSlots(r *rand.Rand, slots [][]string) []string {
	var pairs []string
	for i, s := range slots {
		pairs = append(pairs, "{"+string(rune('0'+i))+"}", pick(r, s))
	}
	return pairs
}

// priority is mostly normal; some areas run hotter; FAQs are never pressing.
// A frustrated requester gets it raised a level.
func (d *draft) priority() tickets.Priority {
	u, x := d.n.urgency, d.r.Float64()
	p := tickets.PriorityLow
	switch {
	case x < 0.02+0.08*u:
		p = tickets.PriorityUrgent
	case x < 0.12+0.3*u:
		p = tickets.PriorityHigh
	case x < 0.84:
		p = tickets.PriorityNormal
	}
	if d.n.kind == needFAQ && p.Rank() > 1 {
		p = tickets.PriorityNormal
	}
	if d.frustrated && p.Rank() < 3 {
		p = tickets.Priorities[p.Rank()+1]
	}
	return p
}

// add appends a message, never earlier than the one before it.
func (d *draft) add(author, body string, at time.Time, public bool) time.Time {
	if k := len(d.t.Messages); k > 0 {
		if prev := d.t.Messages[k-1].CreatedAt; !at.After(prev) {
			at = prev.Add(time.Duration(30+d.r.IntN(90)) * time.Second)
		}
	}
	at = at.Truncate(time.Second)
	m := files.Message{Author: author, Body: body, CreatedAt: at}
	if !public {
		f := false
		m.Public = &f
	}
	d.t.Messages = append(d.t.Messages, m)
	return at
}

func (d *draft) last() time.Time { return d.t.Messages[len(d.t.Messages)-1].CreatedAt }

// converse writes the conversation: the question, sometimes a chaser or a
// clarifying exchange, internal notes, the answer, thanks, a reopening.
func (d *draft) converse() {
	r, n, v, c := d.r, d.n, d.v, d.t.CreatedAt
	d.add("requester", d.firstMessage(), c, true)
	if (d.t.Channel == "email" || d.t.Channel == "portal") && chance(r, 0.1) {
		d.add("system", strings.ReplaceAll(pick(r, v.autoAcks), "{id}", d.t.ID), c.Add(time.Minute), true)
	}
	fr := d.g.firstResponse(r, c, tickets.Priority(d.t.Priority), d.t.Team)
	if d.backlogged() {
		d.stall(fr)
		return
	}
	if d.frustrated && fr.Sub(c) > 20*time.Minute && chance(r, 0.6) {
		d.add("requester", pick(r, v.chasers), c.Add(fr.Sub(c)/2), true)
	}
	if d.t.Team != teamDesk && d.t.Team != "" && chance(r, 0.3) {
		desk := d.g.agentFor(r, teamDesk, "en")
		at := addWork(c, time.Duration(5+r.IntN(35))*time.Minute)
		if at.After(fr) {
			at = fr.Add(-time.Minute)
		}
		d.add("agent", fmt.Sprintf("Reassigned from Service Desk to %s. %s", d.t.Team, signNote(desk)), at, false)
	}
	ans := pick(r, n.answers)
	res := d.middle(fr)
	if chance(r, 0.22) {
		d.add("agent", d.internalNote(res), res.Add(-time.Duration(2+r.IntN(20))*time.Minute), false)
	}
	body, core := d.answer(ans, res, false)
	d.add("agent", body, res, true)
	closedPolitely := false
	if chance(r, 0.38) {
		at := d.add("requester", pick(r, v.thanks), d.last().Add(lognormal(r, 25*time.Minute, 1)), true)
		if chance(r, 0.22) {
			d.add("agent", pick(r, v.pleasantries), at.Add(lognormal(r, 15*time.Minute, 0.8)), true)
			d.t.Resolution, closedPolitely = core, true
		}
	}
	if !closedPolitely && n.kind != needFAQ && n.kind != needOneOff && chance(r, 0.035) {
		d.reopen(ans)
	}
	d.resolved = d.last().Add(time.Duration(1+r.IntN(25)) * time.Minute)
}

// backlogged reports whether the ticket is part of the backlog at the end
// of the period: the closer to the end it arrived, the likelier it is still
// waiting for parts, an approval or an answer.
func (d *draft) backlogged() bool {
	left := d.g.end.Sub(d.t.CreatedAt)
	const window = 21 * 24 * time.Hour
	if left > window || d.n.kind == needFAQ {
		return false
	}
	return chance(d.r, 0.3*(1-float64(left)/float64(window))+0.02)
}

// stall writes a conversation that is not over when the period ends: an
// acknowledgement, perhaps a chaser, no answer yet.
func (d *draft) stall(fr time.Time) {
	r, v := d.r, d.v
	if chance(r, 0.75) {
		ack := pick(r, v.acks)
		if strings.Contains(ack, "%s") {
			ack = fmt.Sprintf(ack, d.t.Team)
		}
		d.add("agent", d.hello()+"\n\n"+ack+"\n\n"+d.signoff(), fr, true)
	}
	if chance(r, 0.4) {
		d.add("requester", pick(r, v.chasers), d.last().Add(time.Duration(1+r.IntN(6))*24*time.Hour), true)
	}
	d.resolved = d.g.end.AddDate(0, 1, 0)
}

// middle writes what happens between the first response and the answer,
// and returns when the answer is sent.
func (d *draft) middle(fr time.Time) time.Time {
	r, n, v := d.r, d.n, d.v
	clarify := 0.05
	if n.kind == needIssue || n.kind == needError {
		clarify = 0.14
	}
	effort := lognormal(r, time.Duration(n.effort*prioPace(d.t.Priority)*float64(time.Hour)), 0.9)
	switch {
	case chance(r, clarify):
		d.add("agent", d.hello()+"\n\n"+pick(r, v.clarify)+"\n\n"+d.signoff(), fr, true)
		reply := d.add("requester", pick(r, v.replies), fr.Add(lognormal(r, 50*time.Minute, 1)), true)
		return addWork(reply, lognormal(r, 40*time.Minute, 0.8))
	case effort > 90*time.Minute:
		ack := pick(r, v.acks)
		for d.t.Team == teamDesk && strings.Contains(ack, "%s") {
			ack = pick(r, v.acks) // first line does not hand over to itself
		}
		if strings.Contains(ack, "%s") {
			ack = fmt.Sprintf(ack, d.t.Team)
		}
		d.add("agent", d.hello()+"\n\n"+ack+"\n\n"+d.signoff(), fr, true)
		return addWork(fr, effort)
	}
	return fr
}

func (d *draft) reopen(prev answer) {
	r, v := d.r, d.v
	back := nextOpen(d.last().Add(time.Duration(1+r.IntN(7)) * 24 * time.Hour).Add(-time.Duration(r.IntN(8)) * time.Hour))
	msg := pick(r, v.back)
	if chance(r, 0.3) {
		msg += " " + pick(r, v.angry)
	}
	d.add("requester", msg, back, true)
	d.t.Tags = append(d.t.Tags, "reopened")
	ans := prev
	var others []answer
	for _, a := range d.n.answers {
		if a.lead != prev.lead {
			others = append(others, a)
		}
	}
	if len(others) > 0 {
		ans = pick(r, others)
	}
	at := d.g.firstResponse(r, back, tickets.Priority(d.t.Priority), d.t.Team)
	body, _ := d.answer(ans, at, true)
	d.add("agent", body, at, true)
	if chance(r, 0.5) {
		d.add("requester", pick(r, v.thanks), d.last().Add(lognormal(r, 40*time.Minute, 1)), true)
	}
}

// finish cuts the conversation at the end of the period and sets the
// status: work still under way then is new, open or pending.
func (d *draft) finish() {
	end := d.g.end
	k := len(d.t.Messages)
	for k > 0 && !d.t.Messages[k-1].CreatedAt.Before(end) {
		k--
	}
	d.t.Messages = d.t.Messages[:k]
	if d.resolved.Before(end) {
		at := d.resolved
		d.t.ResolvedAt = &at
		d.t.Status = "solved"
		if at.Before(end.Add(-96 * time.Hour)) {
			d.t.Status = "closed" // solved tickets close after four days
		}
		return
	}
	d.t.Resolution = ""
	d.t.Status = "open"
	agentSpoke := false
	for _, m := range d.t.Messages {
		if m.Author == "agent" && m.IsPublic() {
			agentSpoke = true
		}
	}
	switch last := d.t.Messages[len(d.t.Messages)-1]; {
	case !agentSpoke:
		d.t.Status = "new"
	case last.Author == "agent" && last.IsPublic():
		d.t.Status = "pending"
	}
}

// firstResponse is when an agent first answers: fast for urgent tickets
// (on call, around the clock), slower for low ones, in working hours.
func (g *generator) firstResponse(r *rand.Rand, at time.Time, p tickets.Priority, team string) time.Time {
	median := map[tickets.Priority]time.Duration{
		tickets.PriorityUrgent: 12 * time.Minute, tickets.PriorityHigh: 45 * time.Minute,
		tickets.PriorityNormal: 150 * time.Minute, tickets.PriorityLow: 6 * time.Hour,
	}[p]
	wait := lognormal(r, time.Duration(float64(median)*teamPace(team)), 0.8)
	if p == tickets.PriorityUrgent {
		return at.Add(wait)
	}
	return addWork(at, wait)
}

// teamPace scales response times: first line and security answer fastest.
func teamPace(team string) float64 {
	switch team {
	case teamDesk:
		return 0.6
	case teamSecurity:
		return 0.5
	case teamBizApps, teamInfra:
		return 1.4
	}
	return 1
}

func prioPace(p string) float64 {
	switch tickets.Priority(p) {
	case tickets.PriorityUrgent:
		return 0.3
	case tickets.PriorityHigh:
		return 0.6
	case tickets.PriorityLow:
		return 1.6
	}
	return 1
}
