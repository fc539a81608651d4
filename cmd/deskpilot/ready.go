package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Readiness: what /readyz checks, so that a load balancer stops sending
// requests to a node that cannot serve them and sends them again once it
// can, without a restart.
const (
	// pingTimeout bounds the store's ping: a database that does not answer
	// makes the node unready, not the probe hang.
	pingTimeout = 2 * time.Second
	// unreadyAfterFailures is how many catch-ups of the search index may
	// fail in a row before the node counts as unready: one failure is
	// retried at the next tick, repeated ones mean its search goes stale.
	unreadyAfterFailures = 3
)

// indexHealth is how the search index keeps up with the records.
type indexHealth struct {
	mu          sync.Mutex
	lastSuccess time.Time
	records     int
	failures    int // in a row
	lastErr     error
}

// indexStatus is a copy of an indexHealth.
type indexStatus struct {
	lastSuccess time.Time
	records     int
	failures    int
	lastErr     error
}

// caughtUp records an update that brought the index up to date with
// records records.
func (h *indexHealth) caughtUp(now time.Time, records int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lastSuccess, h.records, h.failures, h.lastErr = now, records, 0, nil
}

// failed records a catch-up that failed.
func (h *indexHealth) failed(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failures++
	h.lastErr = err
}

func (h *indexHealth) status() indexStatus {
	h.mu.Lock()
	defer h.mu.Unlock()
	return indexStatus{lastSuccess: h.lastSuccess, records: h.records, failures: h.failures, lastErr: h.lastErr}
}

// readiness is /readyz's check: the store answers a ping within
// pingTimeout, and the index (open, since serve answers nothing before)
// is not failing to catch up repeatedly. Each check's outcome goes to the
// metrics too.
func readiness(st store, kn *knowledge, dm *deskMetrics) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, pingTimeout)
		defer cancel()
		var errs []error
		err := st.Ping(ctx)
		if err != nil {
			dm.storeError("ping")
			errs = append(errs, fmt.Errorf("store: %w", err))
		}
		dm.setReady("store", err == nil)
		h := kn.health.status()
		indexOK := h.failures < unreadyAfterFailures
		if !indexOK {
			errs = append(errs, fmt.Errorf("index: %d catch-ups failed in a row: %w", h.failures, h.lastErr))
		}
		dm.setReady("index", indexOK)
		return errors.Join(errs...)
	}
}
