package sqlite_test

import (
	"testing"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

func TestSyncStateStore(t *testing.T) {
	synctest.Run(t, func(t *testing.T) connectors.SyncStateStore { return MustOpen(t) })
}
