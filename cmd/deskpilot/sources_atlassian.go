package main

import (
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/confluence"
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/jira"
)

// freshSettings configure a Freshdesk or Freshservice account (see
// freshdesk.Config); product is set by the entry's type.
type freshSettings struct {
	product       freshdesk.Product
	Domain        string            `yaml:"domain"`
	BaseURL       string            `yaml:"base_url"`
	APIKey        connectors.Secret `yaml:"api_key" secret:"API_KEY"`
	Kinds         []connectors.Kind `yaml:"kinds"`
	Categories    []int64           `yaml:"categories"`
	TicketStart   time.Time         `yaml:"ticket_start"`
	CategoryField string            `yaml:"category_field"`
	WorkspaceID   int64             `yaml:"workspace_id"`
	PageSize      int               `yaml:"page_size"`
	// Copilot mode (see copilot.go): the secret the automation rule's
	// webhook carries.
	Copilot       bool              `yaml:"copilot"`
	WebhookSecret connectors.Secret `yaml:"webhook_secret" secret:"WEBHOOK_SECRET"`
}

func (s *freshSettings) source(name string, env sourceEnv) (connectors.Source, error) {
	return freshdesk.New(freshdesk.Config{Name: name, Product: s.product, Domain: s.Domain, BaseURL: s.BaseURL,
		APIKey: s.APIKey, Kinds: s.Kinds, Categories: s.Categories, TicketStart: s.TicketStart,
		CategoryField: s.CategoryField, WorkspaceID: s.WorkspaceID, PageSize: s.PageSize}, env.client)
}

// jiraSettings configure Jira Service Management projects (see
// jira.Config).
type jiraSettings struct {
	URL              string            `yaml:"url"`
	Email            string            `yaml:"email"`
	APIToken         connectors.Secret `yaml:"api_token" secret:"TOKEN"`
	Projects         []string          `yaml:"projects"`
	JQL              string            `yaml:"jql"`
	RequestTypeField string            `yaml:"request_type_field"`
	CategoryField    string            `yaml:"category_field"`
	TeamField        string            `yaml:"team_field"`
	TicketStart      time.Time         `yaml:"ticket_start"`
	TimeZone         string            `yaml:"time_zone"`
	PageSize         int               `yaml:"page_size"`
	// Copilot mode (see copilot.go): the admin webhook's secret.
	Copilot       bool              `yaml:"copilot"`
	WebhookSecret connectors.Secret `yaml:"webhook_secret" secret:"WEBHOOK_SECRET"`
}

func (s *jiraSettings) source(name string, env sourceEnv) (connectors.Source, error) {
	return jira.New(jira.Config{Name: name, URL: s.URL, Email: s.Email, APIToken: s.APIToken, Projects: s.Projects,
		JQL: s.JQL, RequestTypeField: s.RequestTypeField, CategoryField: s.CategoryField, TeamField: s.TeamField,
		TicketStart: s.TicketStart, TimeZone: s.TimeZone, PageSize: s.PageSize}, env.client)
}

// confluenceSettings configure Confluence spaces (see confluence.Config).
type confluenceSettings struct {
	URL          string            `yaml:"url"`
	Email        string            `yaml:"email"`
	APIToken     connectors.Secret `yaml:"api_token" secret:"TOKEN"`
	Spaces       []string          `yaml:"spaces"`
	PublicSpaces []string          `yaml:"public_spaces"`
	TimeZone     string            `yaml:"time_zone"`
	PageSize     int               `yaml:"page_size"`
}

func (s *confluenceSettings) source(name string, env sourceEnv) (connectors.Source, error) {
	return confluence.New(confluence.Config{Name: name, URL: s.URL, Email: s.Email, APIToken: s.APIToken,
		Spaces: s.Spaces, PublicSpaces: s.PublicSpaces, TimeZone: s.TimeZone, PageSize: s.PageSize}, env.client)
}
