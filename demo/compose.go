package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// howTo writes a procedure: a how-to for requesters, or a runbook for agents.
func (g *generator) howTo(r *rand.Rand, p *plan, bk *book) *doc {
	gd := p.guide
	d := &doc{}
	if p.kind == kindRunbook {
		d.note(pick(r, bk.noteLabels[3:]), pick(r, bk.banner))
		d.h(2, pick(r, bk.when))
	}
	d.p(gd.intro)
	g.preamble(r, d, p, bk)
	if len(gd.before) > 0 {
		d.h(2, pick(r, bk.before))
		d.ul(gd.before)
	}
	refFirst := gd.ref != nil && chance(r, 0.5)
	if refFirst {
		refTable(d, gd.ref)
	}
	if p.kind == kindRunbook {
		d.h(2, pick(r, bk.procedure))
	} else {
		d.h(2, pick(r, bk.steps))
	}
	d.ol(gd.steps)
	if gd.code != nil {
		d.p(gd.code.intro)
		d.code(gd.code.lang, gd.code.src)
	}
	notes(r, d, gd.notes, bk)
	if gd.ref != nil && !refFirst {
		refTable(d, gd.ref)
	}
	if p.kind == kindRunbook {
		d.h(2, pick(r, bk.escalate))
		d.p(fmt.Sprintf(pick(r, bk.escalateText), escalationTeam(p.area.team)))
	}
	g.closing(r, d, p, bk)
	return d
}

func refTable(d *doc, ref *reference) {
	d.h(2, ref.title)
	d.table(ref.rows)
}

// troubleshoot writes an issue in one of three common layouts.
func (g *generator) troubleshoot(r *rand.Rand, p *plan, bk *book) *doc {
	is := p.issue
	d := &doc{}
	d.p(is.intro)
	g.preamble(r, d, p, bk)
	d.h(2, pick(r, bk.symptoms))
	d.ul(is.symptoms)
	switch r.IntN(3) {
	case 0:
		d.h(2, pick(r, bk.causes))
		if chance(r, 0.5) {
			d.p(pick(r, bk.tryOrder))
		}
		for _, c := range is.causes {
			d.h(3, capitalize(c.what))
			d.ol(c.steps)
		}
	case 1:
		d.h(2, pick(r, bk.causes))
		rows := [][]string{{bk.quickCols[0], bk.quickCols[1]}}
		for _, c := range is.causes {
			rows = append(rows, []string{capitalize(c.what), c.steps[0]})
		}
		d.table(rows)
		for _, c := range is.causes {
			d.h(3, capitalize(c.what))
			d.ol(c.steps)
		}
	default:
		d.p(pick(r, bk.tryOrder))
		for i, c := range is.causes {
			d.h(2, fmt.Sprintf("%d. %s", i+1, capitalize(c.what)))
			d.ol(c.steps)
		}
	}
	notes(r, d, is.notes, bk)
	g.closing(r, d, p, bk)
	return d
}

func (g *generator) faqDoc(r *rand.Rand, p *plan, bk *book) *doc {
	a := p.area
	d := &doc{}
	d.p(fmt.Sprintf(pick(r, bk.faqIntro), a.about()))
	g.preamble(r, d, p, bk)
	style := r.IntN(3)
	for _, f := range a.faqs {
		switch style {
		case 0:
			d.h(2, f.q)
		case 1:
			d.h(3, f.q)
		default:
			d.p("**" + f.q + "**")
		}
		d.p(f.a)
	}
	g.closing(r, d, p, bk)
	return d
}

func (g *generator) errorsDoc(r *rand.Rand, p *plan, bk *book) *doc {
	a := p.area
	d := &doc{}
	d.p(fmt.Sprintf(pick(r, bk.errIntro), a.about()))
	rows := [][]string{bk.errCols}
	for _, e := range a.errors {
		rows = append(rows, []string{"`" + e.code + "`", e.message, e.meaning})
	}
	d.table(rows)
	if chance(r, 0.8) {
		level := 2 + r.IntN(2)
		for _, e := range a.errors {
			d.h(level, e.code+": "+e.message)
			d.p(e.meaning)
			d.p(pick(r, bk.errFix))
			d.ol(e.fix)
		}
	}
	g.closing(r, d, p, bk)
	return d
}

