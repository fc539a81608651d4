package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"deskpilot/retrieval"
)

// soakResult is one request: when it was due (since the soak began), how
// long it took from then, and what went wrong ("" for nothing).
type soakResult struct {
	kind    string
	due     time.Duration
	lag     time.Duration // how late it was sent
	latency time.Duration
	err     string
}

// memSample is the process's memory at one moment.
type memSample struct {
	at                  time.Duration // since the soak began
	heapLive, heapInUse float64       // MB: live after the last GC; in spans in use
	rss                 float64       // MB, resident (Linux; 0 elsewhere)
	goroutines          int
}

// soakRecorder collects results and samples from many goroutines.
type soakRecorder struct {
	mu      sync.Mutex
	results []soakResult
	mem     []memSample
}

func (r *soakRecorder) add(res soakResult) {
	r.mu.Lock()
	r.results = append(r.results, res)
	r.mu.Unlock()
}

// liveHeapAfterGC collects garbage and returns the live heap in MB.
func liveHeapAfterGC() float64 {
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return float64(live[0].Value.Uint64()) / (1 << 20)
}

// sampleMemory records the memory of this process, which holds the server
// and the load generator both.
func (r *soakRecorder) sampleMemory(at time.Duration) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := memSample{at: at, heapInUse: float64(ms.HeapInuse) / (1 << 20), rss: procMemMB("VmRSS:"), goroutines: runtime.NumGoroutine()}
	if live[0].Value.Kind() == metrics.KindUint64 {
		s.heapLive = float64(live[0].Value.Uint64()) / (1 << 20)
	}
	r.mu.Lock()
	r.mem = append(r.mem, s)
	r.mu.Unlock()
}

// soakReport is what `deskpilot bench soak` prints.
type soakReport struct {
	Store       string         `json:"store"`
	Tickets     int            `json:"desk_tickets"`
	Desk        soakDeskSize   `json:"desk"`
	DurationS   float64        `json:"duration_s"`
	RatePerS    float64        `json:"rate_per_s"`
	Requests    int            `json:"requests"`
	WindowS     float64        `json:"window_s"` // the first and last windows compared
	Kinds       []soakKind     `json:"kinds"`
	Errors      map[string]int `json:"errors"` // by "kind: what went wrong"
	ErrorsTotal int            `json:"errors_total"`
	Memory      soakMemory     `json:"memory"`
	Machine     soakMachine    `json:"machine"`
}

// soakDeskSize is the desk's size when the traffic started and when it
// ended: the queue of open tickets should stay about as long, so that the
// end's figures are not those of a bigger desk.
type soakDeskSize struct {
	TicketsStart int `json:"tickets_start"`
	TicketsEnd   int `json:"tickets_end"`
	OpenStart    int `json:"open_start"` // new, open or pending
	OpenEnd      int `json:"open_end"`
}

// soakMachine says how busy the machine was: figures taken on a shared
// machine are read with its load in mind.
type soakMachine struct {
	CPUs      int     `json:"cpus"`
	LoadStart float64 `json:"load_average_start"` // 1-minute load average (Linux)
	LoadEnd   float64 `json:"load_average_end"`
	// ProcessCPUs is the CPU time the process (server and load generator)
	// used, in seconds.
	ProcessCPUs float64 `json:"process_cpu_s"`
	// LagP99ms and LagMaxMS are how late requests were sent: the load
	// generator waiting for a CPU. LateStarts counts those sent over a
	// second late.
	LagP99ms   float64 `json:"send_lag_p99_ms"`
	LagMaxMS   float64 `json:"send_lag_max_ms"`
	LateStarts int     `json:"late_starts"`
}

// soakKind is one kind of request's figures, in milliseconds.
type soakKind struct {
	Kind      string  `json:"kind"`
	Requests  int     `json:"requests"`
	Errors    int     `json:"errors"`
	P50ms     float64 `json:"p50_ms"`
	P99ms     float64 `json:"p99_ms"`
	FirstP50  float64 `json:"first_p50_ms"`
	FirstP99  float64 `json:"first_p99_ms"`
	LastP50   float64 `json:"last_p50_ms"`
	LastP99   float64 `json:"last_p99_ms"`
	FirstReqs int     `json:"first_requests"`
	LastReqs  int     `json:"last_requests"`
}

