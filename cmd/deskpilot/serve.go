package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"deskpilot/metrics"
	"deskpilot/tickets"
	"deskpilot/web"
)

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("serve", "addr", "config")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("no arguments expected")
	}
	log := m.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	return m.serve(ctx, cfg, st, log)
}

// serve runs the HTTP server until ctx ends, then shuts down in order:
// stop accepting, let requests in flight finish (up to the grace period),
// stop indexing, flush and close the indexes.
func (m *Main) serve(ctx context.Context, cfg *Config, st store, log *slog.Logger) error {
	reg := metrics.NewRegistry()
	metrics.RegisterRuntime(reg, time.Now())
	dm := newDeskMetrics(reg, time.Now)
	kn, err := openKnowledgeWith(ctx, cfg, st, log, knowledgeOptions{metrics: dm, clock: m.clock()})
	if err != nil {
		return err
	}
	defer kn.Close()
	// The loop stops after the HTTP server, and a catch-up under way then
	// finishes rather than being cut, which would force a rebuild at the
	// next start.
	loopCtx, stopLoop := context.WithCancel(context.Background())
	loopDone := make(chan struct{})
	go func() { kn.catchUpLoop(loopCtx, st, cfg.IndexInterval); close(loopDone) }()
	defer func() { stopLoop(); <-loopDone }()
	opened, err := openAssistantWith(ctx, cfg, st, kn, log, llmOptions{clock: m.clock(), metrics: dm})
	if err != nil {
		return err
	}
	asst := meteredAssistant{opened, dm}
	sims, err := openSims(cfg, st, log, m.onSimProgress)
	if err != nil {
		return err
	}
	// Simulations stop after the HTTP server too: a run under way keeps
	// its checkpoint and is marked interrupted, to be resumed (in
	// PostgreSQL mode, the other nodes go on with it).
	simCtx, stopSims := context.WithCancel(context.Background())
	simDone := make(chan struct{})
	go func() { sims.Run(simCtx); close(simDone) }()
	defer func() { stopSims(); <-simDone }()
	dm.collect(st, kn, sims)
	widgetOrigins, _ := web.ParseWidgetOrigins(cfg.WidgetOrigins) // validated with the config
	// The key that signs suggestion ids is the desk's, in the store, so
	// that an id made by one node is good on the others and after a restart.
	suggestionKey, err := st.AppKey(ctx, "suggestion", func() ([]byte, error) {
		k := make([]byte, 32)
		_, err := rand.Read(k)
		return k, err
	})
	if err != nil {
		return err
	}
	// Scheduled syncs stop after the HTTP server too, each at its next
	// checkpoint.
	stopSync, err := m.startSyncSchedule(cfg, st, log)
	if err != nil {
		return err
	}
	defer stopSync()
	// The copilot's worker stops after the HTTP server: a job cut short
	// is given back to the queue.
	cop, stopCopilot, err := m.startCopilot(cfg, st, asst, log)
	if err != nil {
		return err
	}
	defer stopCopilot()
	srv := web.New(web.Deps{
		Tickets:        tickets.NewService(st, nil),
		Documents:      st,
		Tokens:         st,
		Sessions:       st,
		Search:         kn.searcher,
		Assistant:      asst,
		Conversations:  st,
		WidgetOrigins:  widgetOrigins,
		ChatLimits:     web.ChatLimits{PerUser: cfg.ChatPerUser, PerIP: cfg.ChatPerIP},
		Outcomes:       st,
		SuggestionKey:  suggestionKey,
		TrustedProxies: strings.Fields(cfg.TrustedProxies),
		Admin:          web.AdminDeps{Policy: st, Sources: st, Simulations: sims},
		Copilot:        cop,
		Ready:          readiness(st, kn, dm),
		Metrics:        reg,
		MetricsToken:   cfg.MetricsToken,
		Logger:         log,
		SecureCookies:  cfg.SecureCookies,
	})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (DESKPILOT_ADDR): %w", cfg.Addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	addr := ln.Addr().String()
	log.Info("serving", "addr", addr)
	if m.Listening != nil {
		m.Listening(addr)
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}
