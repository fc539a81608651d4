package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"deskpilot/assistant"
	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
	"deskpilot/retrieval"
	"deskpilot/store/postgres"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
)

// store is what the commands need of a records store; both adapters give it.
type store interface {
	tickets.Store
	tickets.TokenStore
	tickets.SessionStore
	tickets.KeyStore
	tickets.ConversationStore
	tickets.OutcomeStore
	retrieval.DocumentStore
	assistant.PolicyStore
	connectors.SyncStateStore
	copilot.Store
	Ping(ctx context.Context) error
	Migrate(ctx context.Context) ([]int, error)
	SchemaVersion(ctx context.Context) (int, error)
	Close() error
}

// pgStore adapts postgres.DB, whose Close cannot fail, to store.
type pgStore struct{ *postgres.DB }

func (s pgStore) Close() error { s.DB.Close(); return nil }

// openStore opens PostgreSQL when a database URL is set and the embedded
// SQLite store in the data folder otherwise, applying migrations.
func openStore(ctx context.Context, cfg *Config, log *slog.Logger) (store, error) {
	if cfg.DatabaseURL != "" {
		db, err := postgres.Open(ctx, cfg.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL (DATABASE_URL): %w", err)
		}
		log.Debug("store opened", "kind", "postgres")
		return pgStore{db}, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data folder %s (DESKPILOT_DATA): %w", cfg.DataDir, err)
	}
	path := filepath.Join(cfg.DataDir, "deskpilot.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	log.Debug("store opened", "kind", "sqlite", "path", path)
	return db, nil
}

func (m *Main) runMigrate(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("migrate")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("no arguments expected")
	}
	st, err := openStore(ctx, cfg, m.logger(cfg)) // opening applies pending migrations
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "schema at version %d\n", v)
	return nil
}
