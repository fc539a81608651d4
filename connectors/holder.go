package connectors

import (
	"os"
	"strconv"
	"strings"
)

// localHolderGone reports whether owner, a claim's holder named as the
// Syncer names them by default (host/pid), is a process of this host
// that no longer runs. Anything else (another host, another naming, a
// process that runs, or one this process may not signal) counts as
// alive: its claim then lasts until its lease expires. A process id
// reused since only delays a takeover; a process of another PID
// namespace under the same host name would be taken for gone, and loses
// its claim at its next renewal, its pages already written kept.
func localHolderGone(owner string) bool {
	i := strings.LastIndexByte(owner, '/')
	if i < 0 {
		return false
	}
	host, err := os.Hostname()
	if err != nil || owner[:i] != host {
		return false
	}
	pid, err := strconv.Atoi(owner[i+1:])
	if err != nil || pid <= 0 || pid == os.Getpid() {
		return false
	}
	return processGone(pid)
}
