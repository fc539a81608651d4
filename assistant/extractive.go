package assistant

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"deskpilot/retrieval"
)

// Bounds of an extractive draft's body.
const (
	maxSteps        = 8
	maxSentences    = 3
	maxBodyChars    = 1200
	alsoSeeAtLeast  = 0.8 // a second article is mentioned when it scores this share of the first
	alsoSeeCoverage = 0.3 // and holds this share of the question's words
)

var (
	listItemRE = regexp.MustCompile(`^\s*(?:[-*•]|\d{1,2}[.)])\s+(.*)$`)
	markerRE   = regexp.MustCompile(`\[(\d{1,3})\]`)
)

// extractive builds a draft from the best document without a language
// model: a greeting, the steps or sentences of the best passages that
// bear on the question, the sources and a closing line, framed in the
// user's language. The body stays in its source's language: it is quoted,
// not translated.
func extractive(req Request, said, lang string, ev *evidence) (string, []Citation) {
	if len(ev.docs) == 0 {
		return "", nil
	}
	best := ev.docs[0]
	ps := passagesOf(ev.cited, best.ref)
	if len(ps) == 0 {
		return "", nil
	}
	var body string
	if best.ref.Kind == retrieval.KindTicket {
		body = agentReply(ticketAnswer(ps[0].Text))
	} else {
		body = extract(ps, retrieval.ContentWords(said))
	}
	if strings.TrimSpace(body) == "" {
		return "", nil
	}
	ph := phrasesFor(lang)
	cites := []Citation{ps[0].citation()}
	var b strings.Builder
	b.WriteString(ph.greeting(req.Name))
	b.WriteString("\n\n")
	if best.ref.Kind == retrieval.KindTicket {
		fmt.Fprintf(&b, ph.fromTicket, ps[0].Marker)
	} else {
		fmt.Fprintf(&b, ph.fromArticle, ps[0].Title, ps[0].Marker)
	}
	b.WriteString("\n\n")
	b.WriteString(body)
	if also := alsoSee(ev, best, retrieval.ContentWords(said)); also != nil {
		b.WriteString("\n\n")
		fmt.Fprintf(&b, ph.alsoSee, also.Title, also.Marker)
		cites = append(cites, also.citation())
	}
	b.WriteString("\n\n")
	b.WriteString(ph.sources)
	for _, c := range cites {
		fmt.Fprintf(&b, "\n[%d] %s", c.Marker, c.Title)
		if c.URL != "" {
			b.WriteString(" - " + c.URL)
		}
	}
	b.WriteString("\n\n")
	b.WriteString(ph.closing)
	return b.String(), cites
}

// alsoSee returns the first passage of the runner-up article when it is
// nearly as good as the best document: ranked close, found by both
// indexes, and holding most of the question's words.
func alsoSee(ev *evidence, best *doc, question []string) *Passage {
	if len(ev.docs) < 2 {
		return nil
	}
	next := ev.docs[1]
	top := next.top()
	if next.ref.Kind != retrieval.KindArticle || next.score < alsoSeeAtLeast*best.score || top.LexicalRank == 0 || top.VectorRank == 0 {
		return nil
	}
	if retrieval.Coverage(question, retrieval.WordSet(next.text())) < alsoSeeCoverage {
		return nil
	}
	if ps := passagesOf(ev.cited, next.ref); len(ps) > 0 {
		return &ps[0]
	}
	return nil
}

// extract picks what to quote from an article's passages: its lists of
// steps that bear on the question (see pickLists), else the sentences
// that share the most words with the question, in their own order.
func extract(ps []Passage, question []string) string {
	var lists []list
	for _, p := range ps {
		lists = append(lists, listsOf(p.Text)...)
	}
	if steps := renderLists(pickLists(lists, question)); steps != "" {
		return steps
	}
	return bestSentences(ps[0].Text, question)
}

// list is a block of list items in an article, with the heading it sits
// under and the line that introduces it.
type list struct {
	heading, intro string
	ordered        bool
	items          []string
	score          float64
}

// listsOf finds the lists of two items or more in text.
func listsOf(text string) []list {
	var out []list
	var cur *list
	heading, prose := "", ""
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if m := listItemRE.FindStringSubmatch(line); m != nil {
			if cur == nil {
				cur = &list{heading: heading, intro: introOf(prose), ordered: t[0] >= '0' && t[0] <= '9'}
			}
			cur.items = append(cur.items, strings.TrimSpace(m[1]))
			continue
		}
		if t == "" {
			continue
		}
		if cur != nil {
			if len(cur.items) >= 2 {
				out = append(out, *cur)
			}
			cur = nil
		}
		switch {
		case strings.HasPrefix(t, "#"):
			heading, prose = strings.TrimSpace(strings.TrimLeft(t, "#")), ""
		case strings.HasPrefix(t, "|") || strings.HasPrefix(t, "```"):
			prose = ""
		default:
			prose = t
		}
	}
	if cur != nil && len(cur.items) >= 2 {
		out = append(out, *cur)
	}
	return out
}

