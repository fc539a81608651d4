package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"deskpilot/assistant"
	"deskpilot/tickets"
)

// reportCSP is the policy of a simulation's report.html: a page our own
// template generates, self-contained, whose only need is its inline
// <style> (and style attributes); no script, nothing fetched.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// simFiles are the files of a run that can be opened, with their types.
var simFiles = map[string]string{
	"report.html": "text/html; charset=utf-8",
	"report.json": "application/json",
	"tickets.csv": "text/csv; charset=utf-8",
}

// Defaults of the start form, as `deskpilot simulate` has them.
const (
	defaultTargetPrecision  = 0.9
	defaultMinutesPerTicket = 8
)

// simulationsView is the simulations page's data.
type simulationsView struct {
	Runs                    []simRow
	Busy                    bool // a run is queued or running: no other may start
	TargetPrecision, Minute float64
}

// simRow is a run as the page lists it.
type simRow struct {
	*SimulationRun
	Automation, Precision string // formatted, "" before the report
}

func (s *Server) simulationsPage(c *gin.Context) {
	s.showSimulations(c, http.StatusOK, "")
}

// showSimulations renders the page, with a problem when one is given.
func (s *Server) showSimulations(c *gin.Context, status int, problem string) {
	if s.deps.Admin.Simulations == nil {
		s.errorPage(c, http.StatusServiceUnavailable, "admin.off")
		return
	}
	runs, err := s.deps.Admin.Simulations.List(c.Request.Context())
	if err != nil {
		s.logger(c).Error("list simulations", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	v := simulationsView{TargetPrecision: defaultTargetPrecision, Minute: defaultMinutesPerTicket}
	for _, r := range runs {
		v.Busy = v.Busy || r.Active()
		row := simRow{SimulationRun: r}
		if r.Report != nil {
			row.Automation = fmt.Sprintf("%.1f%%", 100*r.Report.AutomationRate)
			row.Precision = fmt.Sprintf("%.1f%%", 100*r.Report.AutomatedPrecision)
		}
		v.Runs = append(v.Runs, row)
	}
	if problem != "" {
		s.adminProblem(c, status, "admin_simulations", "simulations", v, problem)
		return
	}
	s.adminPage(c, status, "admin_simulations", "simulations", v)
}

// startSimulationForm starts a run from the page's form.
func (s *Server) startSimulationForm(c *gin.Context) {
	if s.deps.Admin.Simulations == nil {
		s.errorPage(c, http.StatusServiceUnavailable, "admin.off")
		return
	}
	o := SimulationOptions{StartedBy: currentUser(c).Email}
	ve := &tickets.ValidationError{}
	for _, f := range []struct {
		name string
		dst  *float64
	}{{"target_precision", &o.TargetPrecision}, {"minutes_per_ticket", &o.MinutesPerTicket}} {
		v, err := strconv.ParseFloat(c.PostForm(f.name), 64)
		if err != nil {
			ve.Add(f.name, "want a number")
		}
		*f.dst = v
	}
	err := ve.Err()
	if err == nil {
		err = o.Validate()
	}
	if err == nil {
		_, err = s.deps.Admin.Simulations.Start(c.Request.Context(), o)
	}
	if err != nil {
		s.simulationFormProblem(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/simulations?done=started")
}

// simulationFormProblem shows the page again with why a form failed.
func (s *Server) simulationFormProblem(c *gin.Context, err error) {
	lang := s.uiLanguage(c, currentUser(c).Language)
	switch {
	case errors.Is(err, tickets.ErrConflict):
		s.showSimulations(c, http.StatusConflict, translate(lang, "sim.busy"))
	case errors.Is(err, tickets.ErrNotFound):
		s.errorPage(c, http.StatusNotFound, "error.notfound")
	default:
		if formStatus(err) >= 500 {
			s.logger(c).Error("simulation form", "error", err)
		}
		s.showSimulations(c, formStatus(err), adminProblemText(lang, err))
	}
}

func (s *Server) resumeSimulationForm(c *gin.Context) {
	if s.deps.Admin.Simulations == nil {
		s.errorPage(c, http.StatusServiceUnavailable, "admin.off")
		return
	}
	if _, err := s.deps.Admin.Simulations.Resume(c.Request.Context(), c.Param("id")); err != nil {
		s.simulationFormProblem(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/simulations?done=resumed")
}

// applySimulationForm makes a finished run's recommended policy live.
func (s *Server) applySimulationForm(c *gin.Context) {
	if s.deps.Admin.Simulations == nil || s.deps.Admin.Policy == nil {
		s.errorPage(c, http.StatusServiceUnavailable, "admin.off")
		return
	}
	if _, _, err := s.applySimulation(c); err != nil {
		s.simulationFormProblem(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/policy?done=applied")
}

// applySimulation applies the recommendation of the run in the path.
func (s *Server) applySimulation(c *gin.Context) (applied, skipped int, err error) {
	run, err := s.deps.Admin.Simulations.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		return 0, 0, err
	}
	if run.Status != SimDone || run.Report == nil {
		ve := &tickets.ValidationError{}
		ve.Add("simulation", "the run has no report yet")
		return 0, 0, ve
	}
	return s.applyRecommended(c.Request.Context(), run.Report.Recommendation.Policy)
}

// simulationFile serves report.html, report.json or tickets.csv of a
// finished run. The report gets its own CSP: it carries its style inline.
func (s *Server) simulationFile(c *gin.Context) {
	ctype, ok := simFiles[c.Param("file")]
	if s.deps.Admin.Simulations == nil || !ok {
		s.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	sims := s.deps.Admin.Simulations
	run, err := sims.Get(c.Request.Context(), c.Param("id"))
	var b []byte
	if err == nil && run.Status == SimDone {
		b, err = sims.ReportFile(c.Request.Context(), run.ID, c.Param("file"))
	}
	if err != nil || run.Status != SimDone {
		if err != nil && !errors.Is(err, tickets.ErrNotFound) {
			s.logger(c).Error("simulation report file", "error", err)
		}
		s.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", reportCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if c.Param("file") == "tickets.csv" {
		h.Set("Content-Disposition", `attachment; filename="simulation-`+run.ID+`-tickets.csv"`)
	}
	c.Data(http.StatusOK, ctype, b)
}

// simulationsList is GET /api/v1/simulations: the runs without their
// reports (GET /api/v1/simulations/{id} has them).
type simulationsList struct {
	Simulations []*SimulationRun `json:"simulations"`
}

func (s *Server) apiListSimulations(c *gin.Context) {
	runs, err := s.deps.Admin.Simulations.List(c.Request.Context())
	if err != nil {
		s.respondError(c, err)
		return
	}
	out := simulationsList{Simulations: make([]*SimulationRun, len(runs))}
	for i, r := range runs {
		light := *r
		light.Report = nil
		out.Simulations[i] = &light
	}
	c.JSON(http.StatusOK, out)
}

// startSimulationRequest is POST /api/v1/simulations; omitted fields take
// the defaults (0.9, 8).
type startSimulationRequest struct {
	TargetPrecision  *float64 `json:"target_precision"`
	MinutesPerTicket *float64 `json:"minutes_per_ticket"`
}

func (s *Server) apiStartSimulation(c *gin.Context) {
	var req startSimulationRequest
	if err := readAdminJSON(c, &req); err != nil {
		s.respondError(c, err)
		return
	}
	o := SimulationOptions{TargetPrecision: defaultTargetPrecision, MinutesPerTicket: defaultMinutesPerTicket, StartedBy: currentUser(c).Email}
	if req.TargetPrecision != nil {
		o.TargetPrecision = *req.TargetPrecision
	}
	if req.MinutesPerTicket != nil {
		o.MinutesPerTicket = *req.MinutesPerTicket
	}
	if err := o.Validate(); err != nil {
		s.respondError(c, err)
		return
	}
	run, err := s.deps.Admin.Simulations.Start(c.Request.Context(), o)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusAccepted, run)
}

func (s *Server) apiGetSimulation(c *gin.Context) {
	run, err := s.deps.Admin.Simulations.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, run)
}

func (s *Server) apiResumeSimulation(c *gin.Context) {
	run, err := s.deps.Admin.Simulations.Resume(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusAccepted, run)
}

// apiApplySimulation answers with what was applied and the live policy.
func (s *Server) apiApplySimulation(c *gin.Context) {
	if s.deps.Admin.Policy == nil {
		s.adminUnavailable(c, "the rollout policy")
		return
	}
	applied, skipped, err := s.applySimulation(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	p, err := s.deps.Admin.Policy.Policy(c.Request.Context())
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, applyResult{Applied: applied, Skipped: skipped, Policy: p})
}

// applyResult is what POST /api/v1/simulations/{id}/apply answers: how
// many category rules were applied, how many were skipped (categories
// not in the taxonomy), and the live policy after.
type applyResult struct {
	Applied int              `json:"applied"`
	Skipped int              `json:"skipped"`
	Policy  assistant.Policy `json:"policy"`
}

// needSimulations answers 503 when the server runs no simulations.
func (s *Server) needSimulations(c *gin.Context) {
	if s.deps.Admin.Simulations == nil {
		s.adminUnavailable(c, "simulations")
		return
	}
	c.Next()
}
