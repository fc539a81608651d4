package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"deskpilot/tickets"
)

// requesters is the size of the workforce that raises tickets.
const requesters = 420

// person is an employee who raises tickets. Their contact details end up in
// signatures, which is what PII redaction is tested on.
type person struct {
	first, last string
	email       string
	title, dept string
	site        string
	phone       string
	mobile      string
	empNo       int
	lang        string
}

func (p *person) name() string { return p.first + " " + p.last }

type site struct {
	name, phone, mobile string
	depts, titles       []string
	fr                  bool
}

var sites = []site{
	{name: "Leeds HQ", phone: "+44 113 496 0%03d", mobile: "+44 7700 900%03d",
		depts:  []string{"Finance", "HR", "Sales", "Customer Service", "Transport Planning", "Procurement", "Legal", "Marketing", "Executive Office"},
		titles: []string{"Finance Analyst", "HR Advisor", "Account Manager", "Customer Service Advisor", "Transport Planner", "Procurement Officer", "Paralegal", "Marketing Executive", "Executive Assistant", "Credit Controller", "Payroll Officer"}},
	{name: "Birmingham DC", phone: "+44 121 496 0%03d", mobile: "+44 7700 900%03d",
		depts:  []string{"Warehouse Operations", "Goods In", "Transport Planning", "Fleet Maintenance"},
		titles: []string{"Shift Supervisor", "Warehouse Team Leader", "Inventory Controller", "Transport Planner", "Fleet Engineer", "Operations Manager"}},
	{name: "Daventry DC", phone: "+44 1632 960%03d", mobile: "+44 7700 900%03d",
		depts:  []string{"Warehouse Operations", "Returns", "Health & Safety"},
		titles: []string{"Shift Manager", "Returns Coordinator", "Health & Safety Officer", "Warehouse Operative"}},
	{name: "Felixstowe", phone: "+44 1632 960%03d", mobile: "+44 7700 900%03d",
		depts:  []string{"Customs Brokerage", "Freight Forwarding"},
		titles: []string{"Customs Clerk", "Freight Forwarder", "Import Coordinator"}},
	{name: "Lyon", phone: "+33 4 65 71 %02d %02d", mobile: "+33 6 39 98 %02d %02d", fr: true,
		depts:  []string{"Exploitation transport", "Service client", "Comptabilité", "Ressources humaines"},
		titles: []string{"Gestionnaire transport", "Comptable", "Responsable d'exploitation", "Gestionnaire de paie", "Responsable qualité", "Juriste"}},
	{name: "Lille", phone: "+33 3 53 01 %02d %02d", mobile: "+33 6 39 98 %02d %02d", fr: true,
		depts:  []string{"Entrepôt", "Exploitation transport", "Service client"},
		titles: []string{"Chef d'équipe quai", "Gestionnaire transport", "Responsable d'exploitation"}},
}

// siteShare is how the workforce spreads over sites; Lyon and Lille make the
// French-speaking 15 %.
var siteShare = cumulative([]float64{40, 21, 11, 13, 9, 6})

// workforce is a group of requesters with how likely each is to raise the
// next ticket.
type workforce struct {
	people []*person
	cum    []float64
}

// frenchShare is the part of tickets raised by people of the French sites,
// held steady whoever the heavy users turn out to be.
const frenchShare = 0.135

// newPeople creates the workforce, English- then French-speaking, and its
// ticket propensity: a few people raise a lot of tickets, most a handful.
func newPeople(r *rand.Rand) [2]workforce {
	taken := map[string]bool{}
	var ws [2][]float64
	var staff [2]workforce
	for i := 0; i < requesters; i++ {
		s := &sites[drawWeighted(r, siteShare)]
		p := &person{site: s.name, lang: "en", empNo: 100000 + r.IntN(90000)}
		firsts, lasts := firstNamesEN, lastNamesEN
		if s.fr {
			p.lang, firsts, lasts = "fr", firstNamesFR, lastNamesFR
		}
		p.first, p.last = pick(r, firsts), pick(r, lasts)
		p.email = uniqueEmail(taken, p.first, p.last)
		p.dept, p.title = pick(r, s.depts), pick(r, s.titles)
		p.phone, p.mobile = phone(r, s.phone), phone(r, s.mobile)
		k := 0
		if s.fr {
			k = 1
		}
		staff[k].people = append(staff[k].people, p)
		ws[k] = append(ws[k], 1/math.Pow(float64(1+r.IntN(requesters)), 0.75))
	}
	for k := range staff {
		staff[k].cum = cumulative(ws[k])
	}
	return staff
}

func phone(r *rand.Rand, format string) string {
	if strings.Count(format, "%") == 2 {
		return fmt.Sprintf(format, r.IntN(100), r.IntN(100))
	}
	return fmt.Sprintf(format, r.IntN(1000))
}

var emailFold = strings.NewReplacer("'", "", " ", "-")

func uniqueEmail(taken map[string]bool, first, last string) string {
	local := slugFold.Replace(strings.ToLower(first + "." + emailFold.Replace(last)))
	email := local + "@" + mailDomain
	for n := 2; taken[email]; n++ {
		email = fmt.Sprintf("%s%d@%s", local, n, mailDomain)
	}
	taken[email] = true
	return email
}

func (g *generator) requester(r *rand.Rand) *person {
	w := g.staff[0]
	if chance(r, frenchShare) {
		w = g.staff[1]
	}
	return w.people[drawWeighted(r, w.cum)]
}

