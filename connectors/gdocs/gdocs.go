package gdocs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"deskpilot/connectors"
)

// DocumentMIME is the MIME type of a Google Doc in Drive.
const DocumentMIME = "application/vnd.google-apps.document"

// Config says which Drive folders to sync and how to sign in.
type Config struct {
	// Name is the source's name: records are keyed by it (default
	// "gdocs").
	Name string
	// Folders are the ids of the Drive folders whose documents are synced
	// (the id in https://drive.google.com/drive/folders/ID). Documents in
	// their subfolders are not.
	Folders []string
	// Token is an OAuth 2.0 access token with a Drive read scope
	// (drive.readonly), sent as a bearer token.
	Token connectors.Secret
	// Export is the format documents are exported in: "html" (default:
	// headings and lists kept) or "text".
	Export string
	// Visibility of the documents in the desk: "internal" (default: for
	// agents only) or "public".
	Visibility string
	// BaseURL replaces https://www.googleapis.com (a proxy, a test server).
	BaseURL string
	// PageSize is how many documents a listing page holds (default 100, at
	// most 1000). Each document costs an export request.
	PageSize int
}

// Source syncs the documents of some Drive folders. It implements
// connectors.Source and connectors.Reconciler.
type Source struct {
	cfg      Config
	base     string
	c        *connectors.Client
	exportAs string // MIME type of the export
}

var (
	_ connectors.Source     = (*Source)(nil)
	_ connectors.Reconciler = (*Source)(nil)
)

// New checks cfg and returns its source. o configures the HTTP client
// (the clock, the transport); New sets its credentials and error messages,
// and adapts its transport to Drive (see driveTransport).
func New(cfg Config, o connectors.ClientOptions) (*Source, error) {
	if cfg.Name == "" {
		cfg.Name = "gdocs"
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = "https://www.googleapis.com"
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("gdocs: base URL %q is not an http(s) origin", cfg.BaseURL)
	}
	if len(cfg.Folders) == 0 {
		return nil, errors.New("gdocs: no folders: name the ids of the Drive folders to sync")
	}
	for _, f := range cfg.Folders {
		if f == "" || strings.ContainsAny(f, "'\\/ ") {
			return nil, fmt.Errorf("gdocs: folder %q is not a Drive folder id", f)
		}
	}
	if !cfg.Token.IsSet() {
		return nil, errors.New("gdocs: no token: set an OAuth access token with a Drive read scope")
	}
	exportAs := map[string]string{"": "text/html", "html": "text/html", "text": "text/plain"}[cfg.Export]
	if exportAs == "" {
		return nil, fmt.Errorf("gdocs: export %q: want html or text", cfg.Export)
	}
	switch cfg.Visibility {
	case "":
		cfg.Visibility = "internal"
	case "internal", "public":
	default:
		return nil, fmt.Errorf("gdocs: visibility %q: want internal or public", cfg.Visibility)
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	cfg.PageSize = min(cfg.PageSize, 1000)
	auth := connectors.Secret("Bearer " + cfg.Token.Reveal())
	o.HTTP = wrapTransport(o.HTTP)
	o.Authorize = func(r *http.Request) { r.Header.Set("Authorization", auth.Reveal()) }
	o.ErrorMessage = errorMessage
	return &Source{cfg: cfg, base: base, c: connectors.NewClient(o), exportAs: exportAs}, nil
}

// Name returns the source's name.
func (s *Source) Name() string { return s.cfg.Name }

// Kinds returns the one stream: articles.
func (s *Source) Kinds() []connectors.Kind { return []connectors.Kind{connectors.KindArticles} }

// Fetch returns the page of articles at cursor.
func (s *Source) Fetch(ctx context.Context, kind connectors.Kind, cursor string) (*connectors.Page, error) {
	if kind != connectors.KindArticles {
		return nil, fmt.Errorf("gdocs: unknown kind %q", kind)
	}
	return s.fetchDocs(ctx, cursor)
}

// errorMessage reads Drive's error body: {"error": {"code", "message",
// "errors": [{"reason", "message"}], "status"}}.
func errorMessage(body []byte) string {
	var e errorBody
	if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
		return clip(strings.TrimSpace(string(body)))
	}
	msg := e.Error.Message
	if r := e.reason(); r != "" {
		msg += " (" + r + ")"
	}
	return clip(msg)
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}
