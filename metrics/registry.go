package metrics

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// DefaultMaxSeries caps the label combinations of one family; samples for
// more are dropped (and counted in metrics_dropped_samples_total).
const DefaultMaxSeries = 1000

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Buckets for latency histograms, in seconds.
var (
	// HTTPBuckets suit web requests: 5 ms to 10 s.
	HTTPBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
	// SlowBuckets suit calls to remote models: 50 ms to 2 min.
	SlowBuckets = []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}
)

var (
	nameRE  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelRE = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// Registry holds metric families and writes them. It is safe for
// concurrent use; the zero value is not: use NewRegistry.
type Registry struct {
	mu       sync.Mutex
	families map[string]*family
	hooks    []func(ctx context.Context)
	scrape   sync.Mutex // one scrape at a time: hooks reset and refill gauges
	dropped  atomic.Int64
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{families: map[string]*family{}} }

type kind string

const (
	counterKind   kind = "counter"
	gaugeKind     kind = "gauge"
	histogramKind kind = "histogram"
)

// family is a named metric and its series, one per combination of label
// values.
type family struct {
	reg     *Registry
	name    string
	help    string
	kind    kind
	labels  []string
	buckets []float64 // upper bounds, ascending, without +Inf

	mu     sync.Mutex
	series map[string]*series
}

// series is one combination of label values.
type series struct {
	values []string
	val    atomicFloat     // counter or gauge value; histogram sum
	counts []atomic.Uint64 // histogram: per bucket, the last one +Inf
}

// atomicFloat is a float64 updated without a lock.
type atomicFloat struct{ bits atomic.Uint64 }

func (f *atomicFloat) load() float64   { return math.Float64frombits(f.bits.Load()) }
func (f *atomicFloat) store(v float64) { f.bits.Store(math.Float64bits(v)) }
func (f *atomicFloat) add(v float64) {
	for {
		old := f.bits.Load()
		if f.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// register returns the family of name, creating it; asking twice for the
// same family returns the first, asking for another kind or other labels
// under a taken name is a programming error and panics.
func (r *Registry) register(name, help string, k kind, buckets []float64, labels []string) *family {
	if !nameRE.MatchString(name) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", name))
	}
	for _, l := range labels {
		if !labelRE.MatchString(l) || strings.HasPrefix(l, "__") || l == "le" {
			panic(fmt.Sprintf("metrics: %s: invalid label name %q", name, l))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.families[name]; ok {
		if f.kind != k || !slices.Equal(f.labels, labels) || !slices.Equal(f.buckets, buckets) {
			panic(fmt.Sprintf("metrics: %s registered twice, differently", name))
		}
		return f
	}
	f := &family{reg: r, name: name, help: help, kind: k, labels: slices.Clone(labels),
		buckets: slices.Clone(buckets), series: map[string]*series{}}
	if len(labels) == 0 {
		f.get(nil) // a metric without labels shows 0 before its first sample
	}
	r.families[name] = f
	return f
}

// get returns the series of values, creating it; nil when values do not
// fit the labels or the family is full.
func (f *family) get(values []string) *series {
	if len(values) != len(f.labels) {
		f.reg.dropped.Add(1)
		return nil
	}
	key := strings.Join(values, "\xff")
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.series[key]; ok {
		return s
	}
	if len(f.series) >= DefaultMaxSeries {
		f.reg.dropped.Add(1)
		return nil
	}
	s := &series{values: slices.Clone(values)}
	if f.kind == histogramKind {
		s.counts = make([]atomic.Uint64, len(f.buckets)+1)
	}
	f.series[key] = s
	return s
}

// Counter is a value that only goes up: requests, errors, tokens.
type Counter struct{ f *family }

// Counter registers a counter with the given label names.
func (r *Registry) Counter(name, help string, labels ...string) *Counter {
	return &Counter{r.register(name, help, counterKind, nil, labels)}
}

// Inc adds 1 to the series of the label values.
func (c *Counter) Inc(values ...string) { c.Add(1, values...) }

// Add adds v, which must not be negative, to the series of the label
// values; a negative or NaN v is ignored.
func (c *Counter) Add(v float64, values ...string) {
	if !(v >= 0) {
		return
	}
	if s := c.f.get(values); s != nil {
		s.val.add(v)
	}
}

// Gauge is a value that goes up and down: a queue's depth, a lag.
type Gauge struct{ f *family }

// Gauge registers a gauge with the given label names.
func (r *Registry) Gauge(name, help string, labels ...string) *Gauge {
	return &Gauge{r.register(name, help, gaugeKind, nil, labels)}
}

// Set sets the series of the label values to v.
func (g *Gauge) Set(v float64, values ...string) {
	if s := g.f.get(values); s != nil {
		s.val.store(v)
	}
}

// Add adds v (negative to subtract) to the series of the label values.
func (g *Gauge) Add(v float64, values ...string) {
	if s := g.f.get(values); s != nil {
		s.val.add(v)
	}
}

// Reset forgets every series, so that a scrape hook refilling the gauge
// leaves out what no longer exists (a source removed from the config).
func (g *Gauge) Reset() {
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	clear(g.f.series)
}

// Histogram counts observations in buckets: latencies.
type Histogram struct{ f *family }

// Histogram registers a histogram with the given bucket upper bounds
// (ascending; +Inf is implied) and label names.
func (r *Registry) Histogram(name, help string, buckets []float64, labels ...string) *Histogram {
	if len(buckets) == 0 || !slices.IsSorted(buckets) || math.IsInf(buckets[len(buckets)-1], 1) {
		panic(fmt.Sprintf("metrics: %s: buckets must be ascending and finite", name))
	}
	return &Histogram{r.register(name, help, histogramKind, buckets, labels)}
}

// Observe records v in the series of the label values.
func (h *Histogram) Observe(v float64, values ...string) {
	if math.IsNaN(v) {
		return
	}
	s := h.f.get(values)
	if s == nil {
		return
	}
	i, _ := slices.BinarySearch(h.f.buckets, v) // the first bound >= v
	s.counts[i].Add(1)
	s.val.add(v)
}

// OnScrape adds a hook run before each scrape, to set gauges whose values
// live elsewhere. Hooks run one scrape at a time, in the order added; ctx
// is the scrape's, and a hook should bound its own work with it.
func (r *Registry) OnScrape(hook func(ctx context.Context)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hooks = append(r.hooks, hook)
}

// WriteText runs the scrape hooks, then writes every family in the text
// exposition format, by name, each family's series by label values.
func (r *Registry) WriteText(ctx context.Context, w io.Writer) error {
	r.scrape.Lock()
	defer r.scrape.Unlock()
	r.mu.Lock()
	hooks := slices.Clone(r.hooks)
	fams := make([]*family, 0, len(r.families))
	for _, f := range r.families {
		fams = append(fams, f)
	}
	r.mu.Unlock()
	for _, h := range hooks {
		h(ctx)
	}
	slices.SortFunc(fams, func(a, b *family) int { return strings.Compare(a.name, b.name) })
	var b bytes.Buffer
	for _, f := range fams {
		f.write(&b)
	}
	fmt.Fprintf(&b, "# HELP metrics_dropped_samples_total Samples dropped for a wrong number of labels or a full family.\n"+
		"# TYPE metrics_dropped_samples_total counter\nmetrics_dropped_samples_total %d\n", r.dropped.Load())
	_, err := w.Write(b.Bytes())
	return err
}

// Handler serves WriteText over HTTP, to whoever reaches it: put access
// control in front of it.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var b bytes.Buffer
		if err := r.WriteText(req.Context(), &b); err != nil {
			http.Error(w, "metrics: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(b.Bytes())
	})
}

func (f *family) write(b *bytes.Buffer) {
	f.mu.Lock()
	list := make([]*series, 0, len(f.series))
	for _, s := range f.series {
		list = append(list, s)
	}
	f.mu.Unlock()
	slices.SortFunc(list, func(a, b *series) int { return slices.Compare(a.values, b.values) })
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", f.name, escapeHelp(f.help), f.name, f.kind)
	for _, s := range list {
		if f.kind != histogramKind {
			fmt.Fprintf(b, "%s%s %s\n", f.name, f.labelText(s.values, ""), formatFloat(s.val.load()))
			continue
		}
		var cum uint64
		for i := range s.counts {
			cum += s.counts[i].Load()
			le := "+Inf"
			if i < len(f.buckets) {
				le = formatFloat(f.buckets[i])
			}
			fmt.Fprintf(b, "%s_bucket%s %d\n", f.name, f.labelText(s.values, le), cum)
		}
		fmt.Fprintf(b, "%s_sum%s %s\n", f.name, f.labelText(s.values, ""), formatFloat(s.val.load()))
		fmt.Fprintf(b, "%s_count%s %d\n", f.name, f.labelText(s.values, ""), cum)
	}
}

// labelText is {a="x",b="y"}, with le last when given, or "" without
// labels.
func (f *family) labelText(values []string, le string) string {
	if len(values) == 0 && le == "" {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.labels[i] + `="` + escapeLabel(v) + `"`)
	}
	if le != "" {
		if len(values) > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`le="` + le + `"`)
	}
	b.WriteByte('}')
	return b.String()
}

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

func escapeLabel(s string) string { return labelEscaper.Replace(s) }
func escapeHelp(s string) string  { return helpEscaper.Replace(s) }

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