var firstNamesEN = []string{
	"Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "George", "Mia", "Noah", "Emily", "Charlie", "Sophie",
	"Jacob", "Grace", "Thomas", "Lily", "Oscar", "Chloe", "James", "Ella", "William", "Freya", "Joshua", "Evie",
	"Daniel", "Hannah", "Ethan", "Lucy", "Samuel", "Ruby", "Joseph", "Holly", "Mohammed", "Aisha", "Liam", "Zara",
	"Ryan", "Niamh", "Connor", "Megan", "Adam", "Jessica", "Lewis", "Rebecca", "Kieran", "Laura", "Matthew", "Gemma",
	"Ben", "Katie", "Rhys", "Siobhan", "Arjun", "Priya", "Tomasz", "Agnieszka", "Marek", "Fatima", "David", "Claire",
	"Paul", "Karen", "Steven", "Julie", "Gary", "Nicola", "Dean", "Leanne",
}

var lastNamesEN = []string{
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
	"Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis",
	"James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "Morgan", "Moore",
	"Hughes", "Ward", "Turner", "Hill", "Cooper", "Kelly", "Baker", "Harrison", "Morris", "Cook", "Bell", "Murray",
	"Shaw", "Lloyd", "Kaur", "Hussain", "Nowak", "Kowalski", "O'Brien", "McDonald", "Fraser", "Sutcliffe",
	"Ackroyd", "Holroyd", "Barker", "Whitaker", "Brennan", "Doyle", "Ali", "Begum", "Chowdhury", "Grant",
}

var firstNamesFR = []string{
	"Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Émilie", "Aurélie", "Nathalie", "Sandrine",
	"Céline", "Hélène", "Margaux", "Lucas", "Hugo", "Louis", "Thomas", "Nicolas", "Julien", "Maxime", "Antoine",
	"Kévin", "Mathieu", "Sébastien", "Jérôme", "François", "Yannick", "Karim", "Mehdi", "Yasmine", "Benoît",
}

var lastNamesFR = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
	"Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
	"Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Chevalier", "Benali", "Faure",
}

// agent is a member of IT staff.
type agent struct {
	first, last, team, lang string
}

func (a agent) email() string {
	return slugFold.Replace(strings.ToLower(a.first+"."+a.last)) + "@" + mailDomain
}

var agentRoster = []agent{
	{"Priya", "Shah", teamDesk, "en"}, {"Tom", "Walsh", teamDesk, "en"}, {"Megan", "Lloyd", teamDesk, "en"},
	{"Daniel", "Okafor", teamDesk, "en"}, {"Sophie", "Turner", teamDesk, "en"}, {"Callum", "Reid", teamDesk, "en"},
	{"Aisha", "Begum", teamDesk, "en"}, {"Camille", "Martin", teamDesk, "fr"}, {"Julien", "Lefèvre", teamDesk, "fr"},
	{"Rachel", "Moore", teamIAM, "en"}, {"Ben", "Carter", teamIAM, "en"}, {"Élodie", "Garnier", teamIAM, "fr"},
	{"Gareth", "Evans", teamNetwork, "en"}, {"Nadia", "Haddad", teamNetwork, "en"}, {"Luke", "Bennett", teamNetwork, "en"},
	{"Sam", "Patel", teamEndpoint, "en"}, {"Chloe", "Harris", teamEndpoint, "en"}, {"Ryan", "Murphy", teamEndpoint, "en"},
	{"Hannah", "Price", teamEndpoint, "en"}, {"Antoine", "Roux", teamEndpoint, "fr"},
	{"Olivia", "Hughes", teamMessaging, "en"}, {"James", "Kelly", teamMessaging, "en"}, {"Zoe", "Clarke", teamMessaging, "en"},
	{"Marcus", "Grant", teamSecurity, "en"}, {"Emma", "Lawson", teamSecurity, "en"}, {"Kiran", "Desai", teamSecurity, "en"},
	{"Fiona", "Campbell", teamBizApps, "en"}, {"Adam", "Wright", teamBizApps, "en"}, {"Laura", "Petit", teamBizApps, "fr"},
	{"Dev", "Mistry", teamLogistics, "en"}, {"Stuart", "Millar", teamLogistics, "en"}, {"Nicolas", "Moreau", teamLogistics, "fr"},
	{"Owen", "Jones", teamInfra, "en"}, {"Helen", "Ward", teamInfra, "en"},
}

// agentFor picks who answers: someone from the team, speaking the
// requester's language when the team has such a person.
func (g *generator) agentFor(r *rand.Rand, team, lang string) agent {
	var same, any []agent
	for _, a := range g.agents {
		if a.team == team {
			any = append(any, a)
			if a.lang == lang {
				same = append(same, a)
			}
		}
	}
	switch {
	case len(same) > 0 && (lang == "en" || chance(r, 0.8)):
		return pick(r, same)
	case len(any) > 0:
		return pick(r, any)
	}
	return g.agents[0]
}

func (g *generator) agentUsers() []tickets.User {
	joined := g.start.AddDate(-2, 0, 0)
	out := make([]tickets.User, len(g.agents))
	for i, a := range g.agents {
		out[i] = tickets.User{
			Email: a.email(), Name: a.first + " " + a.last, Role: tickets.RoleAgent,
			Team: a.team, Language: a.lang, CreatedAt: joined.AddDate(0, 0, 17*i),
		}
	}
	return out
}
