package connectors_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"deskpilot/connectors"
)

func TestSecretNeverShows(t *testing.T) {
	const value = "s3cr3t-token"
	s := connectors.Secret(value)
	cfg := struct {
		Email string            `json:"email"`
		Token connectors.Secret `json:"token"`
	}{"a@example.com", s}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "token", s, "cfg", cfg)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "token", s)
	js, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", s), "%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s), "%#v": fmt.Sprintf("%#v", s),
		"%+v of a struct": fmt.Sprintf("%+v", cfg), "json": string(js), "slog": logged.String(),
	} {
		if strings.Contains(out, value) {
			t.Errorf("%s shows the secret: %s", name, out)
		}
		if !strings.Contains(out, "********") {
			t.Errorf("%s does not show the mask: %s", name, out)
		}
	}
	if s.Reveal() != value {
		t.Fatalf("Reveal: %q", s.Reveal())
	}
	var back struct{ Token connectors.Secret }
	if err := json.Unmarshal([]byte(`{"Token":"`+value+`"}`), &back); err != nil || back.Token.Reveal() != value {
		t.Fatalf("reading a secret from JSON: %q, %v", back.Token.Reveal(), err)
	}
	if connectors.Secret("").String() != "" {
		t.Fatalf("an unset secret shows %q", connectors.Secret("").String())
	}
}