// soakMemory compares the memory of the first and last windows (means of
// their samples) and gives its trend after the first window (least
// squares), when caches and pools have grown to their working size.
type soakMemory struct {
	Samples          int     `json:"samples"`
	HeapLiveStartMB  float64 `json:"heap_live_start_mb"`
	HeapLiveEndMB    float64 `json:"heap_live_end_mb"`
	HeapLiveSlope    float64 `json:"heap_live_slope_mb_per_h"`
	HeapInUseStartMB float64 `json:"heap_inuse_start_mb"`
	HeapInUseEndMB   float64 `json:"heap_inuse_end_mb"`
	RSSStartMB       float64 `json:"rss_start_mb"`
	RSSEndMB         float64 `json:"rss_end_mb"`
	RSSSlope         float64 `json:"rss_slope_mb_per_h"`
	GoroutinesStart  int     `json:"goroutines_start"`
	GoroutinesEnd    int     `json:"goroutines_end"`
	// The live heap after a forced GC when the traffic ended, and in a
	// server started afresh on the desk as it ended. The soak's writes
	// grow the desk, and the memory with it: what the end has over the
	// fresh server is what the traffic itself left behind.
	HeapLiveEndGCMB     float64 `json:"heap_live_end_gc_mb"`
	HeapLiveRestartedMB float64 `json:"heap_live_restarted_mb"`
}

// soakWindow is how much of the start and of the end is compared: five
// minutes, or a fifth of a shorter run.
func soakWindow(d time.Duration) time.Duration { return min(5*time.Minute, d/5) }

