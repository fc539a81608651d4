package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageCSP is the policy of every page: scripts, styles, fetches and forms
// from this origin only, no inline script, never framed elsewhere.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'"

// page is what every template gets.
type page struct {
	Title string
	User  *tickets.User
	Lang  string
	CSRF  string
	Data  any
}

// T translates key into the page's language.
func (p *page) T(key string) string { return translate(p.Lang, key) }

// Role reports whether the page's user has at least role r.
func (p *page) Role(r string) bool { return p.User != nil && p.User.Role.AtLeast(tickets.Role(r)) }

// OtherLang is the language the switch in the header offers.
func (p *page) OtherLang() string {
	if p.Lang == "fr" {
		return "en"
	}
	return "fr"
}

var funcs = template.FuncMap{
	"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
	"datePtr": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"lower": strings.ToLower,
}

// templates holds one template set per page: the layout and that page.
var templates = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		out[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n))
	}
	return out
}()

// render writes a page. It renders into a buffer first, so that a
// template error becomes a clean 500 instead of half a page.
func (s *Server) render(c *gin.Context, status int, name string, p *page) {
	if p.User == nil {
		p.User = userOrNil(c)
	}
	if p.Lang == "" {
		lang := ""
		if p.User != nil {
			lang = p.User.Language
		}
		p.Lang = s.uiLanguage(c, lang)
	}
	if sess := currentSession(c); sess != nil && p.CSRF == "" {
		p.CSRF = sess.CSRF
	}
	var buf bytes.Buffer
	if err := templates[name].Execute(&buf, p); err != nil {
		s.logger(c).Error("render page", "page", name, "error", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Header("Content-Security-Policy", pageCSP)
	c.Header("X-Frame-Options", "SAMEORIGIN")
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func userOrNil(c *gin.Context) *tickets.User {
	if v, ok := c.Get(userKey); ok {
		if u, ok := v.(*tickets.User); ok {
			return u
		}
	}
	return nil
}

// pageAuth lets signed-in users through and sends others to the login
// page, coming back here after. Forms posted through it must carry the
// session's CSRF token.
func (s *Server) pageAuth(min tickets.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, u, ok := s.sessionOf(c)
		if !ok {
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		c.Set(userKey, u)
		c.Set(sessionKey, sess)
		if !safeMethod(c.Request.Method) && !validCSRF(c, sess.CSRF) {
			s.errorPage(c, http.StatusForbidden, "error.forbidden")
			return
		}
		if !u.Role.AtLeast(min) {
			s.errorPage(c, http.StatusForbidden, "error.forbidden")
			return
		}
		c.Next()
	}
}

// errorPage renders the error page and stops the request.
func (s *Server) errorPage(c *gin.Context, status int, msgKey string) {
	s.render(c, status, "error", &page{Title: "error.title", Data: msgKey})
	c.Abort()
}

// staticFiles serves the embedded scripts and styles.
func staticFiles() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	return http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
}

// homeFor is where a role lands after signing in.
func homeFor(r tickets.Role) string {
	switch r {
	case tickets.RoleAdmin:
		return "/admin"
	case tickets.RoleAgent:
		return "/agent"
	}
	return "/portal"
}
