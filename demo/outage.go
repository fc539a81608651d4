package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"deskpilot/connectors/files"
)

// outage is the major incident of the year: NorthGate VPN fails two
// mornings running and some 150 people raise a ticket, every one answered
// with the same notice. It tests that the assistant recognises a wave and
// that simulation does not count 150 copies of one answer as 150 skills.
type outage struct {
	count   int
	begin   time.Time // first failure, day one
	restore time.Time // service back, day one
	recur   time.Time // fails again, day two
	fixed   time.Time // for good, day two
	ref     string
}

const outageCategory = "Network/VPN"

// planOutage places the wave on a Tuesday and Wednesday about a fifth into
// the period, scaled to 150 tickets for the default 5600.
func planOutage(r *rand.Rand, start, end time.Time, tickets int) outage {
	var o outage
	span := end.Sub(start)
	if span < 30*24*time.Hour {
		return o
	}
	o.count = min(int(math.Round(150*float64(tickets)/5600)), tickets/4)
	day := start.Add(span/5).Truncate(24*time.Hour).AddDate(0, 0, r.IntN(21))
	for day.Weekday() != time.Tuesday {
		day = day.AddDate(0, 0, 1)
	}
	o.begin = day.Add(7*time.Hour + 40*time.Minute)
	o.restore = day.Add(12*time.Hour + 25*time.Minute)
	o.recur = day.Add(24*time.Hour + 8*time.Hour + 5*time.Minute)
	o.fixed = day.Add(24*time.Hour + 11*time.Hour + 50*time.Minute)
	o.ref = fmt.Sprintf("INC-%d-%04d", day.Year(), 40+r.IntN(60))
	return o
}

// outageSeeds draws the arrivals: a burst as people start work on day one,
// a smaller one on day two.
func (g *generator) outageSeeds(r *rand.Rand) []seedTicket {
	o := g.outage
	out := make([]seedTicket, 0, o.count)
	for i := 0; i < o.count; i++ {
		from, until, mean := o.begin, o.restore, 55.0
		if chance(r, 0.38) {
			from, until, mean = o.recur, o.fixed, 40.0
		}
		at := from.Add(time.Duration(r.ExpFloat64()*mean*float64(time.Minute)) + time.Duration(r.IntN(60))*time.Second)
		if !at.Before(until) {
			at = between(r, from, until)
		}
		at = at.Truncate(time.Second)
		p := g.requester(r)
		out = append(out, seedTicket{at: at, need: outageNeed(p.lang), person: p, lang: p.lang})
	}
	return out
}

func outageNeed(lang string) *need {
	n := &need{kind: needOutage, category: outageCategory, team: teamNetwork, urgency: 1}
	if lang == "fr" {
		n.subjects = []string{"VPN en panne ?", "Impossible de se connecter au VPN", "NorthGate VPN ne fonctionne pas", "Problème VPN"}
		n.asks = []string{
			"Le VPN ne se connecte pas ce matin, il reste bloqué sur « Connexion... ».",
			"Le VPN est en panne ? Personne dans l'équipe n'arrive à se connecter.",
			"NorthGate affiche que la passerelle ne répond pas. J'ai redémarré deux fois.",
			"Impossible d'accéder à RouteMaster depuis chez moi, le VPN refuse de se connecter.",
		}
		n.quotes = []string{"La passerelle ne répond pas (GW-408)"}
		return n
	}
	n.subjects = []string{"VPN down", "VPN not connecting", "Is the VPN down?", "NorthGate VPN not working", "Can't connect to VPN", "VPN issue - whole team affected"}
	n.asks = []string{
		"The VPN won't connect this morning, it just sits on Connecting.", "Is the VPN down? Nobody in my team can get on.",
		"NorthGate says the gateway is not responding. I've restarted twice.",
		"Can't connect to the VPN from home so I can't get into RouteMaster or the S: drive.",
		"VPN not working at all since about 8.", "My VPN keeps failing, is it just me?",
	}
	n.quotes = []string{"Gateway not responding (GW-408)", "Connection failed: the gateway did not respond"}
	return n
}

// outageTicket writes one ticket of the wave: the requester's report, the
// standard notice, the standard all-clear.
func (g *generator) outageTicket(r *rand.Rand, id string, s seedTicket) files.Ticket {
	d := &draft{g: g, r: r, v: voiceFor(s.lang), n: s.need, p: s.person}
	d.t = files.Ticket{
		ID: id, CreatedAt: s.at, Requester: s.person.email, Category: outageCategory, Team: teamNetwork,
		Language: s.lang, Channel: channels[drawWeighted(r, channelCum)], Priority: "high",
		Tags: []string{"vpn", "outage", "major-incident"},
	}
	if chance(r, 0.35) {
		d.t.Priority = "urgent"
	}
	d.frustrated = chance(r, 0.06)
	d.t.Subject = d.subject()
	d.add("requester", d.firstMessage(), s.at, true)
	d.add("agent", g.outageNotice(), s.at.Add(time.Duration(3+r.IntN(22))*time.Minute), true)
	if chance(r, 0.15) {
		d.add("requester", pick(r, d.v.chasers), d.last().Add(lognormal(r, 90*time.Minute, 0.6)), true)
	}
	d.add("agent", g.outageFixed(), g.outage.fixed.Add(time.Duration(2+r.IntN(5))*time.Minute), true)
	d.resolved = d.last().Add(time.Minute)
	d.finish()
	return d.t
}

