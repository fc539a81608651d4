package metrics_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"deskpilot/metrics"
)

func scrape(t *testing.T, r *metrics.Registry) string {
	t.Helper()
	var b strings.Builder
	if err := r.WriteText(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	checkFormat(t, b.String())
	return b.String()
}

// Lines of the text format: comments, and samples with optional labels.
var (
	helpLine   = regexp.MustCompile(`^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$`)
	typeLine   = regexp.MustCompile(`^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$`)
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (\S+)$`)
)

// checkFormat checks every line against the exposition format, that each
// family's TYPE comes once and before its samples, and that values parse.
func checkFormat(t *testing.T, text string) {
	t.Helper()
	typed := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# HELP "):
			if !helpLine.MatchString(line) {
				t.Errorf("bad HELP line %q", line)
			}
		case strings.HasPrefix(line, "# TYPE "):
			m := typeLine.FindStringSubmatch(line)
			if m == nil || typed[m[1]] != "" {
				t.Errorf("bad or repeated TYPE line %q", line)
				continue
			}
			typed[m[1]] = m[2]
		default:
			m := sampleLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("bad sample line %q", line)
				continue
			}
			name := m[1]
			base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_sum"), "_count")
			if typed[name] == "" && typed[base] != "histogram" {
				t.Errorf("sample %q before its TYPE", line)
			}
			if v := m[len(m)-1]; v != "+Inf" && v != "-Inf" && v != "NaN" {
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					t.Errorf("value of %q: %v", line, err)
				}
			}
		}
	}
}

func TestCountersGaugesAndLabels(t *testing.T) {
	r := metrics.NewRegistry()
	req := r.Counter("http_requests_total", "Requests.", "route", "status")
	req.Inc("/a", "200")
	req.Inc("/a", "200")
	req.Add(3, "/b", "500")
	req.Add(-1, "/b", "500") // a counter never goes down
	r.Gauge("up", "Up.")
	lag := r.Gauge("lag_seconds", "Lag.", "source")
	lag.Set(12.5, `quo"te\back`+"\nline")
	lag.Set(3, "b")
	lag.Add(-1, "b")
	out := scrape(t, r)
	for _, want := range []string{
		"# TYPE http_requests_total counter\n",
		`http_requests_total{route="/a",status="200"} 2` + "\n",
		`http_requests_total{route="/b",status="500"} 3` + "\n",
		"up 0\n", // shown before any sample
		`lag_seconds{source="b"} 2` + "\n",
		`lag_seconds{source="quo\"te\\back\nline"} 12.5` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	lag.Reset()
	if out := scrape(t, r); strings.Contains(out, "lag_seconds{") {
		t.Errorf("series left after Reset:\n%s", out)
	}
}

func TestHistogramBucketsAreCumulative(t *testing.T) {
	r := metrics.NewRegistry()
	h := r.Histogram("latency_seconds", "Latency.", []float64{0.1, 1}, "route")
	for _, v := range []float64{0.05, 0.1, 0.5, 2, 30} {
		h.Observe(v, "/x")
	}
	out := scrape(t, r)
	for _, want := range []string{
		`latency_seconds_bucket{route="/x",le="0.1"} 2`, // 0.1 falls in le="0.1"
		`latency_seconds_bucket{route="/x",le="1"} 3`,
		`latency_seconds_bucket{route="/x",le="+Inf"} 5`,
		`latency_seconds_sum{route="/x"} 32.65`,
		`latency_seconds_count{route="/x"} 5`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestCardinalityIsCapped(t *testing.T) {
	r := metrics.NewRegistry()
	c := r.Counter("paths_total", "Paths.", "path")
	for i := range metrics.DefaultMaxSeries + 10 {
		c.Inc(fmt.Sprint("/p/", i))
	}
	c.Inc("too", "many", "labels")
	out := scrape(t, r)
	if n := strings.Count(out, "paths_total{"); n != metrics.DefaultMaxSeries {
		t.Errorf("%d series, want the cap %d", n, metrics.DefaultMaxSeries)
	}
	if !strings.Contains(out, "metrics_dropped_samples_total 11\n") {
		t.Errorf("dropped samples not counted:\n%s", out[len(out)-300:])
	}
}

func TestRegisteringTwice(t *testing.T) {
	r := metrics.NewRegistry()
	a := r.Counter("x_total", "X.", "l")
	a.Inc("v")
	r.Counter("x_total", "X.", "l").Inc("v") // the same family
	if out := scrape(t, r); !strings.Contains(out, `x_total{l="v"} 2`) {
		t.Errorf("second registration is not the first family:\n%s", out)
	}
	for name, register := range map[string]func(){
		"other labels": func() { r.Counter("x_total", "X.", "m") },
		"other kind":   func() { r.Gauge("x_total", "X.", "l") },
		"bad name":     func() { r.Gauge("bad-name", "X.") },
		"bad label":    func() { r.Gauge("ok", "X.", "le") },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			register()
		})
	}
}

func TestScrapeHooksRefreshGauges(t *testing.T) {
	r := metrics.NewRegistry()
	depth := r.Gauge("queue_depth", "Depth.", "status")
	n := 0
	r.OnScrape(func(ctx context.Context) {
		n++
		depth.Reset()
		depth.Set(float64(n), "queued")
	})
	metrics.RegisterRuntime(r, time.Unix(1700000000, 0))
	scrape(t, r)
	out := scrape(t, r)
	if !strings.Contains(out, `queue_depth{status="queued"} 2`) || !strings.Contains(out, "process_start_time_seconds 1.7e+09") ||
		!regexp.MustCompile(`go_goroutines [1-9]`).MatchString(out) {
		t.Errorf("scrape:\n%s", out)
	}
}

func TestConcurrentUpdatesAndHandler(t *testing.T) {
	r := metrics.NewRegistry()
	c := r.Counter("hits_total", "Hits.", "k")
	h := r.Histogram("d_seconds", "D.", metrics.HTTPBuckets)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Inc(fmt.Sprint(i % 2))
				h.Observe(0.01)
			}
		})
	}
	wg.Wait()
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	checkFormat(t, body)
	if rec.Header().Get("Content-Type") != metrics.ContentType || !strings.Contains(body, `hits_total{k="0"} 4000`) ||
		!strings.Contains(body, `hits_total{k="1"} 4000`) || !strings.Contains(body, "d_seconds_count 8000") {
		t.Errorf("%s\n%s", rec.Header(), body)
	}
}
