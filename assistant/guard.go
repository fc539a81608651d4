package assistant

import (
	"deskpilot/retrieval"
	"regexp"
	"strings"
)

// Guards are read from the question before any retrieval, in English and
// French: the phrases people type when they want a person, the topics a
// machine must not settle on its own, and the vocabulary that tells an IT
// question from anything else. They are matched on folded, lower-cased
// text (see fold), so "réseau" and "reseau" are one word.

var askedForHumanRE = regexp.MustCompile(`\b(` + strings.Join([]string{
	`(talk|speak|chat) (to|with) (a|an|some|the|real)? ?(human|person|agent|technician|someone|somebody|operator|engineer)`,
	`(real|live|actual) (person|human|agent)`,
	`human (agent|being|support)`,
	`(connect|transfer|put) me (to|through|with)`,
	`(want|need|get) (a|an) (human|person|agent|technician)`,
	`(open|create|raise|log) (a|an) (ticket|incident|case)`,
	`(parler|discuter) (a|avec) (un|une|quelqu) ?(humain|personne|conseiller|conseillere|technicien|agent|un)`,
	`(un|une) (humain|vraie personne|personne reelle)`,
	`(ouvrir|creer) (un|une) (ticket|incident|demande)`,
	`mettez moi en relation`,
}, "|") + `)\b`)

// sensitiveRE finds topics a person must handle: security incidents, legal
// and HR matters, personal data requests and access to someone else's
// account or data. An answer from the knowledge is never enough for them.
var sensitiveRE = regexp.MustCompile(`\b(` + strings.Join([]string{
	`(data|security) (breach|incident|leak)`, `breach`, `ransomware`, `malware infection`,
	`(i|we) (clicked|opened) (on )?(a|the|an) (phishing|suspicious|malicious)`, `been (hacked|compromised)`,
	`(account|laptop|computer|phone) (was|has been|got) (hacked|compromised|stolen)`, `(stolen|lost) (laptop|phone|badge|device)`,
	`harass\w*`, `discriminat\w*`, `lawsuit`, `legal action`, `subpoena`, `gdpr request`, `right to (be forgotten|erasure)`,
	`(access|read|see|open) (the|my)? ?(colleague|coworker|boss|manager|someone else|another user|other user)s? ?(mailbox|email|account|files|data)`,
	`(suicide|self harm|kill myself)`,
	`fuite de donnees`, `piratage`, `pirate`, `(compte|ordinateur|telephone) (a ete )?(pirate|compromis|vole)`,
	`harcelement`, `action en justice`, `rgpd`, `hameconnage`, `rancongiciel`,
}, "|") + `)\b`)

// itWordRE recognises service-desk vocabulary. A question that has none of
// it and matches nothing in the knowledge is out of scope.
var itWordRE = regexp.MustCompile(`\b(` + strings.Join([]string{
	`accounts?`, `access`, `apps?`, `applications?`, `laptops?`, `computers?`, `pc`, `mac`, `macbook`, `windows`, `linux`,
	`printers?`, `print\w*`, `plotters?`, `toner`, `cartridges?`, `jam\w*`, `scann\w*`, `monitors?`, `screens?`, `keyboard`, `mouse`, `headset`, `webcam`, `camera`, `usb`, `dock\w*`,
	`passwords?`, `login`, `log ?in`, `sign ?in`, `mfa`, `2fa`, `otp`, `authenticat\w*`, `sso`, `locked`, `lockout`, `reset`,
	`e ?mails?`, `outlook`, `mailbox`, `inbox`, `calendar`, `teams`, `slack`, `zoom`, `meeting`, `vpn`, `wi ?fi`, `wifi`, `network`,
	`internet`, `browser`, `chrome`, `firefox`, `website`, `web`, `url`, `server`, `database`, `software`, `install\w*`, `updat\w*`,
	`upgrad\w*`, `licen[cs]e\w*`, `errors?`, `crash\w*`, `bug`, `sync\w*`, `backup`, `restore`, `files?`, `folders?`, `drive`, `share\w*`,
	`sharepoint`, `onedrive`, `dropbox`, `google`, `gmail`, `docs`, `excel`, `word`, `powerpoint`, `office`, `phone`, `mobile`, `iphone`,
	`android`, `sim`, `badge`, `it`, `helpdesk`, `help desk`, `support`, `ticket`, `system`, `device`, `hardware`, `permission\w*`,
	`admin`, `user`, `username`, `profile`, `settings?`, `configur\w*`, `connect\w*`, `disconnect\w*`, `slow`, `freez\w*`, `boot\w*`,
	`facebook`, `youtube`, `twitter`, `video`, `audio`, `sound`, `storage`, `disk`, `cloud`, `code`, `api`, `token`, `certificate`,
	`ordinateur`, `portable`, `imprimante`, `ecran`, `clavier`, `souris`, `mot de passe`, `identifiant`, `connexion`, `courriel`,
	`messagerie`, `reseau`, `logiciel`, `mise a jour`, `erreur`, `fichier`, `dossier`, `partage`, `compte`, `acces`, `telephone`,
	`application`, `navigateur`, `licence`, `sauvegarde`, `bloque`, `verrouille`, `reunion`, `visio`,
}, "|") + `)\b`)