func (g *generator) outageNotice() string {
	o := g.outage
	return fmt.Sprintf(`Major incident %[1]s: NorthGate VPN connections failing

Since %[2]s at 07:40 (UK time), many users cannot connect to NorthGate VPN: the client stays on "Connecting..." or shows "Gateway not responding". The Network team is working on it with the vendor. You do not need to do anything, and there is no need to restart your laptop or reinstall the client.

In the meantime Outlook, Teams and NorthDrive work without the VPN; RouteMaster and the network drives do not.

We will update this ticket when the service is restored. Status page: https://status.northwind.example

---
Incident majeur %[1]s : connexions NorthGate VPN en échec

Depuis le %[3]s à 07h40 (heure du Royaume-Uni), de nombreux utilisateurs ne peuvent pas se connecter à NorthGate VPN. L'équipe Réseau travaille sur le problème avec l'éditeur. Vous n'avez rien à faire : inutile de redémarrer votre PC ou de réinstaller le client. Outlook, Teams et NorthDrive fonctionnent sans VPN. Nous mettrons ce ticket à jour dès le rétablissement du service.

Northwind IT Service Desk`, o.ref, o.begin.Format("Monday 2 January"), frenchDate(o.begin))
}

func (g *generator) outageFixed() string {
	o := g.outage
	return fmt.Sprintf(`Resolved: major incident %[1]s

NorthGate VPN has been working normally since %[2]s on %[3]s. The cause was an expired certificate on the UK-North gateway after its automatic renewal failed; the certificate has been replaced and the renewal is now monitored. If your client still shows an error, click Disconnect, then Connect again. If that does not help, reply to this ticket.

Résolu : incident majeur %[1]s. NorthGate VPN fonctionne normalement depuis %[2]s le %[4]s. La cause : un certificat expiré sur la passerelle UK-North. Si le client affiche encore une erreur, cliquez sur Déconnecter puis sur Connecter. Sinon, répondez à ce ticket.

Northwind IT Service Desk`, o.ref, o.fixed.Format("15:04"), o.fixed.Format("Monday 2 January"), frenchDate(o.fixed))
}

var (
	joursFR = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	moisFR  = []string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

func frenchDate(t time.Time) string {
	return fmt.Sprintf("%s %d %s", joursFR[t.Weekday()], t.Day(), moisFR[t.Month()])
}

// incidentPlans adds the internal post-incident review, published two days
// after the wave: simulation must not show it to the wave's own tickets.
func (g *generator) incidentPlans() []*plan {
	if g.outage.count == 0 {
		return nil
	}
	var vpn *area
	for _, a := range g.en {
		if a.category == outageCategory {
			vpn = a
		}
	}
	if vpn == nil {
		return nil
	}
	p := &plan{
		key: "pir-" + strings.ToLower(g.outage.ref), kind: kindIncident, lang: "en", area: vpn, internal: true,
		title: "Post-incident review: NorthGate VPN outage (" + g.outage.ref + ")",
	}
	p.created = time.Date(g.outage.fixed.Year(), g.outage.fixed.Month(), g.outage.fixed.Day()+2, 15, 10, 0, 0, time.UTC)
	g.byKey[p.key] = p
	return []*plan{p}
}

func (g *generator) incidentDoc(p *plan) *doc {
	o := g.outage
	d := &doc{}
	d.note("Important:", "Internal, for IT staff only. Do not send this review to requesters.")
	d.p(fmt.Sprintf("On %s and %s, NorthGate VPN failed for most remote users. %d tickets were raised; all were linked to %s and answered with the standard notice.",
		o.begin.Format("Monday 2 January"), o.fixed.Format("Monday 2 January"), o.count, o.ref))
	d.h(2, "Timeline")
	d.table([][]string{
		{"Time (UK)", "Event"},
		{o.begin.Format("Mon 02 Jan 15:04"), "First reports: client stuck on Connecting, error GW-408."},
		{o.begin.Add(35 * time.Minute).Format("Mon 02 Jan 15:04"), "Major incident declared, notice sent to all new VPN tickets."},
		{o.restore.Format("Mon 02 Jan 15:04"), "Traffic moved to the UK-South gateway; service restored."},
		{o.recur.Format("Mon 02 Jan 15:04"), "Failures again when UK-South reached its session limit."},
		{o.fixed.Format("Mon 02 Jan 15:04"), "New certificate installed on UK-North; service stable."},
	})
	d.h(2, "Root cause")
	d.p("The TLS certificate of the UK-North gateway expired. Its automatic renewal had failed three weeks earlier because the renewal job still used a decommissioned service account, and no alert was raised.")
	d.h(2, "Actions")
	d.ul([]string{
		"Certificate expiry is monitored with alerts 30, 14 and 3 days ahead (done).",
		"The renewal job runs under a managed service account (done).",
		"UK-South capacity raised to take all users during a failover (planned).",
		"Service Desk: a standard major-incident notice template per service (done).",
	})
	d.h(2, "Handling similar tickets")
	d.p("If several VPN tickets arrive within minutes with GW-408, check the status page and the #network-incidents channel before troubleshooting one by one, and link them to the incident.")
	return d
}
