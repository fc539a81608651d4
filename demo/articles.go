package demo

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors/files"
)

// kind is the shape of an article.
type kind int

const (
	kindHowTo kind = iota
	kindTroubleshoot
	kindFAQ
	kindErrors
	kindRunbook
	kindTriage
	kindIncident
)

var kindTags = [...]string{"how-to", "troubleshooting", "faq", "error-codes", "runbook", "triage", "incident"}

// triageAreas is how many of the busiest areas get an internal triage page.
const triageAreas = 10

// plan is an article before it is written: what it is about, when it was
// published and where it lives. Articles are planned and dated first, then
// numbered in publication order, then written, so that bodies can link to
// articles published before them.
type plan struct {
	key      string
	kind     kind
	lang     string
	area     *area
	guide    *guide
	issue    *issue
	title    string
	internal bool
	html     bool
	fresh    bool
	of       *plan // the original of a translation
	site     string
	created  time.Time
	updated  time.Time
	id       string
	url      string
}

// planArticles lists every article of the knowledge base, dated and
// numbered, with ArticleScale-1 site variants of each.
func (g *generator) planArticles() {
	r := rand.New(rand.NewPCG(g.opts.Seed, hash64("plan")))
	var base []*plan
	for _, a := range g.en {
		base = append(base, g.planArea(r, a, "en")...)
	}
	base = append(base, g.planTriage(r)...)
	base = append(base, g.incidentPlans()...)
	for _, a := range g.fr {
		base = append(base, g.planArea(r, a, "fr")...)
	}
	for _, p := range base {
		g.date(r, p)
	}
	g.dateTriage(r, base)
	all := base
	for v := 1; v < g.opts.ArticleScale; v++ {
		for _, p := range base {
			all = append(all, g.variant(r, p, v))
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].created.Before(all[j].created) })
	for i, p := range all {
		p.id = fmt.Sprintf("KB-%04d", i+1)
		p.url = helpSite + "/kb/" + p.id + "-" + slugify(p.title)
		k := p.area.category + "|" + p.lang + "|" + p.site
		g.siblings[k] = append(g.siblings[k], p)
	}
	g.plans = all
}

func (g *generator) planArea(r *rand.Rand, a *area, lang string) []*plan {
	bk := bookFor(lang)
	var out []*plan
	for i := range a.guides {
		gd := &a.guides[i]
		out = append(out, g.newPlan(r, gd.key, kindHowTo, lang, a, gd, nil, gd.title, gd.of, gd.fresh))
	}
	for i := range a.issues {
		is := &a.issues[i]
		out = append(out, g.newPlan(r, is.key, kindTroubleshoot, lang, a, nil, is, is.title, is.of, is.fresh))
	}
	if len(a.faqs) >= 3 {
		title := a.faqTitle
		if title == "" {
			title = capitalize(fmt.Sprintf(pick(r, bk.faqTitle), a.about()))
		}
		of := ""
		if lang == "fr" {
			of = faqKey(a.category, "en")
		}
		out = append(out, g.newPlan(r, faqKey(a.category, lang), kindFAQ, lang, a, nil, nil, title, of, false))
	}
	if len(a.errors) >= 3 {
		title := a.errTitle
		if title == "" {
			title = capitalize(fmt.Sprintf(pick(r, bk.errTitle), a.about()))
		}
		out = append(out, g.newPlan(r, errKey(a.category, lang), kindErrors, lang, a, nil, nil, title, "", false))
	}
	for i := range a.runbooks {
		rb := &a.runbooks[i]
		p := g.newPlan(r, rb.key, kindRunbook, lang, a, rb, nil, rb.title, rb.of, rb.fresh)
		p.internal = true
		out = append(out, p)
	}
	return out
}

func (g *generator) newPlan(r *rand.Rand, key string, k kind, lang string, a *area, gd *guide, is *issue, title, of string, fresh bool) *plan {
	p := &plan{key: key, kind: k, lang: lang, area: a, guide: gd, issue: is, title: title, fresh: fresh}
	p.html = chance(r, 0.16)
	g.byKey[key] = p
	if of != "" {
		p.of = g.byKey[of]
	}
	return p
}

func faqKey(category, lang string) string { return "faq-" + lang + "-" + slugify(category) }
func errKey(category, lang string) string { return "err-" + lang + "-" + slugify(category) }

// planTriage adds an internal first-line checklist for the busiest areas.
func (g *generator) planTriage(r *rand.Rand) []*plan {
	ranked := make([]*area, len(g.en))
	copy(ranked, g.en)
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].weight > ranked[j].weight })
	var out []*plan
	for _, a := range ranked[:min(triageAreas, len(ranked))] {
		title := fmt.Sprintf(pick(r, bookEN.triageTitle), leaf(a.category))
		p := g.newPlan(r, "triage-"+slugify(a.category), kindTriage, "en", a, nil, nil, title, "", false)
		p.internal = true
		out = append(out, p)
	}
	return out
}

