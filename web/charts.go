package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Charts are SVG drawn here, styled by classes of admin.css (the CSP
// allows no inline style), the same look as the simulation report's.
// Every text that comes from data is escaped.

// Chart geometry, in SVG user units.
const (
	chartW, chartH     = 720, 260
	chartL, chartR     = 48, 16
	chartT, chartB     = 28, 36
	maxXLabels         = 12
	legendW, legendGap = 14, 150
)

// chartSeries is one line of a chart: a value per x position, nil where
// there is none (the line breaks there).
type chartSeries struct {
	Name   string
	Values []*float64
}

// lineChart draws rates between 0 and 1 against labelled x positions,
// with a legend; label is the chart's accessible name.
func lineChart(label string, xs []string, ss []chartSeries) template.HTML {
	if len(xs) == 0 {
		return ""
	}
	x := func(i int) float64 {
		if len(xs) == 1 {
			return chartL + float64(chartW-chartL-chartR)/2
		}
		return chartL + float64(i)*float64(chartW-chartL-chartR)/float64(len(xs)-1)
	}
	y := func(v float64) float64 { return chartT + (1-chartClamp(v))*float64(chartH-chartT-chartB) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartW, chartH, html.EscapeString(label))
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="grid"/><text x="%d" y="%.1f" class="axis" text-anchor="end">%.0f%%</text>`,
			chartL, chartW-chartR, y(v), y(v), chartL-6, y(v)+4, 100*v)
	}
	chartXLabels(&b, xs, x)
	for k, s := range ss {
		fmt.Fprintf(&b, `<rect x="%d" y="6" width="%d" height="%d" class="s%d fill"/><text x="%d" y="17" class="axis">%s</text>`,
			chartL+k*legendGap, legendW, legendW-4, k%6, chartL+k*legendGap+legendW+4, html.EscapeString(s.Name))
		var seg []string
		flush := func() {
			if len(seg) > 1 {
				fmt.Fprintf(&b, `<polyline class="s%d line" points="%s"/>`, k%6, strings.Join(seg, " "))
			}
			seg = seg[:0]
		}
		for i, v := range s.Values {
			if i >= len(xs) || v == nil {
				flush()
				continue
			}
			seg = append(seg, fmt.Sprintf("%.1f,%.1f", x(i), y(*v)))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" class="s%d fill"><title>%s %s: %.1f%%</title></circle>`,
				x(i), y(*v), k%6, html.EscapeString(s.Name), html.EscapeString(xs[i]), 100**v)
		}
		flush()
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203: numbers and escaped labels only
}

// barChart draws one bar per x position, scaled to the largest value;
// label is the chart's accessible name.
func barChart(label string, xs []string, values []float64) template.HTML {
	if len(xs) == 0 || len(values) != len(xs) {
		return ""
	}
	top := 0.0
	for _, v := range values {
		top = max(top, v)
	}
	if top == 0 {
		top = 1
	}
	slot := float64(chartW-chartL-chartR) / float64(len(xs))
	x := func(i int) float64 { return chartL + slot*(float64(i)+0.5) }
	y := func(v float64) float64 { return chartT + (1-v/top)*float64(chartH-chartT-chartB) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartW, chartH, html.EscapeString(label))
	for _, f := range []float64{0, 0.5, 1} {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="grid"/><text x="%d" y="%.1f" class="axis" text-anchor="end">%s</text>`,
			chartL, chartW-chartR, y(f*top), y(f*top), chartL-6, y(f*top)+4, chartNumber(f*top))
	}
	chartXLabels(&b, xs, x)
	w := max(slot*0.7, 1)
	for i, v := range values {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="bar"><title>%s: %s</title></rect>`,
			x(i)-w/2, y(v), w, y(0)-y(v), html.EscapeString(xs[i]), chartNumber(v))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203: numbers and escaped labels only
}

// chartXLabels writes at most maxXLabels of the x labels, evenly spread.
func chartXLabels(b *strings.Builder, xs []string, x func(int) float64) {
	step := (len(xs) + maxXLabels - 1) / maxXLabels
	for i := 0; i < len(xs); i += step {
		fmt.Fprintf(b, `<text x="%.1f" y="%d" class="axis" text-anchor="middle">%s</text>`, x(i), chartH-chartB+18, html.EscapeString(xs[i]))
	}
}

func chartClamp(v float64) float64 { return min(max(v, 0), 1) }

// chartNumber writes a count or a mean compactly: 12, 3.5, 1.2k.
func chartNumber(v float64) string {
	switch {
	case v >= 10000:
		return fmt.Sprintf("%.0fk", v/1000)
	case v >= 1000:
		return fmt.Sprintf("%.1fk", v/1000)
	case v == float64(int64(v)):
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}
