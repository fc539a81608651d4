package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/analytics"
	"deskpilot/tickets"
)

// Windows of the KPIs.
const (
	defaultKPIWeeks = 12
	maxKPIWindow    = 3 * 366 * 24 * time.Hour
)

// kpiReport is GET /api/v1/kpis: the window's KPIs (fields of
// analytics.KPIs, rates null when undefined), the same per calendar week,
// and the latest finished simulation's estimate to compare with.
type kpiReport struct {
	analytics.KPIs
	// Anchored is true when no window was asked for and nothing happened
	// in the last weeks: the window ends at the newest ticket instead (a
	// desk of imported history).
	Anchored   bool              `json:"anchored"`
	Weeks      []analytics.Week  `json:"weeks"`
	Simulation *simulationSketch `json:"simulation,omitempty"`
}

// simulationSketch is what the dashboard shows of the latest simulation.
type simulationSketch struct {
	ID             string    `json:"id"`
	Finished       time.Time `json:"finished_at"`
	AutomationRate float64   `json:"automation_rate"`
	Precision      float64   `json:"automated_precision"`
}

// kpiWindow reads from, to (RFC 3339, or a date: to's whole day is in)
// and weeks (the window's length when from is not given). asked is false
// when neither from nor to was given.
func kpiWindow(q func(string) string, now time.Time) (w analytics.Window, asked bool, err error) {
	w.To = now
	if v := q("to"); v != "" {
		if w.To, err = kpiTime(v, true); err != nil {
			return w, true, badRequest("to: want a date (2026-01-31) or an RFC 3339 time")
		}
	}
	weeks := defaultKPIWeeks
	if v := q("weeks"); v != "" {
		if weeks, err = strconv.Atoi(v); err != nil || weeks < 1 || weeks > 156 {
			return w, true, badRequest("weeks: want 1 to 156")
		}
	}
	w.From = w.To.AddDate(0, 0, -7*weeks)
	if v := q("from"); v != "" {
		if w.From, err = kpiTime(v, false); err != nil {
			return w, true, badRequest("from: want a date (2026-01-01) or an RFC 3339 time")
		}
	}
	switch {
	case !w.From.Before(w.To):
		return w, true, badRequest("from must be before to")
	case w.To.Sub(w.From) > maxKPIWindow:
		return w, true, badRequest("the window may be at most three years long")
	}
	return w, q("from") != "" || q("to") != "", nil
}

