package simulation

import (
	"embed"
	"fmt"
	"html"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"deskpilot/assistant"
)

// Meta describes a run for the report's header.
type Meta struct {
	Title    string    // what was replayed, such as the ticket file
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Drafter  string    // "extractive" or the LLM model
	Judge    string    // "offline" or "llm"
}

//go:embed report.html.tmpl
var templateFS embed.FS

var reportTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"pct":  func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
	"f2":   func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"usd":  func(f float64) string { return fmt.Sprintf("$%.2f", f) },
	"hrs":  func(f float64) string { return fmt.Sprintf("%.1f", f) },
	"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
}).ParseFS(templateFS, "report.html.tmpl"))

// maxSample is how many tickets the report shows with their drafts.
const maxSample = 12

// WriteHTML writes report.html: one self-contained page, summary first,
// charts drawn as inline SVG, the per-category table and a sample of
// tickets with the draft beside the agent's real answer.
func WriteHTML(w io.Writer, rep *Report, decided []Decided, meta Meta) error {
	reasons := make([]reasonRow, 0, len(rep.HandoffReasons))
	for r, n := range rep.HandoffReasons {
		if n > 0 {
			reasons = append(reasons, reasonRow{string(r), n})
		}
	}
	sort.Slice(reasons, func(i, j int) bool { return reasons[i].N > reasons[j].N })
	return reportTemplate.Execute(w, map[string]any{
		"R": rep, "Meta": meta, "Reasons": reasons, "Sample": sample(decided),
		"Curve":      template.HTML(curveSVG(rep.Curve, rep.Recommendation.Policy.Default)), // #nosec: built from numbers
		"Categories": template.HTML(categorySVG(rep.PerCategory)),                           // labels escaped inside
		"Rules":      rules(rep.Recommendation.Policy),
	})
}

type reasonRow struct {
	Reason string
	N      int
}

type ruleRow struct {
	Category, Mode string
	Threshold      float64
}

func rules(p assistant.Policy) []ruleRow {
	out := []ruleRow{{"default", string(p.Default.Mode), p.Default.Threshold}}
	var cats []string
	for c := range p.Categories {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		out = append(out, ruleRow{c, string(p.Categories[c].Mode), p.Categories[c].Threshold})
	}
	return out
}

// sample picks tickets of every outcome: resolved automatically,
// automated but judged wrong, suggested, handed off.
func sample(decided []Decided) []Decided {
	var groups [4][]Decided
	for _, d := range decided {
		switch {
		case d.Decision == assistant.DecisionAuto && d.JudgedResolved:
			groups[0] = append(groups[0], d)
		case d.Decision == assistant.DecisionAuto:
			groups[1] = append(groups[1], d)
		case d.Decision == assistant.DecisionSuggest:
			groups[2] = append(groups[2], d)
		default:
			groups[3] = append(groups[3], d)
		}
	}
	var out []Decided
	for i := 0; len(out) < maxSample; i++ {
		added := false
		for g := range groups {
			// Spread the picks over the history: every k-th ticket.
			if n := len(groups[g]); n > 0 && i < 3 {
				out = append(out, groups[g][(i*n)/3])
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH = 640, 280
	padL, padR     = 48, 16
	padT, padB     = 16, 36
)

// curveSVG draws precision and automation rate against the threshold, with
// the recommended default threshold marked.
func curveSVG(points []CurvePoint, def assistant.Rule) string {
	if len(points) == 0 {
		return ""
	}
	x := func(t float64) float64 { return padL + t*(chartW-padL-padR) }
	y := func(v float64) float64 { return padT + (1-v)*(chartH-padT-padB) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" role="img" aria-label="Precision and automation rate by confidence threshold">`, chartW, chartH)
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="grid"/><text x="%d" y="%.1f" class="axis" text-anchor="end">%.0f%%</text>`,
			padL, chartW-padR, y(v), y(v), padL-6, y(v)+4, 100*v)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="axis" text-anchor="middle">%.2f</text>`, x(v), chartH-padB+18, v)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="axis" text-anchor="middle">confidence threshold</text>`, x(0.5), chartH-2)
	line := func(class string, val func(CurvePoint) float64) {
		b.WriteString(`<polyline class="` + class + `" points="`)
		for _, p := range points {
			fmt.Fprintf(&b, "%.1f,%.1f ", x(p.Threshold), y(val(p)))
		}
		b.WriteString(`"/>`)
	}
	line("precision", func(p CurvePoint) float64 { return p.Precision })
	line("automation", func(p CurvePoint) float64 { return p.AutomationRate })
	if def.Mode == assistant.ModeAuto {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" class="marker"/><text x="%.1f" y="%d" class="axis">recommended</text>`,
			x(def.Threshold), x(def.Threshold), padT, chartH-padB, x(def.Threshold)+4, padT+12)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// categorySVG draws each category's automation rate as a bar, the
// biggest categories first.
func categorySVG(rows []CategoryRow) string {
	rows = rows[:min(len(rows), 15)]
	if len(rows) == 0 {
		return ""
	}
	const rowH, labelW = 22, 220
	h := len(rows)*rowH + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" role="img" aria-label="Automation rate by category">`, chartW, h)
	for i, r := range rows {
		yy := i*rowH + 4
		label := r.Category
		if len([]rune(label)) > 32 {
			label = string([]rune(label)[:31]) + "…"
		}
		w := r.AutomationRate * float64(chartW-labelW-60)
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis" text-anchor="end">%s</text>`, labelW-6, yy+15, html.EscapeString(label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" class="bar"/>`, labelW, yy+3, w, rowH-6)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="axis">%.0f%% of %d</text>`, float64(labelW)+w+6, yy+15, 100*r.AutomationRate, r.Tickets)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
