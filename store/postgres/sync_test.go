package postgres_test

import (
	"testing"

	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
	"deskpilot/connectors/copilot/copilottest"
	"deskpilot/connectors/synctest"
)

func TestSyncStateStore(t *testing.T) {
	synctest.Run(t, func(t *testing.T) connectors.SyncStateStore { return MustOpen(t) })
}

func TestCopilotStore(t *testing.T) {
	copilottest.Run(t, func(t *testing.T) copilot.Store { return MustOpen(t) })
}