// report sums up a run of duration d.
func (r *soakRecorder) report(d time.Duration, rate float64) *soakReport {
	r.mu.Lock()
	defer r.mu.Unlock()
	w := soakWindow(d)
	out := &soakReport{DurationS: d.Seconds(), RatePerS: rate, Requests: len(r.results), WindowS: w.Seconds(), Errors: map[string]int{}}
	byKind := map[string]*kindLatencies{}
	lags := make([]time.Duration, 0, len(r.results))
	for _, res := range r.results {
		lags = append(lags, res.lag)
		if res.lag > time.Second {
			out.Machine.LateStarts++
		}
		k := byKind[res.kind]
		if k == nil {
			k = &kindLatencies{}
			byKind[res.kind] = k
		}
		k.n++
		if res.err != "" {
			k.errors++
			out.Errors[res.kind+": "+res.err]++
			out.ErrorsTotal++
			continue
		}
		k.all = append(k.all, res.latency)
		if res.due < w {
			k.first = append(k.first, res.latency)
		}
		if res.due >= d-w {
			k.last = append(k.last, res.latency)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(byKind)) {
		k := byKind[name]
		out.Kinds = append(out.Kinds, soakKind{Kind: name, Requests: k.n, Errors: k.errors,
			P50ms: retrieval.PercentileMS(k.all, 0.5), P99ms: retrieval.PercentileMS(k.all, 0.99),
			FirstP50: retrieval.PercentileMS(k.first, 0.5), FirstP99: retrieval.PercentileMS(k.first, 0.99),
			LastP50: retrieval.PercentileMS(k.last, 0.5), LastP99: retrieval.PercentileMS(k.last, 0.99),
			FirstReqs: len(k.first), LastReqs: len(k.last)})
	}
	out.Memory = memorySummary(r.mem, d, w)
	out.Machine.LagP99ms, out.Machine.LagMaxMS = retrieval.PercentileMS(lags, 0.99), retrieval.PercentileMS(lags, 1)
	return out
}

type kindLatencies struct {
	n, errors        int
	all, first, last []time.Duration
}

func memorySummary(ss []memSample, d, w time.Duration) soakMemory {
	m := soakMemory{Samples: len(ss)}
	if len(ss) == 0 {
		return m
	}
	var first, last []memSample
	for _, s := range ss {
		if s.at <= w {
			first = append(first, s)
		}
		if s.at >= d-w {
			last = append(last, s)
		}
	}
	if len(first) == 0 {
		first = ss[:1]
	}
	if len(last) == 0 {
		last = ss[len(ss)-1:]
	}
	mean := func(ss []memSample, f func(memSample) float64) float64 {
		sum := 0.0
		for _, s := range ss {
			sum += f(s)
		}
		return sum / float64(len(ss))
	}
	live := func(s memSample) float64 { return s.heapLive }
	inUse := func(s memSample) float64 { return s.heapInUse }
	rss := func(s memSample) float64 { return s.rss }
	m.HeapLiveStartMB, m.HeapLiveEndMB = mean(first, live), mean(last, live)
	m.HeapInUseStartMB, m.HeapInUseEndMB = mean(first, inUse), mean(last, inUse)
	m.RSSStartMB, m.RSSEndMB = mean(first, rss), mean(last, rss)
	steady := ss[len(first)-1:]
	m.HeapLiveSlope, m.RSSSlope = slopePerHour(steady, live), slopePerHour(steady, rss)
	m.GoroutinesStart, m.GoroutinesEnd = first[0].goroutines, last[len(last)-1].goroutines
	return m
}

// slopePerHour fits a line through the samples (least squares) and
// returns its slope in MB an hour.
func slopePerHour(ss []memSample, f func(memSample) float64) float64 {
	if len(ss) < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	n := float64(len(ss))
	for _, s := range ss {
		x, y := s.at.Hours(), f(s)
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / den
}

// print writes the report as text.
func (r *soakReport) print(w io.Writer) error {
	fmt.Fprintf(w, "soak of %s (%d tickets): %s at %.1f requests/s, open loop: %d requests, %d errors\n",
		r.Store, r.Tickets, time.Duration(r.DurationS*float64(time.Second)).Round(time.Second), r.RatePerS, r.Requests, r.ErrorsTotal)
	fmt.Fprintf(w, "desk: %d tickets (%d open) at the start, %d (%d open) at the end\n",
		r.Desk.TicketsStart, r.Desk.OpenStart, r.Desk.TicketsEnd, r.Desk.OpenEnd)
	win := time.Duration(r.WindowS * float64(time.Second)).Round(time.Second)
	fmt.Fprintf(w, "latency in ms, first and last %s compared:\n", win)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\trequests\terrors\tp50\tp99\tfirst p50\tfirst p99\tlast p50\tlast p99\t")
	for _, k := range r.Kinds {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", k.Kind, k.Requests, k.Errors,
			k.P50ms, k.P99ms, k.FirstP50, k.FirstP99, k.LastP50, k.LastP99)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	m := r.Memory
	fmt.Fprintf(w, "memory (%d samples; server and load generator in one process):\n", m.Samples)
	fmt.Fprintf(w, "  heap live   %.1f MB -> %.1f MB (trend after the first window %+.1f MB/h)\n", m.HeapLiveStartMB, m.HeapLiveEndMB, m.HeapLiveSlope)
	fmt.Fprintf(w, "  heap in use %.1f MB -> %.1f MB\n", m.HeapInUseStartMB, m.HeapInUseEndMB)
	fmt.Fprintf(w, "  resident    %.1f MB -> %.1f MB (trend after the first window %+.1f MB/h)\n", m.RSSStartMB, m.RSSEndMB, m.RSSSlope)
	fmt.Fprintf(w, "  goroutines  %d -> %d\n", m.GoroutinesStart, m.GoroutinesEnd)
	fmt.Fprintf(w, "  heap live after a GC: %.1f MB when the traffic ended, %.1f MB in a server started afresh on that desk\n",
		m.HeapLiveEndGCMB, m.HeapLiveRestartedMB)
	mc := r.Machine
	fmt.Fprintf(w, "machine: %d CPUs, load average %.1f at the start and %.1f at the end; the process used %.1f CPU seconds\n",
		mc.CPUs, mc.LoadStart, mc.LoadEnd, mc.ProcessCPUs)
	fmt.Fprintf(w, "  requests sent late: p99 %.1f ms, at most %.0f ms; %d over a second late\n", mc.LagP99ms, mc.LagMaxMS, mc.LateStarts)
	for _, e := range slices.Sorted(maps.Keys(r.Errors)) {
		fmt.Fprintf(w, "error: %s (%d)\n", e, r.Errors[e])
	}
	return nil
}

// loadAverage is the machine's 1-minute load average (Linux; 0 elsewhere).
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// processCPU is the CPU time this process used so far, user and system,
// in seconds (Linux, counting the kernel's usual 100 ticks a second; 0
// elsewhere).
func processCPU() float64 {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100
}
