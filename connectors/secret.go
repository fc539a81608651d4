package connectors

import (
	"log/slog"
)

// Secret is a credential: an API token, a password, an OAuth token. It
// prints, logs and marshals as a mask, so that a config dump, a log line or
// an error that carries it by mistake does not leak it. Reveal gives the
// value to the code that sends it.
type Secret string

// mask is what a set Secret shows instead of its value.
const mask = "********"

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

// String masks the value: "" when unset, "********" otherwise.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return mask
}

// GoString masks the value for %#v.
func (s Secret) GoString() string { return `connectors.Secret("` + s.String() + `")` }

// LogValue masks the value in slog records.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText masks the value in JSON, YAML and other text encodings.
// Reading a Secret (UnmarshalText) takes the value as it is.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText sets the secret from its text.
func (s *Secret) UnmarshalText(b []byte) error {
	*s = Secret(b)
	return nil
}
