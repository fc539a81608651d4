package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// userInput is a user to create (POST /api/v1/users: email and role
// required) or the changes to one (PATCH /api/v1/users/{id}: nil fields
// unchanged). A password is hashed with argon2id; setting it signs the
// user out everywhere.
type userInput struct {
	Email    *string `json:"email"`
	Name     *string `json:"name"`
	Role     *string `json:"role"`
	Team     *string `json:"team"`
	Language *string `json:"language"`
	Password *string `json:"password"`
}

// adminLanguageTag is a plausible BCP 47 tag: en, fr, pt-BR, zh-Hant.
var adminLanguageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// maxPasswordLength bounds what argon2 is asked to hash.
const maxPasswordLength = 512

// apply checks in and sets its fields on u; self is the admin making the
// change, who may not change their own role (an admin could lock everyone
// out). It returns the new password's hash, "" when none is set.
func (in *userInput) apply(ctx context.Context, s *Server, u *tickets.User, self *tickets.User) (string, error) {
	ve := &tickets.ValidationError{}
	if in.Email != nil {
		e := tickets.NormalizeEmail(*in.Email)
		if at := strings.IndexByte(e, '@'); at < 1 || at == len(e)-1 || len(e) > 254 || strings.ContainsAny(e, " \t\r\n<>\"") {
			ve.Add("email", "want an e-mail address")
		}
		u.Email = e
	}
	if in.Name != nil {
		if u.Name = strings.TrimSpace(*in.Name); len(u.Name) > 200 {
			ve.Add("name", "at most 200 bytes")
		}
	}
	if in.Role != nil {
		r := tickets.Role(*in.Role)
		switch {
		case !r.Valid():
			ve.Add("role", "want requester, agent or admin")
		case self != nil && self.ID == u.ID && r != u.Role:
			ve.Add("role", "you cannot change your own role")
		}
		u.Role = r
	}
	if in.Team != nil {
		u.Team = strings.TrimSpace(*in.Team)
		if u.Team != "" {
			teams, err := s.deps.Tickets.Store().ListTeams(ctx)
			if err != nil {
				return "", err
			}
			if !hasTeamNamed(teams, u.Team) {
				ve.Add("team", "no team is named %q", u.Team)
			}
		}
	}
	if in.Language != nil {
		if u.Language = strings.TrimSpace(*in.Language); u.Language != "" && !adminLanguageTag.MatchString(u.Language) {
			ve.Add("language", "want a language tag such as en or fr")
		}
	}
	hash := ""
	if in.Password != nil && *in.Password != "" {
		if len(*in.Password) > maxPasswordLength {
			ve.Add("password", "at most %d bytes", maxPasswordLength)
		} else if h, err := HashPassword(*in.Password); err != nil {
			ve.Add("password", "at least %d characters", MinPasswordLength)
		} else {
			hash = h
		}
	}
	return hash, ve.Err()
}

func hasTeamNamed(teams []tickets.Team, name string) bool {
	for _, t := range teams {
		if t.Name == name {
			return true
		}
	}
	return false
}

