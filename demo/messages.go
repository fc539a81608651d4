package demo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"deskpilot/tickets"
)

// subject is what the requester typed in the subject line, or what the
// channel made of it.
func (d *draft) subject() string {
	r, v := d.r, d.v
	s := capitalize(expand(pick(r, d.n.subjects), d.slots...))
	switch {
	case d.t.Channel == "chat" && chance(r, 0.35):
		return fmt.Sprintf(v.chatSubject, d.p.name())
	case d.frustrated && chance(r, 0.6):
		s = fmt.Sprintf(pick(r, v.angrySubjects), s)
		if chance(r, 0.3) {
			s = strings.ToUpper(s)
		}
		return s
	case chance(r, 0.05):
		return pick(r, v.prefixes) + s
	case chance(r, 0.12):
		return strings.ToLower(s)
	}
	if p := tickets.Priority(d.t.Priority); p.Rank() >= 2 && chance(r, 0.15) {
		return v.prefixes[2] + s
	}
	return s
}

// firstMessage is the requester's question as the channel carries it.
func (d *draft) firstMessage() string {
	r, v, p := d.r, d.v, d.p
	core := d.core()
	switch d.t.Channel {
	case "chat":
		if chance(r, 0.5) {
			core = strings.ToLower(core)
		}
		if chance(r, 0.5) {
			return pick(r, v.chatHellos) + "\n" + core
		}
		return core
	case "phone":
		note := expand(pick(r, v.callNotes), "{name}", p.name(), "{site}", p.site, "{dept}", p.dept, "{ask}", core)
		if chance(r, 0.5) {
			note += "\n" + fmt.Sprintf(v.callback, p.mobile)
		}
		return note
	case "portal":
		if chance(r, 0.3) {
			form := expand(pick(r, v.portalForm), "{site}", p.site, "{device}", pick(r, v.devices), "{affected}", strconv.Itoa(1+r.IntN(3)))
			core += "\n\n" + form
		}
		if chance(r, 0.15) {
			core += "\n\n" + d.signature()
		}
		return core
	}
	msg := core
	if chance(r, 0.85) {
		msg = pick(r, v.greetings) + "\n\n" + msg
	}
	if chance(r, 0.75) {
		msg += "\n\n" + pick(r, v.closings) + "\n" + d.signature()
	} else if chance(r, 0.5) {
		msg += "\n\n" + d.signature()
	}
	return msg
}

// core is the body of the question: the ask, and sometimes what is on the
// screen, what was tried, how much it matters, some mood, some PII.
func (d *draft) core() string {
	r, v, n := d.r, d.v, d.n
	ask := capitalize(expand(pick(r, n.asks), d.slots...))
	if n.kind == needFAQ && chance(r, 0.3) {
		ask = pick(r, v.faqLeads) + " " + ask
	}
	var ss []string
	if chance(r, 0.2) {
		ss = append(ss, pick(r, v.openers))
	}
	angryFirst := d.frustrated && chance(r, 0.5)
	if angryFirst {
		ss = append(ss, pick(r, v.angry))
	}
	ss = append(ss, ask)
	if len(n.quotes) > 0 && chance(r, 0.35) {
		ss = append(ss, fmt.Sprintf(pick(r, v.quotes), pick(r, n.quotes)))
	}
	if n.kind == needIssue || n.kind == needError {
		if chance(r, 0.35) {
			ss = append(ss, pick(r, v.tried))
		}
		if chance(r, 0.15) {
			ss = append(ss, pick(r, v.contexts))
		}
	}
	switch rank := tickets.Priority(d.t.Priority).Rank(); {
	case rank >= 2 && chance(r, 0.5):
		ss = append(ss, pick(r, v.impacts))
	case rank == 0 && chance(r, 0.4):
		ss = append(ss, pick(r, v.calm))
	}
	if d.frustrated && !angryFirst {
		ss = append(ss, pick(r, v.angry))
	}
	if chance(r, 0.06) {
		ss = append(ss, d.pii())
	}
	text := strings.Join(ss, " ")
	if len(ss) >= 3 && chance(r, 0.3) {
		text = strings.Join(ss[:2], " ") + "\n\n" + strings.Join(ss[2:], " ")
	}
	typo := 0.12
	if d.t.Channel == "chat" {
		typo = 0.35
	}
	if d.t.Channel != "phone" && chance(r, typo) {
		text = typos(r, text)
	}
	return text
}

// pii is a sentence with contact details, as people put in tickets.
func (d *draft) pii() string {
	p := d.p
	personal := slugFold.Replace(strings.ToLower(p.first+"."+emailFold.Replace(p.last))) + strconv.Itoa(60+d.r.IntN(40)) + "@homemail.example"
	return expand(pick(d.r, d.v.piis), "{mobile}", p.mobile, "{phone}", p.phone, "{personal}", personal, "{empno}", strconv.Itoa(p.empNo))
}