// triageDoc is an internal checklist built from the area's own facts: the
// causes, their first fix and the public article to send.
func (g *generator) triageDoc(r *rand.Rand, p *plan, bk *book) *doc {
	a := p.area
	d := &doc{}
	d.note(bk.noteLabels[3], pick(r, bk.banner))
	d.p(fmt.Sprintf(pick(r, bk.triageIntro), leaf(a.category), a.team))
	rows := [][]string{bk.triageCols}
	var symptoms []string
	for i := range a.issues {
		is := &a.issues[i]
		link := g.linkTo(is.key, p)
		for _, c := range is.causes {
			rows = append(rows, []string{capitalize(c.what), c.steps[0], link})
		}
		symptoms = append(symptoms, is.symptoms...)
	}
	for i := range a.guides {
		gd := &a.guides[i]
		rows = append(rows, []string{"Requester asks how to: " + lowerFirst(gd.title), "Send the how-to", g.linkTo(gd.key, p)})
	}
	d.h(2, pick(r, bk.causes))
	d.table(rows)
	if len(symptoms) > 0 {
		d.h(2, pick(r, bk.symptoms))
		d.ul(symptoms)
	}
	d.h(2, pick(r, bk.triageAsk))
	d.ul(triageQuestions)
	if len(a.checks) > 0 {
		d.h(2, "Checks on our side")
		d.ul(a.checks)
	}
	d.h(2, pick(r, bk.escalate))
	d.p(fmt.Sprintf(pick(r, bk.escalateText), escalationTeam(a.team)))
	return d
}

// escalationTeam is where a runbook's owner sends what it cannot solve:
// first line to Identity & Access, the other teams to their second line.
func escalationTeam(team string) string {
	if team == teamDesk {
		return teamIAM
	}
	return team + " (second line)"
}

var triageQuestions = []string{
	"Which device: Northwind laptop, company phone, personal device?",
	"Where are they working from: an office (which site), home, travelling?",
	"The exact error message, or a screenshot.",
	"Since when, and did anything change (new password, new phone, update)?",
	"Is anyone else in their team affected? Several reports at once may be an incident: check the status page first.",
}

// linkTo returns a Markdown link to the article planned under key, or "-"
// when it is not published by the time from is.
func (g *generator) linkTo(key string, from *plan) string {
	t, ok := g.byKey[key]
	if !ok || t.created.After(from.created) || t.id == "" {
		return "-"
	}
	return "[" + t.id + "](" + t.url + ")"
}

// preamble adds the optional lines under the introduction.
func (g *generator) preamble(r *rand.Rand, d *doc, p *plan, bk *book) {
	if s := p.area.system; s != "" && s != strings.ToLower(s) && chance(r, 0.3) { // product names only
		d.p(fmt.Sprintf(pick(r, bk.applies), p.area.system))
	}
	if p.site != "" {
		d.p(fmt.Sprintf(pick(r, bk.site), p.site))
	}
	if p.of != nil && len(bk.translated) > 0 && chance(r, 0.4) {
		d.p(fmt.Sprintf(pick(r, bk.translated), p.of.title))
	}
}

// notes writes notes as call-outs, or as a short list when there are several.
func notes(r *rand.Rand, d *doc, ns []string, bk *book) {
	if len(ns) >= 2 && chance(r, 0.4) {
		d.h(2, pick(r, bk.goodToKnow))
		d.ul(ns)
		return
	}
	for _, n := range ns {
		d.note(pick(r, bk.noteLabels), n)
	}
}

// closing adds related articles published earlier, where to get help and
// sometimes the owning team.
func (g *generator) closing(r *rand.Rand, d *doc, p *plan, bk *book) {
	if chance(r, 0.5) {
		var links []string
		for _, s := range g.siblings[p.area.category+"|"+p.lang+"|"+p.site] {
			if s != p && s.created.Before(p.created) && (!s.internal || p.internal) && len(links) < 3 {
				links = append(links, "["+s.title+"]("+s.url+")")
			}
		}
		if len(links) > 0 {
			d.h(2, pick(r, bk.related))
			d.ul(links)
		}
	}
	if !p.internal && chance(r, 0.85) {
		d.h(2, pick(r, bk.help))
		d.p(pick(r, bk.stillStuck))
	}
	if chance(r, 0.3) {
		d.p(fmt.Sprintf(pick(r, bk.owner), p.area.team))
	}
}
