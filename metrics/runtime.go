package metrics

import (
	"context"
	"runtime"
	"time"
)

// RegisterRuntime adds the Go runtime's gauges, read at each scrape: the
// goroutines, the heap in use and the memory taken from the system (a
// soak test watches them stay flat), and when the process started.
func RegisterRuntime(r *Registry, started time.Time) {
	goroutines := r.Gauge("go_goroutines", "Goroutines that currently exist.")
	heap := r.Gauge("go_memstats_heap_alloc_bytes", "Bytes of allocated heap objects.")
	sys := r.Gauge("go_memstats_sys_bytes", "Bytes of memory obtained from the system.")
	start := r.Gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.")
	start.Set(float64(started.UnixNano()) / 1e9)
	r.OnScrape(func(context.Context) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		goroutines.Set(float64(runtime.NumGoroutine()))
		heap.Set(float64(ms.HeapAlloc))
		sys.Set(float64(ms.Sys))
	})
}
