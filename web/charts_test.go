package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

func rate(v float64) *float64 { return &v }

func TestLineChart(t *testing.T) {
	cases := []struct {
		name                  string
		xs                    []string
		ss                    []chartSeries
		polylines, circles    int
		mustHave, mustNotHave string
	}{
		{"one line", []string{"a", "b", "c"}, []chartSeries{{"auto", []*float64{rate(0.1), rate(0.5), rate(1)}}}, 1, 3, `aria-label="t"`, ""},
		{"a gap breaks the line", []string{"a", "b", "c", "d"}, []chartSeries{{"auto", []*float64{rate(0.1), nil, rate(0.5), rate(0.6)}}}, 1, 3, "", ""},
		{"isolated points are dots", []string{"a", "b", "c"}, []chartSeries{{"auto", []*float64{rate(0.1), nil, rate(0.5)}}}, 0, 2, "", ""},
		{"labels are escaped", []string{`<script>alert(1)</script>`}, []chartSeries{{`<img src=x onerror=alert(1)>`, []*float64{rate(0.5)}}}, 0, 1,
			"&lt;img src=x onerror=alert(1)&gt;", "<script"},
		{"values are clamped", []string{"a", "b"}, []chartSeries{{"s", []*float64{rate(-1), rate(7)}}}, 1, 2, `cy="28.0"`, `cy="-`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svg := string(lineChart("t", tc.xs, tc.ss))
			if n := strings.Count(svg, "<polyline"); n != tc.polylines {
				t.Errorf("%d polylines, want %d", n, tc.polylines)
			}
			if n := strings.Count(svg, "<circle"); n != tc.circles {
				t.Errorf("%d points, want %d", n, tc.circles)
			}
			if tc.mustHave != "" && !strings.Contains(svg, tc.mustHave) {
				t.Errorf("no %q in %s", tc.mustHave, svg)
			}
			if tc.mustNotHave != "" && strings.Contains(svg, tc.mustNotHave) {
				t.Errorf("%q in %s", tc.mustNotHave, svg)
			}
		})
	}
	if lineChart("t", nil, nil) != "" || barChart("t", nil, nil) != "" {
		t.Error("an empty chart drew something")
	}
}

func TestBarChartScalesToTheLargest(t *testing.T) {
	svg := string(barChart("volume", []string{"w1", `w"2`}, []float64{50, 100}))
	heights := regexp.MustCompile(`class="bar"`).FindAllStringIndex(svg, -1)
	if len(heights) != 2 {
		t.Fatalf("%d bars, want 2", len(heights))
	}
	h := regexp.MustCompile(`height="([0-9.]+)" class="bar"`).FindAllStringSubmatch(svg, -1)
	if h[0][1] != "98.0" || h[1][1] != "196.0" {
		t.Errorf("bar heights %s and %s, want half and full (98, 196)", h[0][1], h[1][1])
	}
	if !strings.Contains(svg, "w&#34;2") {
		t.Errorf("a label was not escaped: %s", svg)
	}
}

// TestAdminWordsAreTranslated keeps the admin pages complete in French,
// and every key an admin template names defined.
func TestAdminWordsAreTranslated(t *testing.T) {
	for key := range messages["en"] {
		prefix, _, _ := strings.Cut(key, ".")
		switch prefix {
		case "admin", "kpi", "policy", "sim", "users", "teams", "categories", "sources", "role":
			if _, ok := messages["fr"][key]; !ok {
				t.Errorf("%s has no French", key)
			}
		}
	}
	names, err := fs.Glob(templateFS, "templates/admin_*.html")
	if err != nil || len(names) < 8 {
		t.Fatalf("admin templates: %v %v", names, err)
	}
	keyRE := regexp.MustCompile(`\.T "([a-z0-9.]+)"`)
	for _, n := range names {
		b, _ := fs.ReadFile(templateFS, n)
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			if _, ok := messages["en"][m[1]]; !ok {
				t.Errorf("%s names %s, which has no words", n, m[1])
			}
		}
	}
}
