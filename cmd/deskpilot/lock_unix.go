//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// errFolderLocked is returned when another process holds the index folder.
var errFolderLocked = errors.New("index folder in use by another process")

// folderLock is an exclusive advisory lock on a folder, held by one
// process at a time and released by the kernel if that process dies.
type folderLock struct{ f *os.File }

// lockFolder takes the lock file in dir, waiting up to wait for another
// holder to let go.
func lockFolder(dir string, wait time.Duration) (*folderLock, error) {
	f, err := os.OpenFile(dir+"/LOCK", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return &folderLock{f}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, errFolderLocked
		}
		time.Sleep(50 * time.Millisecond) // polling a lock another process holds
	}
}

// unlock releases the lock.
func (l *folderLock) unlock() error {
	if l == nil {
		return nil
	}
	return l.f.Close() // closing the descriptor drops the flock
}