// fold lower-cases text, folds accents and turns every run of other
// characters into one space, for the guard patterns.
func fold(text string) string {
	var b strings.Builder
	b.WriteByte(' ')
	retrieval.ForEachWord(text, func(w string) {
		b.WriteString(w)
		b.WriteByte(' ')
	})
	return b.String()
}

// askedForHuman reports whether the user asks for a person.
func askedForHuman(folded string) bool { return askedForHumanRE.MatchString(folded) }

// sensitive reports whether the question touches a topic people must handle.
func sensitive(folded string) bool { return sensitiveRE.MatchString(folded) }

// itVocabulary reports whether the question uses service-desk words.
func itVocabulary(folded string) bool { return itWordRE.MatchString(folded) }

// injectionRE finds sentences that address a language model rather than a
// reader: they have no business in an article or a ticket, and are removed
// from passages before any draft is made from them.
var injectionRE = regexp.MustCompile(`(?i)(` + strings.Join([]string{
	`\b(ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(previous|prior|above|earlier|all|any|your|the)\b[^.!?\n]{0,20}\b(instructions?|prompts?|rules|directions|guidelines)`,
	`\byou are now\b`, `\bact as (an?|the) `, `\bnew instructions?\b`, `\bsystem prompt\b`, `\bdeveloper mode\b`, `\bjailbreak`,
	`\b(as an ai|language model|assistant|chatbot|bot)\b[^.!?\n]{0,40}\b(must|should|will|shall)\b`,
	`\b(ignore[sz]?|oublie[sz]?)\b[^.!?\n]{0,40}\b(instructions?|consignes?)\b`,
	`</?(system|assistant|user|passages?|question)>`,
}, "|") + `)`)

// stripInjections removes the sentences and lines of text that carry a
// prompt injection and reports how many it removed.
func stripInjections(text string) (string, int) {
	if !injectionRE.MatchString(text) {
		return text, 0
	}
	removed := 0
	lines := strings.Split(text, "\n")
	out := lines[:0]
	for _, line := range lines {
		if !injectionRE.MatchString(line) {
			out = append(out, line)
			continue
		}
		var kept []string
		for _, s := range splitSentences(line) {
			if injectionRE.MatchString(s) {
				removed++
				continue
			}
			kept = append(kept, s)
		}
		if len(kept) > 0 {
			out = append(out, strings.Join(kept, " "))
		}
	}
	return strings.Join(out, "\n"), removed
}

// splitSentences splits a line after ., ! or ? followed by a space.
func splitSentences(line string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(line); i++ {
		if (line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i+1] == ' ' {
			if s := strings.TrimSpace(line[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(line[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
