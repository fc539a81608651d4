package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"deskpilot/assistant/openai"
	"deskpilot/connectors"
	"deskpilot/retrieval"
	"deskpilot/retrieval/bleve"
	"deskpilot/retrieval/localembed"
	"deskpilot/retrieval/vectors"
)

// knowledge is a desk's derived search indexes: bleve and vectors in the
// data folder (vectors in PostgreSQL in that mode), the embedder, and the
// manifest that says what they hold. Everything here can be rebuilt from
// the records store.
type knowledge struct {
	dir      string
	lex      *bleve.Index
	vec      retrieval.VectorIndex
	flushVec func() error // persist embedded vectors; nil in PostgreSQL mode
	emb      retrieval.Embedder
	local    *localembed.Embedder // the built-in embedder, when used
	indexer  *retrieval.Indexer
	searcher *retrieval.Searcher
	manifest *retrieval.Manifest
	log      *slog.Logger
	lockWait time.Duration
	lock     *folderLock // held from open to Close
	mu       sync.Mutex  // one catch-up at a time
	health   indexHealth
	metrics  *deskMetrics     // nil outside serve
	clock    connectors.Clock // of the OpenAI embedder's retries and breaker; nil: the system's
}

// Paths inside the index folder.
const (
	manifestFile = "manifest"
	bleveDir     = "bleve"
	vectorsFile  = "vectors.bin"
	embedderFile = "embedder.bin"
)

// openKnowledge opens the indexes and brings them up to date with st:
// incrementally when the manifest says they are sound and made with the
// same embedder, from scratch when asked or otherwise (first start, an unclean stop in
// the middle of indexing, a changed format or embedder).
func openKnowledge(ctx context.Context, cfg *Config, st store, log *slog.Logger, forceRebuild bool) (*knowledge, error) {
	return openKnowledgeWith(ctx, cfg, st, log, knowledgeOptions{rebuild: forceRebuild})
}

// knowledgeOptions tune openKnowledgeWith.
type knowledgeOptions struct {
	rebuild bool
	// lockWait bounds the wait for an index another process holds open
	// (a running server); 0 takes bleve's default.
	lockWait time.Duration
	// metrics counts the embedder's calls and the catch-ups (serve).
	metrics *deskMetrics
	// clock times the OpenAI embedder's retries and circuit breaker
	// (nil: the system clock).
	clock connectors.Clock
}

func openKnowledgeWith(ctx context.Context, cfg *Config, st store, log *slog.Logger, o knowledgeOptions) (*knowledge, error) {
	k := &knowledge{dir: filepath.Join(cfg.DataDir, "index"), log: log, lockWait: o.lockWait, metrics: o.metrics, clock: o.clock}
	if err := os.MkdirAll(k.dir, 0o750); err != nil {
		return nil, fmt.Errorf("index folder %s (DESKPILOT_DATA): %w", k.dir, err)
	}
	// One process owns the index folder: deciding to rebuild, deleting
	// files and writing the manifest all happen under this lock, so a
	// command started beside a running server never touches its indexes.
	wait := o.lockWait
	if wait <= 0 {
		wait = 5 * time.Second
	}
	lock, err := lockFolder(k.dir, wait)
	if errors.Is(err, errFolderLocked) {
		return nil, fmt.Errorf("the search index in %s is in use by another deskpilot process (a running serve?): "+
			"search through its API (/api/v1/search) or stop it first", k.dir)
	}
	if err != nil {
		return nil, err
	}
	k.lock = lock
	k.removeTemps()
	if err := k.openEmbedder(cfg); err != nil {
		k.Close()
		return nil, err
	}
	m, err := retrieval.LoadManifest(k.path(manifestFile))
	if err != nil {
		log.Warn("index manifest unreadable: rebuilding", "error", err)
	}
	rebuild := o.rebuild || !m.Usable(k.emb.Model())
	if rebuild && k.local != nil {
		k.local = localembed.New(localembed.DefaultConfig()) // refit from scratch
		k.emb = k.local
	}
	err = k.openIndexes(ctx, st, rebuild)
	if !rebuild && isDamaged(err) {
		// What is on disk cannot be trusted: derived data, so start over.
		log.Warn("search index damaged or outdated: rebuilding", "error", err)
		_ = k.closeIndexes() // they are about to be deleted
		k.lex, k.vec, k.flushVec = nil, nil, nil
		rebuild = true
		err = k.openIndexes(ctx, st, rebuild)
	}
	if err != nil {
		k.Close()
		return nil, err
	}
	if rebuild {
		m = retrieval.NewManifest(k.emb.Model())
	}
	k.manifest = m
	if err := k.update(ctx, st, rebuild); err != nil {
		k.Close()
		return nil, err
	}
	return k, nil
}