// createUser validates and stores a new user.
func (s *Server) createUser(ctx context.Context, in userInput) (*tickets.User, error) {
	ve := &tickets.ValidationError{}
	if in.Email == nil || strings.TrimSpace(*in.Email) == "" {
		ve.Add("email", "required")
	}
	if in.Role == nil {
		ve.Add("role", "required")
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	u := &tickets.User{}
	hash, err := in.apply(ctx, s, u, nil)
	if err != nil {
		return nil, err
	}
	u.PasswordHash = hash
	if err := s.deps.Tickets.Store().CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// updateUser changes user id; a new password ends their sessions.
func (s *Server) updateUser(ctx context.Context, id int64, in userInput, self *tickets.User) (*tickets.User, error) {
	if in.Email != nil {
		ve := &tickets.ValidationError{}
		ve.Add("email", "cannot be changed")
		return nil, ve
	}
	u, err := s.deps.Tickets.Store().GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	hash, err := in.apply(ctx, s, u, self)
	if err != nil {
		return nil, err
	}
	if hash != "" {
		u.PasswordHash = hash
	}
	if err := s.deps.Tickets.Store().UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	if hash != "" && s.deps.Sessions != nil {
		if err := s.deps.Sessions.DeleteUserSessions(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// usersView is the users page's data.
type usersView struct {
	Users []*tickets.User
	Teams []tickets.Team
	Role  string // the filter, "" for everyone
	Roles []tickets.Role
	Self  int64
}

func (s *Server) usersPage(c *gin.Context) { s.showUsers(c, http.StatusOK, nil) }

// showUsers renders the page, with the problem of a refused form.
func (s *Server) showUsers(c *gin.Context, status int, formErr error) {
	ctx := c.Request.Context()
	role := c.Query("role")
	if !tickets.Role(role).Valid() {
		role = ""
	}
	users, err := s.deps.Tickets.Store().ListUsers(ctx, tickets.Role(role))
	if err != nil {
		s.logger(c).Error("list users", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	teams, err := s.deps.Tickets.Store().ListTeams(ctx)
	if err != nil {
		s.logger(c).Error("list teams", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	v := usersView{Users: users, Teams: teams, Role: role, Self: currentUser(c).ID,
		Roles: []tickets.Role{tickets.RoleRequester, tickets.RoleAgent, tickets.RoleAdmin}}
	if formErr != nil {
		s.adminProblem(c, status, "admin_users", "users", v, s.userProblem(c, formErr))
		return
	}
	s.adminPage(c, status, "admin_users", "users", v)
}

// userProblem says why a form of the users, teams or categories pages
// was refused.
func (s *Server) userProblem(c *gin.Context, err error) string {
	lang := s.uiLanguage(c, currentUser(c).Language)
	if errors.Is(err, tickets.ErrConflict) {
		return translate(lang, "users.taken")
	}
	if formStatus(err) >= 500 {
		s.logger(c).Error("admin form", "error", err)
	}
	return adminProblemText(lang, err)
}

// adminFormField returns a form field as userInput wants it: nil when the
// form does not have it.
func adminFormField(c *gin.Context, name string) *string {
	if v, ok := c.GetPostForm(name); ok {
		return &v
	}
	return nil
}

func (s *Server) createUserForm(c *gin.Context) {
	in := userInput{Email: adminFormField(c, "email"), Name: adminFormField(c, "name"), Role: adminFormField(c, "role"),
		Team: adminFormField(c, "team"), Language: adminFormField(c, "language"), Password: adminFormField(c, "password")}
	if _, err := s.createUser(c.Request.Context(), in); err != nil {
		s.showUsers(c, userFormStatus(err), err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/users?done=created")
}

// updateUserForm changes a user's role, team and language, or (with only
// a password) resets their password.
func (s *Server) updateUserForm(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	in := userInput{Name: adminFormField(c, "name"), Role: adminFormField(c, "role"), Team: adminFormField(c, "team"),
		Language: adminFormField(c, "language"), Password: adminFormField(c, "password")}
	done := "saved"
	if in.Password != nil {
		if *in.Password == "" {
			ve := &tickets.ValidationError{}
			ve.Add("password", "at least %d characters", MinPasswordLength)
			s.showUsers(c, http.StatusUnprocessableEntity, ve)
			return
		}
		done = "password"
	}
	if _, err := s.updateUser(c.Request.Context(), id, in, currentUser(c)); err != nil {
		if errors.Is(err, tickets.ErrNotFound) {
			s.errorPage(c, http.StatusNotFound, "error.notfound")
			return
		}
		s.showUsers(c, userFormStatus(err), err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/users?done="+done)
}

func userFormStatus(err error) int {
	if errors.Is(err, tickets.ErrConflict) {
		return http.StatusConflict
	}
	return formStatus(err)
}

func (s *Server) apiListUsers(c *gin.Context) {
	role := c.Query("role")
	if role != "" && !tickets.Role(role).Valid() {
		s.respondError(c, badRequest("role: want requester, agent or admin"))
		return
	}
	users, err := s.deps.Tickets.Store().ListUsers(c.Request.Context(), tickets.Role(role))
	if err != nil {
		s.respondError(c, err)
		return
	}
	if users == nil {
		users = []*tickets.User{}
	}
	c.JSON(http.StatusOK, gin.H{"users": users})
}

func (s *Server) apiCreateUser(c *gin.Context) {
	var in userInput
	if err := readAdminJSON(c, &in); err != nil {
		s.respondError(c, err)
		return
	}
	u, err := s.createUser(c.Request.Context(), in)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, u)
}

func (s *Server) apiUpdateUser(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.respondError(c, tickets.ErrNotFound)
		return
	}
	var in userInput
	if err := readAdminJSON(c, &in); err != nil {
		s.respondError(c, err)
		return
	}
	u, err := s.updateUser(c.Request.Context(), id, in, currentUser(c))
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}
