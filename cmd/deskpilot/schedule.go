package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"deskpilot/connectors"
)

// startSyncSchedule syncs the connectors of deskpilot.yaml while serve
// runs: at start, then every cfg.SyncInterval. A source another node is
// syncing is left to it (the lease), so every node can run the schedule.
// The search index picks the new records up in its own catch-up loop.
// The returned stop ends the schedule, letting a sync under way reach its
// next checkpoint.
func (m *Main) startSyncSchedule(cfg *Config, st store, log *slog.Logger) (func(), error) {
	file, err := loadConfigFile(cfg, m.Getenv)
	if err != nil {
		return nil, err
	}
	entries, err := pickConnectors(file, "")
	if err != nil || len(entries) == 0 {
		return func() {}, err
	}
	env := sourceEnv{client: connectors.ClientOptions{Log: log, UserAgent: "deskpilot/" + version, Clock: m.clock()}, maxRecordBytes: cfg.MaxRecordBytes}
	env.dir = filepath.Dir(file.Path)
	var sources []configuredSource
	for _, e := range entries {
		src, err := e.Settings.source(e.Name, env)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.where(file.Path), err)
		}
		sources = append(sources, configuredSource{e, src})
	}
	log.Info("scheduled sync on", "sources", len(sources), "every", cfg.SyncInterval.String())
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(cfg.SyncInterval)
		defer t.Stop()
		for {
			_, failed, _ := m.syncAll(ctx, st, sources, false, log, nil)
			if len(failed) > 0 && ctx.Err() == nil {
				log.Warn("scheduled sync: sources failed (deskpilot sync --status shows why)", "sources", failed)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { stop(); <-done }, nil
}