func (k *knowledge) path(name string) string { return filepath.Join(k.dir, name) }

// removeTemps deletes the temporary files that saving the manifest, the
// embedder or another file of the folder leaves when the process is
// killed before its rename: ".NAME.tmp*" (retrieval.WriteFileAtomic) and
// "embedder.bin.*.tmp". Nothing else would ever remove them; the folder
// lock is held, so no other process is saving one now.
func (k *knowledge) removeTemps() {
	entries, err := os.ReadDir(k.dir)
	if err != nil {
		return // the folder's problems show at the next step
	}
	for _, e := range entries {
		dotted, _ := filepath.Match(".*.tmp*", e.Name())
		embedder, _ := filepath.Match(embedderFile+".*.tmp", e.Name())
		if dotted || embedder {
			if err := os.Remove(k.path(e.Name())); err != nil {
				k.log.Warn("removing a temporary file of the index", "error", err)
			}
		}
	}
}

// openEmbedder picks the OpenAI-compatible embedder when a model is
// configured, the built-in one (with its fitted state, if any) otherwise.
func (k *knowledge) openEmbedder(cfg *Config) error {
	if cfg.EmbeddingModel != "" {
		oc := openai.Config{APIKey: cfg.OpenAIAPIKey, BaseURL: cfg.OpenAIBaseURL,
			EmbeddingModel: cfg.EmbeddingModel, Dimensions: cfg.EmbeddingDimensions,
			BreakerFailures: cfg.LLMBreakerFailures, BreakerCooldown: cfg.LLMBreakerCooldown, Logger: k.log}
		if k.clock != nil {
			oc.Now, oc.Sleep = k.clock.Now, k.clock.Sleep
		}
		e, err := openai.NewEmbedder(oc)
		if err != nil {
			return fmt.Errorf("embedder (DESKPILOT_EMBEDDING_MODEL): %w", err)
		}
		k.emb = e
		k.metrics.watchCircuit("embeddings", e.Circuit)
		return nil
	}
	k.local = localembed.New(localembed.DefaultConfig())
	if err := k.local.ReadFile(k.path(embedderFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		k.log.Warn("embedder state unreadable: refitting", "error", err)
		k.local = localembed.New(localembed.DefaultConfig())
	}
	k.emb = k.local
	return nil
}

// openIndexes opens bleve and the vector index, starting them empty when a
// rebuild is due or when what is on disk cannot be used.
func (k *knowledge) openIndexes(ctx context.Context, st store, rebuild bool) error {
	if rebuild {
		if err := k.removeDerived(); err != nil {
			return err
		}
	}
	lex, err := bleve.Open(k.path(bleveDir), bleve.Options{LockTimeout: k.lockWait})
	if errors.Is(err, bleve.ErrLocked) {
		return fmt.Errorf("the search index in %s is in use by another deskpilot process (a running serve?): "+
			"search through its API (/api/v1/search) or stop it first", k.dir)
	}
	if err != nil {
		return fmt.Errorf("open text index: %w", err)
	}
	k.lex = lex
	if err := k.openVectors(ctx, st); err != nil {
		return err
	}
	k.indexer = retrieval.NewIndexer(k.lex, k.vec, k.metrics.meter(k.emb, "index"), retrieval.ChunkOptions{})
	k.searcher = retrieval.NewSearcher(k.lex, k.vec, k.metrics.meter(k.emb, "query"), retrieval.SearchOptions{
		// An embedding service that is down leaves search to the lexical
		// index rather than failing it.
		EmbedFailed: func(ctx context.Context, err error) {
			k.log.WarnContext(ctx, "query not embedded: searching the text index alone", "error", err)
			k.metrics.searchedLexicalOnly()
		},
	})
	return nil
}

func (k *knowledge) openVectors(ctx context.Context, st store) error {
	dims := k.emb.Dimensions()
	if pg, ok := st.(pgStore); ok {
		v, err := pg.Vectors(dims)
		if err != nil {
			return fmt.Errorf("open vector index: %w", err)
		}
		if err := pg.EnsureVectorIndex(ctx, dims); err != nil {
			return fmt.Errorf("open vector index: %w", err)
		}
		k.vec = v
		return nil
	}
	v, err := vectors.Open(k.path(vectorsFile), dims, vectors.Options{})
	if err != nil {
		return fmt.Errorf("open vector index: %w", err)
	}
	k.vec, k.flushVec = v, v.Flush
	return nil
}

// removeDerived deletes the embedded indexes before a rebuild.
func (k *knowledge) removeDerived() error {
	for _, name := range []string{bleveDir, vectorsFile, manifestFile} {
		if err := os.RemoveAll(k.path(name)); err != nil {
			return fmt.Errorf("remove %s: %w", name, err)
		}
	}
	return nil
}

// update rebuilds or catches up, marking the manifest unclean while it
// works so that a crash in the middle is noticed at the next start.
func (k *knowledge) update(ctx context.Context, st store, rebuild bool) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	start := time.Now()
	k.manifest.Clean = false
	if err := k.manifest.Save(k.path(manifestFile)); err != nil {
		return err
	}
	var stats retrieval.SyncStats
	var err error
	if rebuild {
		stats, err = k.indexer.Rebuild(ctx, st, k.manifest)
	} else {
		stats, err = k.indexer.Sync(ctx, st, k.manifest)
	}
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := k.persist(); err != nil {
		return err
	}
	k.health.caughtUp(time.Now(), len(k.manifest.Versions))
	if rebuild || stats.Indexed+stats.Deleted > 0 {
		k.log.Info("index updated", "rebuild", rebuild, "records", stats.Indexed, "deleted", stats.Deleted,
			"chunks", stats.Chunks, "duration_ms", time.Since(start).Milliseconds())
	}
	return nil
}

