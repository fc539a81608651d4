package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"deskpilot/demo"
	"deskpilot/tickets"
)

// soakMaxInFlight bounds the requests under way: past it the soak counts
// an overload instead of piling up more, so that a server that stops
// answering cannot make the load generator eat the machine.
const soakMaxInFlight = 1024

// runBenchSoak serves a demo desk on loopback and drives steady mixed
// traffic at it through HTTP for a while: the soak benchmark of the
// operations issue. It fails when any request failed.
func (m *Main) runBenchSoak(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("bench soak", "llm")
	duration := fs.Duration("duration", 30*time.Minute, "how long to send traffic")
	rate := fs.Float64("rate", 20, "requests a second, started on a fixed schedule (open loop)")
	deskTickets := fs.Int("tickets", demo.DefaultOptions().Tickets, "tickets of the demo desk served")
	sample := fs.Duration("sample", 5*time.Second, "how often the memory is sampled")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parse(args); err != nil {
		return err
	}
	if *duration < time.Second || *rate <= 0 || *rate > 10_000 || *deskTickets < 50 || *sample <= 0 || fs.NArg() > 0 {
		return usagef("want --duration >= 1s, 0 < --rate <= 10000, --tickets >= 50 and --sample > 0")
	}
	if !fs.Changed("log-level") && m.Getenv("DESKPILOT_LOG_LEVEL") == "" {
		cfg.LogLevel = "warn" // the server's routine lines would drown the report
	}
	if !fs.Changed("data") {
		// A throwaway folder: the desk's records, or in PostgreSQL mode
		// this node's text index.
		dir, err := os.MkdirTemp("", "deskpilot-soak-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	cfg.Addr = "127.0.0.1:0"
	// The soak is one client address and one requester: the chat's limits
	// are raised for this server to what the soak sends, with room to
	// spare. The defaults of a real desk are not touched.
	chatPerMin := int(math.Ceil(*rate*60*chatShare())) * 2
	cfg.ChatPerUser, cfg.ChatPerIP = max(cfg.ChatPerUser, chatPerMin), max(cfg.ChatPerIP, chatPerMin)
	r, err := m.soak(ctx, cfg, soakOptions{duration: *duration, rate: *rate, tickets: *deskTickets, sample: *sample})
	if err != nil {
		return err
	}
	if *asJSON {
		err = writeJSON(m.Stdout, r)
	} else {
		err = r.print(m.Stdout)
	}
	if err != nil {
		return err
	}
	if r.ErrorsTotal > 0 {
		return fmt.Errorf("soak: %d of %d requests failed", r.ErrorsTotal, r.Requests)
	}
	return nil
}

// chatShare is the part of the traffic that is chat.
func chatShare() float64 {
	n := 0
	for _, k := range soakMix {
		if k == soakChat {
			n++
		}
	}
	return float64(n) / float64(len(soakMix))
}

type soakOptions struct {
	duration, sample time.Duration
	rate             float64
	tickets          int
}

// soak loads the demo desk, serves it in this process, runs the traffic,
// stops the server and sums up.
func (m *Main) soak(ctx context.Context, cfg *Config, o soakOptions) (*soakReport, error) {
	log := m.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	desk, err := loadSoakDesk(ctx, st, o.tickets)
	if err != nil {
		return nil, err
	}
	serveCtx, stopServe := context.WithCancel(context.Background())
	defer stopServe()
	base, served, err := m.startSoakServer(ctx, serveCtx, cfg, st, log)
	if err != nil {
		return nil, err
	}
	client, err := newSoakClient(base, desk.creds, desk.questions, desk.openIDs)
	if err != nil {
		return nil, err
	}
	rec := &soakRecorder{}
	runtime.GC() // the start's figures are the served desk's, not the loading's garbage
	machine := soakMachine{CPUs: runtime.NumCPU(), LoadStart: loadAverage()}
	cpu := processCPU()
	var size soakDeskSize
	if size.TicketsStart, size.OpenStart, err = deskSize(ctx, st); err != nil {
		return nil, err
	}
	drive(ctx, client, rec, o)
	machine.LoadEnd, machine.ProcessCPUs = loadAverage(), processCPU()-cpu
	if size.TicketsEnd, size.OpenEnd, err = deskSize(ctx, st); err != nil {
		return nil, err
	}
	endLive := liveHeapAfterGC()
	stopServe()
	if err := <-served; err != nil {
		return nil, fmt.Errorf("soak: serve: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err // interrupted: no figures to trust
	}
	restarted, err := m.restartedHeap(ctx, cfg, st, log)
	if err != nil {
		return nil, err
	}
	r := rec.report(o.duration, o.rate)
	r.Memory.HeapLiveEndGCMB, r.Memory.HeapLiveRestartedMB = endLive, restarted
	r.Machine.CPUs, r.Machine.LoadStart, r.Machine.LoadEnd, r.Machine.ProcessCPUs =
		machine.CPUs, machine.LoadStart, machine.LoadEnd, machine.ProcessCPUs
	r.Store, r.Tickets, r.Desk = "embedded (SQLite, bleve, vectors)", desk.tickets, size
	if _, ok := st.(pgStore); ok {
		r.Store = "PostgreSQL (records and pgvector), bleve"
	}
	return r, nil
}

// restartedHeap serves the desk afresh, as a restarted server would, and
// returns the live heap once it listens: the memory the desk itself
// takes, to compare with the end of the traffic.
func (m *Main) restartedHeap(ctx context.Context, cfg *Config, st store, log *slog.Logger) (float64, error) {
	serveCtx, stop := context.WithCancel(context.Background())
	defer stop()
	_, served, err := m.startSoakServer(ctx, serveCtx, cfg, st, log)
	if err != nil {
		return 0, err
	}
	live := liveHeapAfterGC()
	stop()
	if err := <-served; err != nil {
		return 0, fmt.Errorf("soak: serve again: %w", err)
	}
	return live, nil
}

// deskSize counts the tickets, and those not yet solved.
func deskSize(ctx context.Context, st store) (all, open int, err error) {
	if all, err = st.CountTickets(ctx, tickets.TicketFilter{}); err != nil {
		return 0, 0, err
	}
	open, err = st.CountTickets(ctx, tickets.TicketFilter{Status: openStatuses})
	return all, open, err
}

// openStatuses are the statuses of a ticket waiting for the desk.
var openStatuses = []tickets.Status{tickets.StatusNew, tickets.StatusOpen, tickets.StatusPending}

// soakDesk is what the load generator needs of the demo desk.
type soakDesk struct {
	creds     []credential
	questions []string // subjects and first messages of its tickets
	openIDs   []int64  // its tickets not yet solved
	tickets   int
}

// loadSoakDesk loads a demo desk of n tickets into st.
func loadSoakDesk(ctx context.Context, st store, n int) (*soakDesk, error) {
	if err := soakableDesk(ctx, st); err != nil {
		return nil, err
	}
	opts := demo.DefaultOptions()
	opts.Tickets = n
	gen := demo.Generate(opts)
	creds, err := loadDemo(ctx, st, gen)
	if err != nil {
		return nil, err
	}
	open, err := st.ListTickets(ctx, tickets.TicketFilter{Status: openStatuses, Limit: tickets.MaxListLimit})
	if err != nil {
		return nil, err
	}
	d := &soakDesk{creds: creds, openIDs: make([]int64, len(open)), tickets: len(gen.Tickets)}
	for i, t := range open {
		d.openIDs[i] = t.ID
	}
	d.questions, _ = benchQueries(gen, 2000)
	return d, nil
}

// startSoakServer serves st on loopback until serveCtx ends and returns
// its base URL, and the channel serve's result comes on.
func (m *Main) startSoakServer(ctx, serveCtx context.Context, cfg *Config, st store, log *slog.Logger) (string, <-chan error, error) {
	addr := make(chan string, 1)
	served := make(chan error, 1)
	server := *m
	server.Listening = func(a string) { addr <- a }
	go func() { served <- server.serve(serveCtx, cfg, st, log) }()
	select {
	case a := <-addr:
		return "http://" + a, served, nil
	case err := <-served:
		return "", nil, fmt.Errorf("soak: serve: %w", err)
	case <-ctx.Done():
		return "", nil, ctx.Err()
	}
}

// soakableDesk refuses a store that holds a desk of its own: the soak
// loads the demo desk and writes tickets, which a real desk must not get.
func soakableDesk(ctx context.Context, st store) error {
	all, err := st.CountTickets(ctx, tickets.TicketFilter{})
	if err != nil {
		return err
	}
	ours, err := st.CountTickets(ctx, tickets.TicketFilter{Source: demoSource})
	if err != nil {
		return err
	}
	if all > 0 && ours == 0 {
		return fmt.Errorf("bench soak loads the demo desk and writes tickets: point it at an empty database or folder "+
			"(this one holds %d tickets of its own)", all)
	}
	return nil
}

// drive starts the requests on a fixed schedule, whether or not earlier
// ones have answered (an open loop: a slow server meets the same arrivals
// and its queueing shows in the latencies), samples the memory meanwhile,
// and waits for the last request.
func drive(ctx context.Context, c *soakClient, rec *soakRecorder, o soakOptions) {
	start := time.Now()
	interval := time.Duration(float64(time.Second) / o.rate)
	n := int(o.duration / interval)
	var wg sync.WaitGroup
	wg.Go(func() { sampleLoop(ctx, rec, start, o) })
	var inFlight atomic.Int64
	timer := time.NewTimer(0)
	defer timer.Stop()
	for i := range n {
		due := time.Duration(i) * interval
		timer.Reset(time.Until(start.Add(due)))
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case <-timer.C:
		}
		kind := soakMix[i%len(soakMix)]
		// How late the generator is: a busy or paused machine, not the
		// server, when it is large.
		lag := time.Since(start.Add(due))
		if inFlight.Load() >= soakMaxInFlight {
			rec.add(soakResult{kind: kind, due: due, lag: lag, err: "overload (too many requests under way)"})
			continue
		}
		inFlight.Add(1)
		wg.Go(func() {
			defer inFlight.Add(-1)
			msg := c.do(ctx, kind, i)
			// From when it was due, not when it went out: a late start is
			// the server's (or the machine's) delay too.
			rec.add(soakResult{kind: kind, due: due, lag: lag, latency: time.Since(start.Add(due)), err: msg})
		})
	}
	wg.Wait()
}

// sampleLoop samples the memory every o.sample until the run's end, and
// once more then.
func sampleLoop(ctx context.Context, rec *soakRecorder, start time.Time, o soakOptions) {
	t := time.NewTicker(o.sample)
	defer t.Stop()
	rec.sampleMemory(0)
	end := time.NewTimer(o.duration)
	defer end.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-end.C:
			rec.sampleMemory(time.Since(start))
			return
		case <-t.C:
			rec.sampleMemory(time.Since(start))
		}
	}
}