// kpiTime reads an RFC 3339 time or a date; a date that ends a window
// means the end of that day.
func kpiTime(v string, end bool) (time.Time, error) {
	// An offset's "+" sent unescaped in a query arrives as a space.
	if t, err := time.Parse(time.RFC3339, strings.Replace(v, " ", "+", 1)); err == nil {
		return t.UTC(), nil
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, err
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

// kpis computes the report of the request's window.
func (s *Server) kpis(ctx context.Context, q func(string) string) (*kpiReport, error) {
	now := s.adminNow().UTC()
	w, asked, err := kpiWindow(q, now)
	if err != nil {
		return nil, err
	}
	src := analytics.Sources{Tickets: s.deps.Tickets.Store()}
	if s.deps.Conversations != nil {
		src.Conversations = s.deps.Conversations
	}
	if s.deps.Outcomes != nil {
		src.Outcomes = s.deps.Outcomes
	}
	d, err := analytics.Load(ctx, src, w, now)
	if err != nil {
		return nil, err
	}
	rep := &kpiReport{}
	if !asked && len(d.Tickets)+len(d.Conversations)+len(d.Outcomes) == 0 {
		newest, err := s.deps.Tickets.Store().ListTickets(ctx, tickets.TicketFilter{Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(newest) == 1 {
			c := newest[0].CreatedAt.UTC()
			w.To = time.Date(c.Year(), c.Month(), c.Day()+1, 0, 0, 0, 0, time.UTC)
			w.From = w.To.AddDate(0, 0, -7*defaultKPIWeeks)
			if d, err = analytics.Load(ctx, src, w, now); err != nil {
				return nil, err
			}
			rep.Anchored = true
		}
	}
	rep.KPIs = analytics.Compute(d, w)
	rep.Weeks = analytics.Weekly(d, w)
	rep.Simulation = s.latestSimulation(ctx)
	return rep, nil
}

// latestSimulation sketches the newest finished simulation, nil when
// there is none (or it cannot be read: the dashboard goes on without).
func (s *Server) latestSimulation(ctx context.Context) *simulationSketch {
	if s.deps.Admin.Simulations == nil {
		return nil
	}
	runs, err := s.deps.Admin.Simulations.List(ctx)
	if err != nil {
		s.log.WarnContext(ctx, "list simulations", "error", err)
		return nil
	}
	for _, r := range runs {
		if r.Status == SimDone && r.Report != nil && r.Finished != nil {
			return &simulationSketch{ID: r.ID, Finished: *r.Finished, AutomationRate: r.Report.AutomationRate, Precision: r.Report.AutomatedPrecision}
		}
	}
	return nil
}

func (s *Server) apiKPIs(c *gin.Context) {
	rep, err := s.kpis(c.Request.Context(), c.Query)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, rep)
}

// dashboardView is the dashboard's data.
type dashboardView struct {
	Report              *kpiReport
	From, To            string // the window, as dates (To inclusive)
	Cards               []kpiCard
	Trend, Volume, MTTR template.HTML
	Forecast, Live      string
}

// kpiCard is one figure of the dashboard.
type kpiCard struct {
	ID, Label, Value, Detail string
}

func (s *Server) dashboard(c *gin.Context) {
	rep, err := s.kpis(c.Request.Context(), c.Query)
	if err != nil {
		if formStatus(err) >= 500 {
			s.logger(c).Error("dashboard", "error", err)
			s.errorPage(c, http.StatusInternalServerError, "error.title")
			return
		}
		s.adminProblem(c, http.StatusBadRequest, "admin_dashboard", "dashboard", dashboardView{}, err.Error())
		return
	}
	lang := s.uiLanguage(c, currentUser(c).Language)
	t := func(k string) string { return translate(lang, k) }
	k := rep.KPIs
	v := dashboardView{Report: rep, From: k.From.Format(time.DateOnly), To: k.To.Add(-time.Nanosecond).Format(time.DateOnly)}
	of := func(n, d int) string { return fmt.Sprintf(t("kpi.of"), n, d) }
	v.Cards = []kpiCard{
		{"automation_rate", t("kpi.automation"), fmtPct(k.AutomationRate), of(k.SelfServiceResolved, k.Requests)},
		{"self_service_resolution_rate", t("kpi.selfservice"), fmtPct(k.SelfServiceResolutionRate), of(k.SelfServiceResolved, k.Conversations)},
		{"suggestion_acceptance_rate", t("kpi.acceptance"), fmtPct(k.SuggestionAcceptanceRate), of(k.SuggestionsAccepted, k.SuggestionsTotal)},
		{"suggestion_edit_rate", t("kpi.edit"), fmtPct(k.SuggestionEditRate), of(k.SuggestionsEdited, k.SuggestionsTotal)},
		{"suggestion_mean_edit_distance", t("kpi.editdistance"), fmtNumber(k.SuggestionMeanEditDistance, "%.0f"), t("kpi.editdistance.detail")},
		{"first_contact_resolution_rate", t("kpi.fcr"), fmtPct(k.FirstContactResolutionRate), of(k.FirstContactResolved, k.ResolvedTickets)},
		{"mttr_hours", t("kpi.mttr"), fmtNumber(k.MTTRHours, "%.1f h"), fmt.Sprintf(t("kpi.mttr.detail"), k.ResolvedTickets)},
		{"sla_compliance_rate", t("kpi.sla"), fmtPct(k.SLAComplianceRate), of(k.SLAMet, k.SLASettled)},
		{"reopen_rate", t("kpi.reopen"), fmtPct(k.ReopenRate), of(k.Reopened, k.EverResolved)},
		{"csat", t("kpi.csat"), fmtPct(k.CSAT), of(k.CSATYes, k.CSATResponses)},
	}
	v.Trend, v.Volume, v.MTTR = dashboardCharts(rep.Weeks, t)
	if rep.Simulation != nil {
		v.Forecast, v.Live = fmt.Sprintf("%.1f%%", 100*rep.Simulation.AutomationRate), fmtPct(k.AutomationRate)
	}
	s.adminPage(c, http.StatusOK, "admin_dashboard", "dashboard", v)
}

// dashboardCharts draws the weekly trend of the main rates, the weekly
// volume of requests and the weekly MTTR.
func dashboardCharts(weeks []analytics.Week, t func(string) string) (trend, volume, mttr template.HTML) {
	xs := make([]string, len(weeks))
	var auto, accept, fcr, sla []*float64
	requests := make([]float64, len(weeks))
	hours := make([]float64, len(weeks))
	for i, wk := range weeks {
		xs[i] = wk.Start.Format("01-02")
		auto, accept = append(auto, wk.AutomationRate), append(accept, wk.SuggestionAcceptanceRate)
		fcr, sla = append(fcr, wk.FirstContactResolutionRate), append(sla, wk.SLAComplianceRate)
		requests[i] = float64(wk.Requests)
		if wk.MTTRHours != nil {
			hours[i] = *wk.MTTRHours
		}
	}
	trend = lineChart(t("kpi.chart.trend"), xs, []chartSeries{{t("kpi.automation"), auto}, {t("kpi.acceptance"), accept},
		{t("kpi.fcr"), fcr}, {t("kpi.sla"), sla}})
	return trend, barChart(t("kpi.chart.volume"), xs, requests), barChart(t("kpi.chart.mttr"), xs, hours)
}

// fmtPct writes a rate as a percentage, a dash when it is undefined.
func fmtPct(r *float64) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100**r)
}

// fmtNumber writes a value with format, a dash when it is undefined.
func fmtNumber(v *float64, format string) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf(format, *v)
}