// persist flushes the indexes, then records them as clean.
func (k *knowledge) persist() error {
	if k.local != nil && k.local.Fitted() {
		if err := k.local.WriteFile(k.path(embedderFile)); err != nil {
			return fmt.Errorf("save embedder: %w", err)
		}
	}
	if k.flushVec != nil {
		if err := k.flushVec(); err != nil {
			return fmt.Errorf("save vectors: %w", err)
		}
	}
	k.manifest.Model = k.emb.Model()
	k.manifest.Clean = true
	return k.manifest.Save(k.path(manifestFile))
}

// CatchUp indexes what changed in st since the last update.
func (k *knowledge) CatchUp(ctx context.Context, st store) error {
	err := k.update(ctx, st, false)
	if err != nil {
		k.health.failed(err)
	}
	k.metrics.caughtUp(err)
	return err
}

// Close flushes and closes the indexes and lets go of the folder.
func (k *knowledge) Close() error {
	err := k.closeIndexes()
	err = errors.Join(err, k.lock.unlock())
	k.lock = nil
	return err
}

func (k *knowledge) closeIndexes() error {
	var errs []error
	if k.vec != nil {
		errs = append(errs, k.vec.Close())
	}
	if k.lex != nil {
		errs = append(errs, k.lex.Close())
	}
	return errors.Join(errs...)
}

// catchUpLoop catches up with the records every interval until ctx ends,
// so that tickets solved and articles changed through any node become
// searchable. Failures are logged and retried at the next tick.
func (k *knowledge) catchUpLoop(ctx context.Context, st store, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// Not ctx: stopping the loop must not cut a catch-up in half.
			if err := k.CatchUp(context.Background(), st); err != nil {
				k.log.Warn("index catch-up failed", "error", err)
			}
		}
	}
}

// isDamaged reports an index that opened but cannot be used as it is.
func isDamaged(err error) bool {
	return errors.Is(err, bleve.ErrFormatChanged) || errors.Is(err, vectors.ErrCorrupt) || errors.Is(err, vectors.ErrIncompatible)
}
