package pgtest

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// cluster is a private PostgreSQL cluster in a temporary directory: the
// data directory, the log and the unix socket all live there.
type cluster struct {
	bindir string
	dir    string
	url    string
	port   int
	// asPostgres runs the binaries as the postgres OS user, because
	// PostgreSQL refuses to run as root.
	asPostgres bool
}

const (
	dirPrefix = "deskpilot-pg-"
	ownerFile = "owner.pid"
)

// settings trade durability for speed: a test cluster is thrown away.
const settings = `
listen_addresses = '127.0.0.1'
unix_socket_directories = '%s'
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = '1GB'
checkpoint_timeout = '1h'
max_connections = 200
max_parallel_workers_per_gather = 0
jit = off
log_min_messages = warning
`

// startCluster initializes and starts a cluster, listening on a unix socket
// in its directory and on a free port of 127.0.0.1.
func startCluster() (_ *cluster, err error) {
	bindir, err := findBindir()
	if err != nil {
		return nil, err
	}
	c := &cluster{bindir: bindir, asPostgres: os.Geteuid() == 0}
	uid, gid := -1, -1
	base := os.TempDir()
	if c.asPostgres {
		if uid, gid, err = postgresUser(); err != nil {
			return nil, err
		}
		// The postgres user must be able to walk down to the directory.
		if !othersCanEnter(base) {
			base = "/tmp"
		}
	}
	c.reapOrphans(base)
	if c.dir, err = os.MkdirTemp(base, dirPrefix); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = c.stop()
		}
	}()
	if err := os.WriteFile(filepath.Join(c.dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}
	if c.asPostgres {
		if err := os.Chown(c.dir, uid, gid); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(c.dir, "data")
	if _, err := c.run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "-N"); err != nil {
		return nil, err
	}
	conf := fmt.Sprintf(settings, strings.ReplaceAll(c.dir, "'", "''"))
	if err := appendFile(filepath.Join(data, "postgresql.conf"), conf); err != nil {
		return nil, err
	}
	// A free port can be taken by someone else before the server binds it:
	// try a few. pg_ctl -w polls the server until it accepts connections or
	// the -t deadline passes.
	var port int
	for range 3 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
		_, err = c.run("pg_ctl", "-D", data, "-l", filepath.Join(c.dir, "postgres.log"),
			"-w", "-t", "60", "-s", "-o", "-p "+strconv.Itoa(port), "start")
		if err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w\n%s", err, c.logTail())
	}
	c.port = port
	q := url.Values{"host": {c.dir}, "port": {strconv.Itoa(port)}, "sslmode": {"disable"}}
	c.url = "postgres://postgres@/postgres?" + q.Encode()
	return c, nil
}

// pause stops the server the way an administrator restarting it does:
// pg_ctl stop -m fast, which ends every session at once. The data stays.
func (c *cluster) pause() error {
	_, err := c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "fast", "-w", "-t", "60", "-s", "stop")
	return err
}

// resume starts a paused server again, on the same port.
func (c *cluster) resume() error {
	_, err := c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-l", filepath.Join(c.dir, "postgres.log"),
		"-w", "-t", "60", "-s", "-o", "-p "+strconv.Itoa(c.port), "start")
	if err != nil {
		return fmt.Errorf("%w\n%s", err, c.logTail())
	}
	return nil
}

// stop stops the server at once (its data is thrown away) and removes the
// directory.
func (c *cluster) stop() error {
	var err error
	if _, statErr := os.Stat(filepath.Join(c.dir, "data", "postmaster.pid")); statErr == nil {
		_, err = c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "-s", "stop")
	}
	// Even if stop failed, removing the directory makes a postmaster that
	// is still running shut down when it next checks its lock file.
	return errors.Join(err, os.RemoveAll(c.dir))
}

// run runs one of the PostgreSQL binaries, as the postgres user when we are
// root, in the cluster's directory (which that user can enter, unlike
// perhaps the test's working directory).
func (c *cluster) run(name string, args ...string) ([]byte, error) {
	bin := filepath.Join(c.bindir, name)
	cmd := exec.Command(bin, args...)
	if c.asPostgres {
		cmd = exec.Command(runuser(), append([]string{"-u", "postgres", "--", bin}, args...)...)
	}
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return out, nil
}

// runuser finds runuser(1), which a root PATH without the sbin directories
// misses.
func runuser() string {
	if p, err := exec.LookPath("runuser"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/runuser", "/sbin/runuser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "runuser"
}

func (c *cluster) logTail() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "postgres.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// reapOrphans stops and removes the clusters of test processes that died
// without running Run (a test binary killed by -timeout does that).
func (c *cluster) reapOrphans(base string) {
	dirs, _ := filepath.Glob(filepath.Join(base, dirPrefix+"*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue // not ours, or still being created
		}
		pid, err := strconv.Atoi(string(b))
		if err != nil || processAlive(pid) {
			continue
		}
		orphan := &cluster{bindir: c.bindir, dir: dir, asPostgres: c.asPostgres}
		_ = orphan.stop()
	}
}

func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	// Anything but a clear "finished" counts as alive: reaping a live
	// cluster would break another test run.
	return !errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

// findBindir returns the directory of initdb and pg_ctl: pg_config's, or
// else the newest of Debian's /usr/lib/postgresql/<version>/bin.
func findBindir() (string, error) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := strings.TrimSpace(string(out))
		if hasInitdb(dir) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(dir string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		return v
	}
	slices.SortFunc(dirs, func(a, b string) int { return cmp.Compare(version(b), version(a)) })
	for _, dir := range dirs {
		if hasInitdb(dir) {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb) found; install them or set %s", envURL)
}

func hasInitdb(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "initdb"))
	return err == nil
}

func postgresUser() (uid, gid int, err error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return 0, 0, fmt.Errorf("running as root needs the postgres OS user: %w", err)
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("postgres OS user: %w", err)
	}
	return uid, gid, nil
}

// othersCanEnter reports whether every directory from / down to dir may be
// traversed by any user.
func othersCanEnter(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		fi, err := os.Stat(dir)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func appendFile(name, text string) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	return errors.Join(err, f.Close())
}
