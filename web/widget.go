package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

// The widget's page stands alone, without the layout's header: it lives
// in a frame on other pages.
//
//go:embed templates/widget/widget.html
var widgetFS embed.FS

var widgetTemplate = template.Must(template.New("widget.html").Funcs(funcs).ParseFS(widgetFS, "templates/widget/widget.html"))

// widgetJS is the script intranet pages include; its labels are filled in
// per request, in the visitor's language.
//
//go:embed static/widget.js
var widgetJS []byte

// labelsMark is where widget.js takes its labels.
var labelsMark = []byte("/*LABELS*/{}")

// ParseWidgetOrigins reads DESKPILOT_WIDGET_ORIGINS: space-separated
// origins (https://intranet.example, https://*.example.com) that may frame
// the chat widget, or 'self'. The portal's own origin always may. It
// returns the origins to add to the frame-ancestors of /widget.
func ParseWidgetOrigins(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Fields(s) {
		if f == "'self'" {
			continue
		}
		u, err := url.Parse(f)
		host := ""
		if err == nil {
			host = strings.TrimPrefix(u.Host, "*.")
		}
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || host == "" || strings.ContainsAny(host, "*;,'\"") ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("widget origin %q: want 'self' or an origin such as https://intranet.example", f)
		}
		out = append(out, u.Scheme+"://"+u.Host)
	}
	return out, nil
}

// widgetCSP is the page policy with the embedding origins allowed to
// frame it.
func (s *Server) widgetCSP() string {
	ancestors := strings.Join(append([]string{"'self'"}, s.deps.WidgetOrigins...), " ")
	return strings.Replace(pageCSP, "frame-ancestors 'self'", "frame-ancestors "+ancestors, 1)
}

// widgetScript serves /widget.js: a button that opens the chat in a frame,
// or with data-inline="#selector" the chat in that element.
func (s *Server) widgetScript(c *gin.Context) {
	lang := s.uiLanguage(c, "")
	labels, err := json.Marshal(map[string]string{ // escapes <, > and & too
		"open": translate(lang, "chat.launcher"), "close": translate(lang, "chat.close"), "title": translate(lang, "chat.title"),
	})
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=300")
	c.Header("Vary", "Accept-Language, Cookie")
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", bytes.Replace(widgetJS, labelsMark, labels, 1))
}

// widgetPage serves /widget, the chat as the widget's frame shows it. A
// visitor who is not signed in is offered the sign-in page in a tab of
// its own: it cannot be framed.
func (s *Server) widgetPage(c *gin.Context) {
	p := &page{Title: "chat.title"}
	if sess, u, ok := s.sessionOf(c); ok {
		p.User, p.CSRF = u, sess.CSRF
	}
	userLang := ""
	if p.User != nil {
		userLang = p.User.Language
	}
	p.Lang = s.uiLanguage(c, userLang)
	var buf bytes.Buffer
	if err := widgetTemplate.Execute(&buf, p); err != nil {
		s.logger(c).Error("render page", "page", "widget", "error", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	h := c.Writer.Header()
	h.Del("X-Frame-Options") // frame-ancestors says who may frame it
	h.Set("Content-Security-Policy", s.widgetCSP())
	h.Set("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}