// date sets when an article was published and last edited. About a quarter
// are published during the period, after tickets that would have needed
// them: the leak-free simulation must not see them earlier.
func (g *generator) date(r *rand.Rand, p *plan) {
	last := g.end.AddDate(0, 0, -2)
	switch {
	case p.kind == kindIncident:
		// set by incidentPlan
	case p.fresh || chance(r, 0.22):
		p.created = officeHours(r, between(r, g.start.AddDate(0, 0, 20), g.end.AddDate(0, 0, -20)))
	default:
		p.created = officeHours(r, between(r, g.start.AddDate(0, -30, 0), g.start.AddDate(0, 0, -10)))
	}
	if p.of != nil && !p.created.After(p.of.created) {
		p.created = officeHours(r, p.of.created.AddDate(0, 0, 7+r.IntN(90)))
	}
	if p.created.After(last) {
		p.created = officeHours(r, last.AddDate(0, 0, -3))
	}
	p.updated = p.created
	if chance(r, 0.45) && p.kind != kindIncident {
		p.updated = officeHours(r, between(r, p.created, last))
		if p.updated.Before(p.created) {
			p.updated = p.created
		}
	}
}

// dateTriage publishes each triage page after the public articles of its
// area that it links to, as such checklists are written once the articles
// exist.
func (g *generator) dateTriage(r *rand.Rand, base []*plan) {
	last := g.end.AddDate(0, 0, -2)
	for _, t := range base {
		if t.kind != kindTriage {
			continue
		}
		latest := t.created
		for _, p := range base {
			if p.area == t.area && p.lang == "en" && !p.internal && p.created.After(latest) {
				latest = p.created
			}
		}
		if at := officeHours(r, latest.AddDate(0, 0, 3+r.IntN(30))); at.Before(last) {
			t.created, t.updated = at, at
		}
	}
}

// officeHours moves t to a working moment of its day, or the next weekday.
func officeHours(r *rand.Rand, t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || holiday(d) < 0.5 {
		d = d.AddDate(0, 0, 1)
	}
	return d.Add(time.Duration(9*3600+r.IntN(8*3600)) * time.Second)
}

var variantSites = []string{"Leeds HQ", "Birmingham DC", "Daventry DC", "Felixstowe", "Lyon", "Lille"}

// variant copies a planned article for one site, for scale benchmarks: the
// same facts, written again with another random stream and dated anew.
func (g *generator) variant(r *rand.Rand, p *plan, v int) *plan {
	c := *p
	c.site = variantSites[(v-1)%len(variantSites)]
	if round := (v-1)/len(variantSites) + 1; round > 1 {
		c.site += " " + strconv.Itoa(round)
	}
	c.key = p.key + "@" + strconv.Itoa(v)
	c.title = p.title + " (" + c.site + ")"
	if p.kind != kindIncident {
		g.date(r, &c)
	}
	return &c
}

func leaf(category string) string { return category[strings.LastIndexByte(category, '/')+1:] }

// writeArticles turns the plans into open-format articles.
func (g *generator) writeArticles() []files.Article {
	out := make([]files.Article, len(g.plans))
	for i, p := range g.plans {
		out[i] = g.write(p)
	}
	return out
}

func (g *generator) write(p *plan) files.Article {
	r := rand.New(rand.NewPCG(g.opts.Seed, hash64(p.key)))
	bk := bookFor(p.lang)
	d := g.compose(r, p, bk)
	a := files.Article{
		ID: p.id, Title: p.title, URL: p.url, Language: p.lang, Visibility: "public",
		CreatedAt: p.created, UpdatedAt: p.updated, Tags: g.tags(p),
	}
	if p.internal {
		a.Visibility = "internal"
	}
	if p.html {
		a.Format, a.Body = "html", d.html()
	} else {
		title := p.title
		if chance(r, 0.2) {
			title = ""
		}
		a.Format, a.Body = "markdown", d.markdown(title)
	}
	return a
}

func (g *generator) compose(r *rand.Rand, p *plan, bk *book) *doc {
	switch p.kind {
	case kindTroubleshoot:
		return g.troubleshoot(r, p, bk)
	case kindFAQ:
		return g.faqDoc(r, p, bk)
	case kindErrors:
		return g.errorsDoc(r, p, bk)
	case kindTriage:
		return g.triageDoc(r, p, bk)
	case kindIncident:
		return g.incidentDoc(p)
	}
	return g.howTo(r, p, bk)
}

func (g *generator) tags(p *plan) []string {
	tags := append([]string{}, p.area.tags...)
	tags = append(tags, kindTags[p.kind])
	if p.guide != nil {
		tags = append(tags, p.guide.tags...)
	}
	if p.issue != nil {
		tags = append(tags, p.issue.tags...)
	}
	if p.site != "" {
		tags = append(tags, slugify(p.site))
	}
	return tags
}
