package demo

import (
	"math/rand/v2"
	"time"

	"deskpilot/tickets"
)

// generator carries the state of one Generate call. Every random stream is
// derived from the seed and a fixed label, so that adding articles (a larger
// ArticleScale) does not change the tickets, and the reverse.
type generator struct {
	opts       Options
	start, end time.Time
	en, fr     []*area
	byKey      map[string]*plan   // read by key only
	siblings   map[string][]*plan // read by key only
	plans      []*plan
	staff      [2]workforce // English-speaking, French-speaking
	agents     []agent
	needs      map[string]*needTable // by language; read by key only
	outage     outage
}

func newGenerator(opts Options) *generator {
	start, end := opts.Period()
	g := &generator{
		opts: opts, start: start, end: end,
		byKey: map[string]*plan{}, siblings: map[string][]*plan{},
		en: pointers(englishAreas()), fr: pointers(frenchAreas()),
		agents: agentRoster,
	}
	inheritTeams(g.fr, g.en)
	g.outage = planOutage(rand.New(rand.NewPCG(opts.Seed, hash64("outage"))), start, end, opts.Tickets)
	g.staff = newPeople(rand.New(rand.NewPCG(opts.Seed, hash64("people"))))
	return g
}

func pointers(as []area) []*area {
	out := make([]*area, len(as))
	for i := range as {
		out[i] = &as[i]
	}
	return out
}

// englishAreas is the whole English knowledge of the desk, in taxonomy order.
func englishAreas() []area {
	var out []area
	for _, part := range [][]area{
		accountAreas(), networkAreas(), messagingAreas(), endpointAreas(), deviceAreas(),
		softwareAreas(), accessAreas(), filesAreas(), peopleAreas(), securityAreas(), businessAreas(),
	} {
		out = append(out, part...)
	}
	return out
}

// categories lists the taxonomy: every area's path, then the paths that only
// tickets without an article use, each once, in a fixed order.
func (g *generator) categories() []string {
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, a := range g.en {
		add(a.category)
	}
	for _, o := range oneOffs {
		add(o.category)
	}
	for _, o := range oneOffsFR {
		add(o.category)
	}
	return out
}

// teamList describes the assignment groups.
func teamList() []tickets.Team {
	return []tickets.Team{
		{Name: teamDesk, Description: "First line: takes every call, chat and portal request, resolves passwords, lockouts and how-to questions on first contact and routes the rest."},
		{Name: teamIAM, Description: "Identity & Access Management: Northwind Sign-In, MFA, AccessHub requests, admin rights, joiners, movers and leavers."},
		{Name: teamNetwork, Description: "NorthGate VPN, office and warehouse Wi-Fi, wired network, firewalls and site links."},
		{Name: teamEndpoint, Description: "Laptops, docks and peripherals, printers, company phones, software installs, licences and patching."},
		{Name: teamMessaging, Description: "E-mail, calendars, shared mailboxes and distribution lists, Teams chat and meetings, meeting-room equipment."},
		{Name: teamSecurity, Description: "Phishing reports, malware alerts, lost or stolen devices, data-handling questions and security incidents."},
		{Name: teamBizApps, Description: "PeopleFirst (HR), payroll, SpendWise expenses, the Ledgerline ERP and purchasing."},
		{Name: teamLogistics, Description: "RouteMaster TMS, StockPilot WMS, handheld scanners and label printers in the distribution centres."},
		{Name: teamInfra, Description: "File servers, network drives, NorthDrive, shared-folder permissions, backups and restores."},
	}
}
