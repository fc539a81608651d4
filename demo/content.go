package demo

import "time"

// The fictional company the demo desk serves. Articles and tickets share
// these facts so that they agree with each other.
const (
	company    = "Northwind Logistics"
	mailDomain = "northwind.example"
	helpSite   = "https://help.northwind.example"
	deskPhone  = "+44 113 496 0357"
	deskExt    = "4357"
)

// The assignment groups of the desk.
const (
	teamDesk      = "Service Desk"
	teamIAM       = "Identity & Access"
	teamNetwork   = "Network"
	teamEndpoint  = "Workplace & Endpoint"
	teamMessaging = "Messaging & Collaboration"
	teamSecurity  = "Security Operations"
	teamBizApps   = "Business Applications"
	teamLogistics = "Logistics Systems"
	teamInfra     = "Infrastructure & Storage"
)

// months holds seasonal multipliers of ticket volume; absent months are 1.
// It is only ever read by key, so map order never reaches the output.
type months map[time.Month]float64

func (m months) at(mo time.Month) float64 {
	if v, ok := m[mo]; ok {
		return v
	}
	return 1
}

// area is what the desk knows about one leaf of the taxonomy: the facts the
// articles are written from and the ways requesters ask about them. One area
// yields several articles (how-tos, troubleshooting guides, an FAQ, an error
// reference, internal runbooks) and many tickets.
type area struct {
	category string
	team     string
	system   string
	topic    string  // how titles and intros name the subject; system when empty
	weight   float64 // share of ticket volume, relative to other areas
	busy     months  // seasonality of that volume
	effort   float64 // median business hours from first response to resolution
	urgency  float64 // 0 ordinary .. 1 often high or urgent
	tags     []string
	guides   []guide
	issues   []issue
	faqTitle string
	faqs     []faq
	errTitle string
	errors   []errorCode
	runbooks []guide // internal procedures for agents
	checks   []string
}

// guide is a procedure: a how-to for requesters or, in area.runbooks, a
// runbook for agents.
type guide struct {
	key      string
	of       string // for a translation, the key of the original
	title    string
	intro    string
	before   []string
	steps    []string
	notes    []string
	ref      *reference
	code     *snippet
	tags     []string
	asks     []string // how requesters ask for it, one full sentence or two
	subjects []string
	weight   float64 // ticket volume within the area; 0 means 1
	fresh    bool    // published during the period, after the first tickets needing it
}

// issue is a problem with its symptoms and the causes that explain it, each
// with its own fix.
type issue struct {
	key      string
	of       string
	title    string
	intro    string
	symptoms []string
	causes   []cause
	notes    []string
	tags     []string
	asks     []string
	subjects []string
	weight   float64
	fresh    bool
}

// cause is written as a clause ("your password has expired") so that it
// reads both as a heading and inside an agent's sentence.
type cause struct {
	what  string
	steps []string
}

type faq struct{ q, a string }

type errorCode struct {
	code    string
	message string
	meaning string
	when    string // what the requester was doing: "connecting to the VPN"
	fix     []string
}

type reference struct {
	title string
	rows  [][]string // the first row is the header
}

type snippet struct {
	intro string
	lang  string
	src   string
}

// about names the area's subject in titles and introductions.
func (a *area) about() string {
	if a.topic != "" {
		return a.topic
	}
	return a.system
}

func (g *guide) ticketWeight() float64 {
	if g.weight == 0 {
		return 1
	}
	return g.weight
}

func (i *issue) ticketWeight() float64 {
	if i.weight == 0 {
		return 1.5
	}
	return i.weight
}
