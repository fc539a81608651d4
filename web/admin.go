package web

import (
	"context"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/assistant"
	"deskpilot/connectors"
	"deskpilot/simulation"
	"deskpilot/tickets"
)

// AdminDeps are what the admin pages need beyond the rest of Deps (the
// KPIs also read Deps.Conversations and Deps.Outcomes). A nil field turns
// its part off: its page says so and its API answers 503.
type AdminDeps struct {
	// Policy is the live rollout policy.
	Policy assistant.PolicyStore
	// Sources keeps the connectors' sync states.
	Sources connectors.SyncStateStore
	// Simulations runs simulations of the desk's own history.
	Simulations Simulations
	// Now is the clock of the KPIs; nil is time.Now.
	Now func() time.Time
}

// Simulations runs simulations of the desk's own history in the background,
// one at a time (cmd/deskpilot provides it). Missing runs are
// tickets.ErrNotFound; starting while one is under way is
// tickets.ErrConflict.
type Simulations interface {
	// Start queues a run over the tickets resolved so far.
	Start(ctx context.Context, o SimulationOptions) (*SimulationRun, error)
	// Resume continues an interrupted or failed run from its checkpoint.
	Resume(ctx context.Context, id string) (*SimulationRun, error)
	// List returns the runs, newest first.
	List(ctx context.Context) ([]*SimulationRun, error)
	// Get returns one run, with its report once it is done.
	Get(ctx context.Context, id string) (*SimulationRun, error)
	// ReportFile returns a file of a finished run's report: report.html,
	// report.json or tickets.csv. Where the files are kept (a node's data
	// folder, the database every node shares) is the implementation's.
	ReportFile(ctx context.Context, id, name string) ([]byte, error)
}

// SimulationOptions are what an admin chooses for a run.
type SimulationOptions struct {
	// TargetPrecision is the precision the recommended policy aims for,
	// more than 0 and at most 1.
	TargetPrecision float64 `json:"target_precision"`
	// MinutesPerTicket is the agent time an automatic resolution saves.
	MinutesPerTicket float64 `json:"minutes_per_ticket"`
	// StartedBy is the admin's e-mail address, set by the server.
	StartedBy string `json:"started_by,omitempty"`
}

// Validate reports the options' problems.
func (o SimulationOptions) Validate() error {
	ve := &tickets.ValidationError{}
	if !(o.TargetPrecision > 0 && o.TargetPrecision <= 1) {
		ve.Add("target_precision", "want more than 0 and at most 1")
	}
	if !(o.MinutesPerTicket > 0 && o.MinutesPerTicket <= 24*60) {
		ve.Add("minutes_per_ticket", "want more than 0 and at most 1440")
	}
	return ve.Err()
}

// Run statuses: the simulation package's, which a store shared by
// several nodes keeps.
const (
	SimQueued      = simulation.JobQueued
	SimRunning     = simulation.JobRunning
	SimDone        = simulation.JobDone
	SimFailed      = simulation.JobFailed
	SimInterrupted = simulation.JobInterrupted // stopped by a shutdown: resumable
)

// SimulationRun is one simulation, as GET /api/v1/simulations/{id} shows it.
type SimulationRun struct {
	ID string `json:"id"`
	SimulationOptions
	Status string `json:"status"`
	// Phase is what a running simulation does: loading, indexing,
	// replaying or reporting.
	Phase    string     `json:"phase,omitempty"`
	Done     int        `json:"done"`
	Total    int        `json:"total"`
	Created  time.Time  `json:"created_at"`
	Updated  time.Time  `json:"updated_at"`
	Finished *time.Time `json:"finished_at,omitempty"`
	Error    string     `json:"error,omitempty"`
	// Report is report.json, once the run is done.
	Report *simulation.Report `json:"report,omitempty"`
}

// Active reports whether the run is queued or running.
func (r *SimulationRun) Active() bool { return r.Status == SimQueued || r.Status == SimRunning }

// Resumable reports whether the run can go on from its checkpoint.
func (r *SimulationRun) Resumable() bool { return r.Status == SimInterrupted || r.Status == SimFailed }

// Percent is how far the run is, 0 to 100.
func (r *SimulationRun) Percent() int {
	if r.Total == 0 {
		return 0
	}
	return 100 * r.Done / r.Total
}

// The admin pages share a navigation bar (admin_nav.html): each admin
// page is parsed with it, and the bar is not a page of its own.
func init() {
	for name := range templates {
		if strings.HasPrefix(name, "admin_") && name != "admin_nav" {
			templates[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
				"templates/layout.html", "templates/admin_nav.html", "templates/"+name+".html"))
		}
	}
	delete(templates, "admin_nav")
}

// adminPage renders an admin page; section names the tab of the bar.
func (s *Server) adminPage(c *gin.Context, status int, name, section string, data any) {
	s.render(c, status, name, &page{Title: "admin." + section + ".title",
		Data: adminView{Section: section, Notice: adminNotice(c), View: data}})
}

// adminView is the Data of an admin page.
type adminView struct {
	Section string
	Notice  string // a translation key: what the last form did
	Problem string // why the last form was refused, already translated
	View    any
}

// adminNotices are what a form may report after its redirect, by ?done=.
var adminNotices = map[string]string{
	"saved": "admin.notice.saved", "created": "admin.notice.created", "applied": "admin.notice.applied",
	"started": "admin.notice.started", "password": "admin.notice.password", "resumed": "admin.notice.resumed",
}

func adminNotice(c *gin.Context) string { return adminNotices[c.Query("done")] }

// adminProblem renders an admin page with the reason a form was refused.
func (s *Server) adminProblem(c *gin.Context, status int, name, section string, data any, problem string) {
	s.render(c, status, name, &page{Title: "admin." + section + ".title",
		Data: adminView{Section: section, Problem: problem, View: data}})
}

// adminProblemText says what is wrong with a form's input, for the page.
func adminProblemText(lang string, err error) string {
	if ve, ok := err.(*tickets.ValidationError); ok {
		parts := make([]string, len(ve.Problems))
		for i, p := range ve.Problems {
			parts[i] = p.Field + ": " + p.Message
		}
		return strings.Join(parts, "; ")
	}
	return translate(lang, "admin.problem.generic")
}

// adminUnavailable answers 503 for a part the server was built without.
func (s *Server) adminUnavailable(c *gin.Context, what string) {
	c.AbortWithStatusJSON(http.StatusServiceUnavailable, errorBody{Error: what + " is not available on this server"})
}

// adminNow is the KPIs' clock.
func (s *Server) adminNow() time.Time {
	if s.deps.Admin.Now != nil {
		return s.deps.Admin.Now()
	}
	return time.Now()
}
