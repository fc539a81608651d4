package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/gdocs"
	"deskpilot/connectors/servicenow"
	"deskpilot/connectors/zendesk"
)

// sourceType is a type of connector that deskpilot.yaml can name. Adding
// one is an entry in sourceTypes and a settings struct with its source
// method.
type sourceType struct {
	// settings returns an empty settings value of the type: a pointer to a
	// struct whose yaml tags are the keys an entry of the type may have.
	// A field tagged secret:"SUFFIX" is a credential (a connectors.Secret):
	// masked by `deskpilot config`, and set by DESKPILOT_<NAME>_<SUFFIX>
	// when that variable is.
	settings func() sourceSettings
	// reconcileEvery is the type's default for reconcile_every (0: the
	// sync engine's, daily).
	reconcileEvery time.Duration
}

// sourceSettings are the settings of a connector, read from its entry.
type sourceSettings interface {
	// source checks the settings and returns the source named name.
	source(name string, env sourceEnv) (connectors.Source, error)
}

// sourceEnv is what a source takes from the command.
type sourceEnv struct {
	client         connectors.ClientOptions
	dir            string // the configuration file's folder: relative paths start there
	maxRecordBytes int
}

// everyRun reconciles at each sync: listing what the source holds is
// cheap next to what could be left behind.
const everyRun = time.Nanosecond

// sourceTypes is the registry of connector types.
var sourceTypes = map[string]sourceType{
	"zendesk":    {settings: func() sourceSettings { return &zendeskSettings{} }},
	"servicenow": {settings: func() sourceSettings { return &servicenowSettings{} }},
	"gdocs":      {settings: func() sourceSettings { return &gdocsSettings{} }, reconcileEvery: everyRun},
	"files":      {settings: func() sourceSettings { return &filesSettings{} }, reconcileEvery: everyRun},
	// The Freshworks folder walk lists every article anyway: reconciling
	// with it costs nothing more.
	"freshdesk":    {settings: func() sourceSettings { return &freshSettings{product: freshdesk.Freshdesk} }, reconcileEvery: everyRun},
	"freshservice": {settings: func() sourceSettings { return &freshSettings{product: freshdesk.Freshservice} }, reconcileEvery: everyRun},
	"jira":         {settings: func() sourceSettings { return &jiraSettings{} }},
	"confluence":   {settings: func() sourceSettings { return &confluenceSettings{} }},
}

// typeNames lists the available types, sorted.
func typeNames() []string {
	var out []string
	for name := range sourceTypes {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// zendeskSettings configure a Zendesk account (see zendesk.Config).
type zendeskSettings struct {
	Subdomain     string            `yaml:"subdomain"`
	BaseURL       string            `yaml:"base_url"`
	Email         string            `yaml:"email"`
	APIToken      connectors.Secret `yaml:"api_token" secret:"TOKEN"`
	OAuthToken    connectors.Secret `yaml:"oauth_token" secret:"OAUTH_TOKEN"`
	Kinds         []connectors.Kind `yaml:"kinds"`
	Locales       []string          `yaml:"locales"`
	Sections      []int64           `yaml:"sections"`
	TicketStart   time.Time         `yaml:"ticket_start"`
	CategoryField int64             `yaml:"category_field"`
	PageSize      int               `yaml:"page_size"`
	// Copilot mode (see copilot.go): the webhook's signing secret.
	Copilot       bool              `yaml:"copilot"`
	WebhookSecret connectors.Secret `yaml:"webhook_secret" secret:"WEBHOOK_SECRET"`
}

func (s *zendeskSettings) source(name string, env sourceEnv) (connectors.Source, error) {
	return zendesk.New(zendesk.Config{Name: name, Subdomain: s.Subdomain, BaseURL: s.BaseURL, Email: s.Email,
		APIToken: s.APIToken, OAuthToken: s.OAuthToken, Kinds: s.Kinds, Locales: s.Locales, Sections: s.Sections,
		TicketStart: s.TicketStart, CategoryField: s.CategoryField, PageSize: s.PageSize}, env.client)
}

// servicenowSettings configure a ServiceNow instance (see
// servicenow.Config).
type servicenowSettings struct {
	Instance       string            `yaml:"instance"`
	BaseURL        string            `yaml:"base_url"`
	Username       string            `yaml:"username"`
	Password       connectors.Secret `yaml:"password" secret:"PASSWORD"`
	OAuthToken     connectors.Secret `yaml:"oauth_token" secret:"OAUTH_TOKEN"`
	Kinds          []connectors.Kind `yaml:"kinds"`
	KnowledgeBases []string          `yaml:"knowledge_bases"`
	IncidentQuery  string            `yaml:"incident_query"`
	TicketStart    time.Time         `yaml:"ticket_start"`
	PageSize       int               `yaml:"page_size"`
}

func (s *servicenowSettings) source(name string, env sourceEnv) (connectors.Source, error) {
	return servicenow.New(servicenow.Config{Name: name, Instance: s.Instance, BaseURL: s.BaseURL, Username: s.Username,
		Password: s.Password, OAuthToken: s.OAuthToken, Kinds: s.Kinds, KnowledgeBases: s.KnowledgeBases,
		IncidentQuery: s.IncidentQuery, TicketStart: s.TicketStart, PageSize: s.PageSize}, env.client)
}

// gdocsSettings configure the Google Docs of some Drive folders (see
// gdocs.Config).
type gdocsSettings struct {
	Folders    []string          `yaml:"folders"`
	Token      connectors.Secret `yaml:"token" secret:"TOKEN"`
	Export     string            `yaml:"export"`
	Visibility string            `yaml:"visibility"`
	BaseURL    string            `yaml:"base_url"`
	PageSize   int               `yaml:"page_size"`
}

func (s *gdocsSettings) source(name string, env sourceEnv) (connectors.Source, error) {
	return gdocs.New(gdocs.Config{Name: name, Folders: s.Folders, Token: s.Token, Export: s.Export,
		Visibility: s.Visibility, BaseURL: s.BaseURL, PageSize: s.PageSize}, env.client)
}

// filesSettings configure files in the open formats, as `deskpilot
// import` reads them, synced as a source.
type filesSettings struct {
	Kind  string   `yaml:"kind"`  // articles or tickets
	Paths []string `yaml:"paths"` // files and folders; relative to the configuration file
	Map   string   `yaml:"map"`   // CSV columns for fields, as import --map
}

func (s *filesSettings) source(name string, env sourceEnv) (connectors.Source, error) {
	kind := connectors.Kind(s.Kind)
	fields := map[connectors.Kind][]string{connectors.KindArticles: files.ArticleFields, connectors.KindTickets: files.TicketFields}[kind]
	if fields == nil {
		return nil, fmt.Errorf("files: kind %q: want articles or tickets", s.Kind)
	}
	if len(s.Paths) == 0 {
		return nil, fmt.Errorf("files: paths: name at least one file or folder")
	}
	m, err := files.ParseMap(s.Map, fields)
	if err != nil {
		return nil, fmt.Errorf("files: map: %w", err)
	}
	paths := make([]string, len(s.Paths))
	for i, p := range s.Paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(env.dir, p)
		}
		paths[i] = p
	}
	return newFileSource(name, kind, paths, files.Options{MaxRecordBytes: env.maxRecordBytes, Map: m}), nil
}
