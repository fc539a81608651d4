//go:build !unix

package main

import (
	"errors"
	"time"
)

var errFolderLocked = errors.New("index folder in use by another process")

// folderLock is a no-op where flock is not available: run one deskpilot
// process per data folder there.
type folderLock struct{}

func lockFolder(string, time.Duration) (*folderLock, error) { return &folderLock{}, nil }

func (l *folderLock) unlock() error { return nil }
