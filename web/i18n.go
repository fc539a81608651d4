package web

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// Languages of the interface; answers follow the user's own language
// whatever these are.
var uiLanguages = []string{"en", "fr"}

// messages are the interface's words. A key missing in a language falls
// back to English, then to the key itself.
var messages = map[string]map[string]string{
	"en": {
		"app.name": "deskpilot", "nav.portal": "Help", "nav.mytickets": "My tickets", "nav.inbox": "Inbox",
		"nav.admin": "Admin", "nav.logout": "Sign out", "login.title": "Sign in", "login.email": "E-mail",
		"login.password": "Password", "login.submit": "Sign in", "login.failed": "Wrong e-mail or password.",
		"login.throttled": "Too many attempts. Wait a minute and try again.",
		"portal.title":    "How can we help?", "mytickets.title": "My tickets", "mytickets.none": "You have no tickets.",
		"ticket.subject": "Subject", "ticket.status": "Status", "ticket.updated": "Updated", "ticket.created": "Created",
		"error.title": "Something went wrong", "error.notfound": "This page does not exist.", "error.forbidden": "This page is not for your role.",
		"lang.switch": "Français",
	},
	"fr": {
		"nav.portal": "Aide", "nav.mytickets": "Mes tickets", "nav.inbox": "Boîte de réception", "nav.admin": "Administration",
		"nav.logout": "Se déconnecter", "login.title": "Connexion", "login.email": "Adresse e-mail", "login.password": "Mot de passe",
		"login.submit": "Se connecter", "login.failed": "Adresse ou mot de passe incorrect.",
		"login.throttled": "Trop de tentatives. Patientez une minute puis réessayez.",
		"portal.title":    "Comment pouvons-nous vous aider ?", "mytickets.title": "Mes tickets", "mytickets.none": "Vous n'avez aucun ticket.",
		"ticket.subject": "Objet", "ticket.status": "Statut", "ticket.updated": "Mis à jour", "ticket.created": "Créé",
		"error.title": "Une erreur est survenue", "error.notfound": "Cette page n'existe pas.", "error.forbidden": "Cette page n'est pas pour votre rôle.",
		"lang.switch": "English",
	},
}

// addMessages adds a page's words to the catalogue, from an init of the
// file that uses them.
func addMessages(lang string, m map[string]string) {
	if messages[lang] == nil {
		messages[lang] = map[string]string{}
	}
	for k, v := range m {
		messages[lang][k] = v
	}
}

// translate returns the interface text of key in lang.
func translate(lang, key string) string {
	if m, ok := messages[lang][key]; ok {
		return m
	}
	if m, ok := messages["en"][key]; ok {
		return m
	}
	return key
}

// langCookie remembers a language picked with ?lang=.
const langCookie = "dp_lang"

// uiLanguage picks the interface language: ?lang= (remembered), the
// cookie, the user's language, then the browser's Accept-Language.
func (s *Server) uiLanguage(c *gin.Context, userLang string) string {
	if l := c.Query("lang"); supported(l) {
		s.setCookie(c, langCookie, l, 365*24*3600)
		return l
	}
	if l, err := c.Cookie(langCookie); err == nil && supported(l) {
		return l
	}
	if supported(userLang) {
		return userLang
	}
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if supported(base) {
			return base
		}
	}
	return "en"
}

func supported(l string) bool {
	for _, s := range uiLanguages {
		if s == l {
			return true
		}
	}
	return false
}