// introOf keeps the prose line before a list when it introduces it.
func introOf(prose string) string {
	if strings.HasSuffix(prose, ":") || (prose != "" && len(prose) < 160) {
		return prose
	}
	return ""
}

var (
	symptomHeadingRE = regexp.MustCompile(`(?i)\b(signs?|symptoms?|what you see|you may see|causes?|before you (start|begin)|prerequisites?|getting help|contact|symptômes?|signes?|causes? possibles?|avant de commencer|obtenir de l'aide|contacter)\b`)
	fixHeadingRE     = regexp.MustCompile(`(?i)\b(fix|steps?|solution|solve|resolve|how to|what to do|try|workaround|instructions?|procedure|set up|install|reset|étapes?|résoudre|que faire|procédure|installer|réinitialiser)\b`)
)

// pickLists scores lists and keeps the best, with the lists nearly as good
// (the fixes of each likely cause, say), at most three. Numbered lists are
// steps; lists under a heading of symptoms or causes are not what to do;
// lists whose words the question shares are about it.
func pickLists(lists []list, question []string) []list {
	if len(lists) == 0 {
		return nil
	}
	qset := make(map[string]bool, len(question))
	for _, w := range question {
		qset[w] = true
	}
	best := math.Inf(-1)
	for i := range lists {
		l := &lists[i]
		if l.ordered {
			l.score += 2
		}
		if symptomHeadingRE.MatchString(l.heading) {
			l.score -= 4
		}
		if fixHeadingRE.MatchString(l.heading) || fixHeadingRE.MatchString(l.intro) {
			l.score++
		}
		l.score += 2 * retrieval.Coverage(retrieval.ContentWords(l.heading+" "+l.intro+" "+strings.Join(l.items, " ")), qset)
		best = max(best, l.score)
	}
	if best < 0 {
		return nil
	}
	var out []list
	for _, l := range lists {
		if l.score >= best-0.75 && len(out) < 3 {
			out = append(out, l)
		}
	}
	return out
}

// renderLists writes the chosen lists: one with its introduction, several
// each under its heading.
func renderLists(lists []list) string {
	var b strings.Builder
	for _, l := range lists {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		switch {
		case len(lists) > 1 && l.heading != "":
			b.WriteString(l.heading + ":\n")
		case l.intro != "":
			b.WriteString(l.intro + "\n")
		}
		for i, it := range l.items[:min(len(l.items), maxSteps)] {
			if l.ordered {
				fmt.Fprintf(&b, "%d. %s\n", i+1, it)
			} else {
				fmt.Fprintf(&b, "- %s\n", it)
			}
		}
		if b.Len() > maxBodyChars {
			break
		}
	}
	return truncateRunes(strings.TrimRight(b.String(), "\n"), maxBodyChars)
}

// bestSentences returns up to maxSentences sentences of text, those that
// share most content words with the question (earlier sentences win
// ties), in the order they appear.
func bestSentences(text string, question []string) string {
	qset := make(map[string]bool, len(question))
	for _, w := range question {
		qset[w] = true
	}
	type sent struct {
		text  string
		pos   int
		score float64
	}
	var ss []sent
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "```") {
			continue
		}
		for _, s := range splitSentences(line) {
			ws := retrieval.ContentWords(s)
			n := 0
			for _, w := range ws {
				if qset[w] {
					n++
				}
			}
			ss = append(ss, sent{text: s, pos: len(ss), score: float64(n) - 0.05*float64(len(ss))})
		}
	}
	if len(ss) == 0 {
		return ""
	}
	ranked := slices.Clone(ss)
	slices.SortStableFunc(ranked, func(a, b sent) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	var keep []sent
	size := 0
	for _, s := range ranked {
		if len(keep) == maxSentences || (size > 0 && size+len(s.text) > maxBodyChars) {
			break
		}
		keep, size = append(keep, s), size+len(s.text)+1
	}
	slices.SortFunc(keep, func(a, b sent) int { return a.pos - b.pos })
	parts := make([]string, len(keep))
	for i, s := range keep {
		parts[i] = s.text
	}
	return truncateRunes(strings.Join(parts, " "), maxBodyChars)
}

// agentReply strips the greeting, thanks and sign-off of an agent's
// answer, which the draft's own frame replaces.
func agentReply(text string) string {
	return truncateRunes(retrieval.StripPleasantries(text), maxBodyChars)
}

// truncateRunes cuts s to at most n runes, at a word boundary, adding an
// ellipsis when it cut.
func truncateRunes(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexAny(string(r), " \n"); i > n/2 {
		return strings.TrimRight(string(r)[:i], " \n,;:") + "…"
	}
	return string(r) + "…"
}
