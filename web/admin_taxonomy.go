package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/connectors"
	"deskpilot/tickets"
)

// Limits of the taxonomy's names.
const (
	maxTeamName        = 100
	maxTeamDescription = 500
	maxCategoryPath    = 300
)

// addTeam validates and stores a team (an existing one gets the new
// description).
func (s *Server) addTeam(ctx context.Context, t tickets.Team) (tickets.Team, error) {
	t.Name, t.Description = strings.TrimSpace(t.Name), strings.TrimSpace(t.Description)
	ve := &tickets.ValidationError{}
	if t.Name == "" || len(t.Name) > maxTeamName || strings.ContainsAny(t.Name, "\r\n\x00") {
		ve.Add("name", "want a name of 1 to %d bytes on one line", maxTeamName)
	}
	if len(t.Description) > maxTeamDescription {
		ve.Add("description", "at most %d bytes", maxTeamDescription)
	}
	if err := ve.Err(); err != nil {
		return t, err
	}
	return t, s.deps.Tickets.Store().UpsertTeams(ctx, []tickets.Team{t})
}

// addCategory validates and stores a category path and its ancestors.
func (s *Server) addCategory(ctx context.Context, path string) (tickets.Category, error) {
	p := tickets.CleanCategoryPath(path)
	if p == "" || len(p) > maxCategoryPath || strings.ContainsAny(p, "\r\n\x00") {
		ve := &tickets.ValidationError{}
		ve.Add("path", "want a path such as Network/VPN, at most %d bytes", maxCategoryPath)
		return tickets.Category{}, ve
	}
	return tickets.Category{Path: p}, s.deps.Tickets.Store().EnsureCategories(ctx, []string{p})
}

func (s *Server) teamsPage(c *gin.Context) { s.showTeams(c, http.StatusOK, nil) }

func (s *Server) showTeams(c *gin.Context, status int, formErr error) {
	teams, err := s.deps.Tickets.Store().ListTeams(c.Request.Context())
	if err != nil {
		s.logger(c).Error("list teams", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	if formErr != nil {
		s.adminProblem(c, status, "admin_teams", "teams", teams, s.userProblem(c, formErr))
		return
	}
	s.adminPage(c, status, "admin_teams", "teams", teams)
}

func (s *Server) addTeamForm(c *gin.Context) {
	if _, err := s.addTeam(c.Request.Context(), tickets.Team{Name: c.PostForm("name"), Description: c.PostForm("description")}); err != nil {
		s.showTeams(c, formStatus(err), err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/teams?done=saved")
}

func (s *Server) categoriesPage(c *gin.Context) { s.showCategories(c, http.StatusOK, nil) }

func (s *Server) showCategories(c *gin.Context, status int, formErr error) {
	cats, err := s.deps.Tickets.Store().ListCategories(c.Request.Context())
	if err != nil {
		s.logger(c).Error("list categories", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	rows := make([]categoryRow, len(cats))
	for i, cat := range cats {
		rows[i] = categoryRow{Path: cat.Path, Name: cat.Name(), Depth: strings.Count(cat.Path, "/")}
	}
	if formErr != nil {
		s.adminProblem(c, status, "admin_categories", "categories", rows, s.userProblem(c, formErr))
		return
	}
	s.adminPage(c, status, "admin_categories", "categories", rows)
}

// categoryRow is a category as the page lists it, indented by depth.
type categoryRow struct {
	Path, Name string
	Depth      int
}

func (s *Server) addCategoryForm(c *gin.Context) {
	if _, err := s.addCategory(c.Request.Context(), c.PostForm("path")); err != nil {
		s.showCategories(c, formStatus(err), err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/categories?done=created")
}

func (s *Server) apiAddTeam(c *gin.Context) {
	var t tickets.Team
	if err := readAdminJSON(c, &t); err != nil {
		s.respondError(c, err)
		return
	}
	t, err := s.addTeam(c.Request.Context(), t)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, t)
}

func (s *Server) apiAddCategory(c *gin.Context) {
	var body tickets.Category
	if err := readAdminJSON(c, &body); err != nil {
		s.respondError(c, err)
		return
	}
	cat, err := s.addCategory(c.Request.Context(), body.Path)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, cat)
}

// sourceStatus is a source as GET /api/v1/sources shows it: its sync
// state, and whether that state is stale (it says running, but its
// process stopped renewing its claim: the next sync resumes its work).
type sourceStatus struct {
	*connectors.SyncState
	Stale bool `json:"stale"`
}

// sourceStatuses lists the sources the store knows (those that synced at
// least once), by name.
func (s *Server) sourceStatuses(ctx context.Context) ([]sourceStatus, error) {
	states, err := s.deps.Admin.Sources.ListSyncStates(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := make([]sourceStatus, len(states))
	for i, st := range states {
		out[i] = sourceStatus{SyncState: st, Stale: st.Stale(now)}
	}
	return out, nil
}

func (s *Server) sourcesPage(c *gin.Context) {
	if s.deps.Admin.Sources == nil {
		s.errorPage(c, http.StatusServiceUnavailable, "admin.off")
		return
	}
	list, err := s.sourceStatuses(c.Request.Context())
	if err != nil {
		s.logger(c).Error("list sources", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	s.adminPage(c, http.StatusOK, "admin_sources", "sources", list)
}

func (s *Server) apiSources(c *gin.Context) {
	if s.deps.Admin.Sources == nil {
		s.adminUnavailable(c, "sources")
		return
	}
	list, err := s.sourceStatuses(c.Request.Context())
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"sources": list})
}
