package bleve

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"deskpilot/retrieval"
)

// The synthetic corpus: help-desk chunks assembled from IT vocabulary,
// mostly English, some French and German, with the spread of kinds,
// sources and visibilities a real desk has. Deterministic for a seed.

var (
	synProducts = strings.Fields(`Outlook Teams SharePoint OneDrive Excel Word Zoom Slack Jira Confluence
		SAP Salesforce ServiceNow Chrome Firefox Edge GlobalProtect AnyConnect FortiClient Okta Duo
		BitLocker Intune Jamf Citrix VMware Docker Kubernetes GitLab Jenkins Postgres Oracle Windows
		macOS Ubuntu iPhone Android Webex Dropbox Acrobat Photoshop AutoCAD Tableau PowerBI`)
	synComponents = strings.Fields(`calendar mailbox inbox signature add-in plugin driver firmware certificate
		token password profile cache license printer scanner monitor dock keyboard headset webcam
		battery charger tunnel gateway proxy firewall DNS DHCP router switch share drive folder
		permission group policy registry service agent backup snapshot database query report dashboard`)
	synSymptoms = []string{"crashes on startup", "freezes after login", "does not sync", "shows error 0x80070005",
		"times out", "is very slow", "keeps asking for credentials", "disconnects every few minutes",
		"cannot be found", "reports an expired certificate", "fails with HTTP 503", "prints blank pages",
		"is greyed out", "loses its settings", "returns access denied", "hangs at 99%", "shows a blue screen",
		"drains the battery", "cannot reach the server", "duplicates every entry"}
	synActions = []string{"restart the service", "clear the local cache", "reinstall the latest driver",
		"re-enroll the device", "reset the password in the self-service portal", "renew the certificate",
		"remove and re-add the account", "update to the current release", "check the proxy settings",
		"flush the DNS cache", "disable the conflicting add-in", "run the repair tool", "rebuild the profile",
		"ask the network team to open the port", "sign out of every session and sign in again"}
	synContexts = []string{"after the monthly update", "since the migration", "on the guest Wi-Fi",
		"when working from home", "on the second floor", "for new starters", "on shared devices",
		"during the quarter close", "on the VPN", "with two monitors", "in the Paris office", "at boot"}
	synFR = []string{"L'imprimante du deuxième étage est bloquée", "le réseau Wi-Fi se coupe souvent",
		"impossible de se connecter au VPN depuis la mise à jour", "le mot de passe a expiré",
		"la boîte aux lettres est pleine", "l'écran reste noir au démarrage", "les paramètres sont perdus",
		"le certificat du serveur n'est plus valide", "la synchronisation du calendrier échoue"}
	synDE = []string{"Der Drucker im Büro druckt keine Seiten", "das Passwort ist abgelaufen",
		"die VPN-Verbindung bricht ständig ab", "der Kalender synchronisiert nicht", "der Bildschirm bleibt schwarz"}
	synSources = []string{"confluence", "zendesk", "sharepoint", "servicenow"}
)

func synPick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// syntheticChunks returns n chunks, three or so per document.
func syntheticChunks(n int, seed uint64) []retrieval.Chunk {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	t0 := time.Date(2023, 1, 1, 8, 0, 0, 0, time.UTC)
	chunks := make([]retrieval.Chunk, 0, n)
	for doc := int64(1); len(chunks) < n; doc++ {
		kind, vis := retrieval.KindArticle, retrieval.Public
		if doc%3 == 0 {
			kind, vis = retrieval.KindTicket, retrieval.Internal
		}
		lang := "en"
		switch x := r.IntN(20); {
		case x < 3:
			lang = "fr"
		case x < 4:
			lang = "de"
		}
		product, component := synPick(r, synProducts), synPick(r, synComponents)
		title := fmt.Sprintf("%s %s %s", product, component, synPick(r, synSymptoms))
		parts := 1 + r.IntN(5)
		for ord := 0; ord < parts && len(chunks) < n; ord++ {
			chunks = append(chunks, retrieval.Chunk{
				Kind: kind, DocumentID: doc, Ordinal: ord, ExternalID: fmt.Sprintf("EXT-%d", doc),
				URL:     fmt.Sprintf("https://desk.example.com/%s/%d", kind, doc),
				Heading: []string{title, fmt.Sprintf("Step %d", ord+1)},
				Text:    synText(r, lang, product, component), Visibility: vis, Language: lang,
				Source:    synSources[int(doc)%len(synSources)],
				CreatedAt: t0.Add(time.Duration(doc) * 37 * time.Minute),
			})
		}
	}
	return chunks
}

// synText writes a paragraph of four to ten sentences about product and
// component, in lang.
func synText(r *rand.Rand, lang, product, component string) string {
	var b strings.Builder
	for range 4 + r.IntN(7) {
		switch lang {
		case "fr":
			fmt.Fprintf(&b, "%s avec %s %s. ", synPick(r, synFR), product, synPick(r, synContexts))
		case "de":
			fmt.Fprintf(&b, "%s, %s %s. ", synPick(r, synDE), product, component)
		default:
			switch r.IntN(3) {
			case 0:
				fmt.Fprintf(&b, "The %s %s %s %s. ", product, component, synPick(r, synSymptoms), synPick(r, synContexts))
			case 1:
				fmt.Fprintf(&b, "To fix it, %s and %s. ", synPick(r, synActions), synPick(r, synActions))
			default:
				fmt.Fprintf(&b, "Users report that %s %s while using %s. ", synPick(r, synComponents), synPick(r, synSymptoms), synPick(r, synProducts))
			}
		}
	}
	return strings.TrimSpace(b.String())
}