// signature is how the requester signs: a first name, or a full block with
// title, phone numbers and e-mail address.
func (d *draft) signature() string {
	p, fr := d.p, d.t.Language == "fr"
	org, tel, mob := company, "T: ", "M: "
	if fr {
		org, tel, mob = "Northwind Logistique France", "Tél. : ", "Port. : "
	}
	switch d.r.IntN(10) {
	case 0, 1, 2:
		return p.first
	case 3, 4:
		return p.name()
	case 5:
		return p.name() + "\n" + p.title + ", " + p.dept + "\n" + org + " - " + p.site
	case 6, 7:
		return p.name() + "\n" + p.title + " | " + org + "\n" + tel + p.phone + " | " + mob + p.mobile + "\n" + p.email
	case 8:
		return p.first + "\n\n" + d.v.sentFrom
	}
	return p.name() + "\n" + p.title + "\n" + tel + p.phone
}

func (d *draft) hello() string {
	h := pick(d.r, d.v.hello)
	if strings.Contains(h, "%s") {
		return fmt.Sprintf(h, d.p.first)
	}
	return h
}

func (d *draft) signoff() string {
	a := d.agent
	return expand(pick(d.r, d.v.signoffs), "{first}", a.first, "{last}", a.last, "{team}", a.team)
}

func signNote(a agent) string { return "- " + a.first }

// answer is the agent's reply that resolves the ticket: it follows the
// article's steps and sometimes links to it, when it is already published.
// core is the reply without its greeting, pleasantries and signature, as a
// help desk keeps it in a resolution field.
func (d *draft) answer(ans answer, at time.Time, reopen bool) (body, core string) {
	r, v := d.r, d.v
	parts := []string{d.hello()}
	switch {
	case reopen:
		parts = append(parts, pick(r, v.reopenIntros))
	case d.frustrated:
		parts = append(parts, pick(r, v.apologies))
	case chance(r, 0.6):
		parts = append(parts, pick(r, v.opens))
	}
	if o := pick(r, v.faqOpens); d.n.kind == needFAQ && o != "" {
		parts = append(parts, o)
	}
	content := d.content(ans, at)
	parts = append(parts, content...)
	switch {
	case ans.text != "" && chance(r, 0.7):
		parts = append(parts, pick(r, v.neutralCloses)) // "give that a try" does not follow a plain answer
	case ans.text == "" && chance(r, 0.8):
		parts = append(parts, pick(r, v.closes))
	}
	parts = append(parts, d.signoff())
	return strings.Join(parts, "\n\n"), strings.Join(content, "\n\n")
}

// content is what the answer says: the paragraph, or the diagnosis and the
// steps, and sometimes the link to the article.
func (d *draft) content(ans answer, at time.Time) []string {
	r, v, n := d.r, d.v, d.n
	var parts []string
	switch {
	case ans.text != "":
		parts = append(parts, capitalize(expand(ans.text, d.slots...)))
	case ans.code != "":
		parts = append(parts, fmt.Sprintf(pick(r, v.errorLeads), ans.code, ans.lead), pick(r, v.stepIntros)+"\n"+numbered(ans.steps))
	case ans.lead != "":
		parts = append(parts, fmt.Sprintf(pick(r, v.leads), ans.lead), pick(r, v.stepIntros)+"\n"+numbered(ans.steps))
	default:
		parts = append(parts, pick(r, v.guideIntros)+"\n"+numbered(ans.steps))
	}
	if a := n.article; a != nil && !a.internal && a.created.Before(at) && chance(r, 0.4) {
		parts = append(parts, fmt.Sprintf(pick(r, v.cites), a.url))
	}
	return parts
}

// internalNote is a note between agents: a check made, a runbook followed.
func (d *draft) internalNote(at time.Time) string {
	r, n := d.r, d.n
	if rb := n.runbook; rb != nil && rb.created.Before(at) && chance(r, 0.5) {
		return fmt.Sprintf("Followed %s (%s). %s", rb.id, rb.title, signNote(d.agent))
	}
	pool := internalNotes
	if n.area != nil && len(n.area.checks) > 0 && chance(r, 0.3) {
		pool = n.area.checks
	}
	system := "the service"
	if n.area != nil && n.area.system != "" {
		system = n.area.system
	}
	return expand(pick(r, pool), "{system}", system, "{n}", strconv.Itoa(100+r.IntN(300)), "{team}", d.t.Team) + " " + signNote(d.agent)
}
