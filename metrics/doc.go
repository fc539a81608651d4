// Package metrics keeps a process's counters, gauges and histograms and
// writes them in the Prometheus text exposition format (version 0.0.4),
// which every Prometheus-compatible scraper reads.
//
// It is deliberately small: the three metric types deskpilot needs, labels
// given as values in a fixed order, a cap on the series of each family so
// that a label fed by mistake with unbounded values (a raw path, an id)
// cannot exhaust memory, and hooks that refresh values read from elsewhere
// (the store, a queue) when a scrape asks for them. It imports nothing but
// the standard library, so any package may record into it.
package metrics
