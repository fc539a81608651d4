//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The kill tests run the real binary in child processes and stop them with
// SIGKILL: no deferred function, signal handler or flush runs, as when the
// OOM killer or `kill -9` stops deskpilot. (What the kernel had not yet
// written to disk survives a SIGKILL; a power cut is not simulated.)

// buildDeskpilot builds the binary under test into a temporary folder of tb.
// The kill tests are skipped under -short: they build and run it many times.
func buildDeskpilot(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("kill tests build the binary and SIGKILL it repeatedly: skipped with -short")
	}
	goTool, err := exec.LookPath("go") // go test puts GOROOT/bin first on PATH
	if err != nil {
		tb.Fatalf("kill tests need the go command to build deskpilot: %v", err)
	}
	bin := filepath.Join(tb.TempDir(), "deskpilot")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashSeed is the seed of a kill test's random kill points: fixed, so that
// a run is repeatable as far as the machine's timing allows, and
// DESKPILOT_CRASH_SEED tries others.
func crashSeed(tb testing.TB, fixed uint64) uint64 {
	tb.Helper()
	seed := fixed
	if s := os.Getenv("DESKPILOT_CRASH_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			tb.Fatalf("DESKPILOT_CRASH_SEED=%q: %v", s, err)
		}
		seed = v
	}
	tb.Logf("kill points from seed %d (set DESKPILOT_CRASH_SEED to change it)", seed)
	return seed
}

// killer runs the binary and kills it with SIGKILL at random points.
type killer struct {
	tb    testing.TB
	bin   string
	dir   string // the processes' working folder
	env   []string
	rng   *rand.Rand
	kills int // in all
}

func newKiller(tb testing.TB, bin string, seed uint64, env ...string) *killer {
	// Only what a process needs: a DATABASE_URL or DESKPILOT_* of the
	// machine running the tests must not reach the binary.
	base := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + tb.TempDir(), "TMPDIR=" + os.TempDir()}
	return &killer{tb: tb, bin: bin, dir: tb.TempDir(), env: append(base, env...), rng: rand.New(rand.NewPCG(seed, 0x6b696c6c))}
}

// run runs args to their end, failing the test on a non-zero exit, and
// returns how long they took and what they printed.
func (k *killer) run(args ...string) (time.Duration, string) {
	k.tb.Helper()
	start := time.Now()
	cmd := exec.Command(k.bin, args...)
	cmd.Env, cmd.Dir = k.env, k.dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		k.tb.Fatalf("deskpilot %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return time.Since(start), out.String()
}

// delay picks a kill point within full, the duration of an uninterrupted
// run: full·u² for a uniform u, which puts a third of the kills in the
// first ninth of the run, where resumed runs, shorter, spend their time.
func (k *killer) delay(full time.Duration) time.Duration {
	u := k.rng.Float64()
	return time.Duration(u * u * float64(full))
}

// attempt starts args and kills the process after d unless it ended
// first. It reports whether it was killed; a run that ended by itself
// must have succeeded.
func (k *killer) attempt(d time.Duration, args ...string) bool {
	k.tb.Helper()
	cmd := exec.Command(k.bin, args...)
	cmd.Env, cmd.Dir = k.env, k.dir
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		k.tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	var err error
	select {
	case err = <-done:
	case <-timer.C:
		_ = cmd.Process.Signal(syscall.SIGKILL) // fails only if it has just ended
		err = <-done
	}
	if killedBySIGKILL(err) {
		k.kills++
		return true
	}
	if err != nil {
		k.tb.Fatalf("deskpilot %s (after earlier kills): %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return false
}

// killJob is a command the kill tests run again and again, with the duration
// of its last run that no kill cut short: the kill points are drawn from
// it, measured as the machine's load is now.
type killJob struct {
	args []string
	full time.Duration
}

// newJob runs args uninterrupted, with extra (such as --data), to measure
// how long they take.
func (k *killer) newJob(args []string, extra ...string) *killJob {
	k.tb.Helper()
	full, _ := k.run(append(slices.Clip(args), extra...)...)
	return &killJob{args: args, full: full}
}

// untilDone runs j with extra again and again, each run killed at a
// random point of a window that starts at j's duration, until one ends by
// itself; it returns how many were killed. A run after a kill may have
// more to do than an uninterrupted one (rebuilding an index it would have
// caught up), so the window widens by a quarter with each kill.
func (k *killer) untilDone(j *killJob, extra ...string) int {
	k.tb.Helper()
	args := append(slices.Clip(j.args), extra...)
	window := j.full
	for kills := 0; ; kills++ {
		if kills == 100 {
			k.tb.Fatalf("deskpilot %s: no run finished in 100 attempts", strings.Join(args, " "))
		}
		d := k.delay(window)
		start := time.Now()
		if !k.attempt(d, args...) {
			if kills == 0 {
				j.full = time.Since(start) // uninterrupted
			}
			return kills
		}
		k.tb.Logf("killed deskpilot %s after %s", args[0], d.Round(time.Millisecond))
		window += window / 4
	}
}

// killAfterLine runs args and kills the process as soon as a line of its
// log (stderr) contains marker: a kill at a known point. It fails the
// test if the process ends without writing marker.
func (k *killer) killAfterLine(marker string, args ...string) {
	k.tb.Helper()
	cmd := exec.Command(k.bin, args...)
	cmd.Env, cmd.Dir = k.env, k.dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		k.tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		k.tb.Fatal(err)
	}
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	seen := false
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), marker) {
			_ = cmd.Process.Signal(syscall.SIGKILL)
			seen = true
			break
		}
	}
	_, _ = io.Copy(io.Discard, stderr) // until the pipe closes
	err = cmd.Wait()
	if !seen {
		k.tb.Fatalf("deskpilot %s ended (%v) without logging %q:\n%s", strings.Join(args, " "), err, marker, log.String())
	}
	if killedBySIGKILL(err) {
		k.kills++
	}
}

// killedBySIGKILL reports whether err is the end of a process killed with
// SIGKILL.
func killedBySIGKILL(err error) bool {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return false
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}
