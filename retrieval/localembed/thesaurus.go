package localembed

import (
	"slices"
	"strings"
)

// The thesaurus is knowledge written in code, not learned weights: groups
// of words and phrases that a service desk's users and its articles use
// for the same thing, in English and French, including the abbreviations
// people type. A text that contains any member of a group gets the group's
// concept feature besides its own words, so "forgot my pwd" meets an
// article about passwords and "supprimer mon compte" one about deleting
// an account. Members are matched on stems, phrases word by word.
//
// A group is a line "concept: member, member phrase, ...". A word may
// belong to several groups.
const thesaurusText = `
password: password, passwd, pwd, pw, passcode, passphrase, pass word, mot de passe, mdp
username: username, user name, user id, userid, login name, identifiant, nom d'utilisateur
login: login, log in, logon, log on, sign in, signin, logging in, connexion, se connecter
logout: logout, log out, log off, sign out, signout, deconnexion, se deconnecter
signup: sign up, signup, register, registration, create account, new account, inscription, s'inscrire, enroll
mfa: 2fa, mfa, two factor, 2 factor, two step, 2 step, multi factor, otp, one time code, verification code, authenticator app, double authentification
email: email, e mail, mail, mails, emails, courriel, messagerie, inbox, webmail
message: message, msg, dm, direct message, private message, pm, chat, texto
delete: delete, remove, erase, get rid of, wipe, purge, supprimer, effacer, enlever, retirer
deactivate: deactivate, disable, turn off, switch off, shut off, stop, desactiver, couper, bloquer
activate: activate, enable, turn on, switch on, allow, activer, autoriser
reset: reset, reinitialize, reinitialise, restore default, reinitialiser
recover: recover, restore, retrieve, undo, undelete, get back, recuperer, restaurer
forgot: forgot, forget, forgotten, lost, can't remember, oublie, perdu
hide: hide, hidden, private, invisible, conceal, masquer, cacher, prive
share: share, sharing, send to, partager, partage
download: download, save, export, telecharger, exporter, enregistrer
upload: upload, import, attach, add file, televerser, importer, joindre
attachment: attachment, attached file, piece jointe, fichier joint
file: file, document, doc, fichier
folder: folder, directory, dir, dossier, repertoire
photo: photo, picture, pic, image, img, pict, photograph, snapshot, screenshot, capture d'ecran
video: video, clip, movie, film
music: music, song, audio, playlist, musique, chanson
block: block, ban, blacklist, mute, bloquer
spam: spam, junk, unwanted, indesirable, pourriel
unsubscribe: unsubscribe, opt out, stop receiving, se desabonner, desinscrire
notification: notification, notif, alert, reminder, notify, alerte, rappel
calendar: calendar, agenda, schedule, calendrier, planning
meeting: meeting, appointment, invite, invitation, reunion, rendez vous
phone: phone, telephone, mobile, cellphone, cell phone, smartphone, iphone, android
computer: computer, pc, desktop, laptop, notebook, workstation, ordinateur, poste de travail
laptop: laptop, notebook, ordinateur portable
printer: printer, print, printing, imprimante, imprimer, impression
screen: screen, monitor, display, ecran, moniteur
keyboard: keyboard, clavier
shortcut: shortcut, hotkey, key combination, keyboard shortcut, raccourci
wifi: wifi, wi fi, wireless, wlan, hotspot, sans fil
vpn: vpn, remote access, acces distant
browser: browser, web browser, chrome, firefox, safari, navigateur
link: link, url, hyperlink, lien
install: install, setup, set up, installation, installer
uninstall: uninstall, remove program, desinstaller
update: update, upgrade, patch, new version, mise a jour, mettre a jour
error: error, issue, problem, bug, fail, failure, broken, not working, doesn't work, erreur, probleme, panne, marche pas, fonctionne pas
slow: slow, lag, laggy, sluggish, takes forever, lent, lenteur
crash: crash, freeze, frozen, hang, hangs, stuck, unresponsive, plante, bloque, fige
backup: backup, back up, sauvegarde, sauvegarder
sync: sync, synchronize, synchronise, synchronization, synchroniser
facebook: facebook, fb
youtube: youtube, yt
twitter: twitter, tweet
account: account, compte
user: user, utilisateur
access: access, acces
network: network, reseau
search: search, rechercher, chercher
change: change, modify, modifier, changer
help: help, aide, assistance
software: software, program, application, app, logiciel
server: server, serveur
disk: disk, hard drive, disque
mouse: mouse, souris
request: request, demande
license: license, licence
`

// thesaurus maps a stem (or a stop word) that starts a member to the
// members it may start, each with its concept.
type thesaurus map[string][]member

// member is one word or phrase of a group, as analyzed keys.
type member struct {
	keys    []string
	concept string
}

// key is how the thesaurus compares words: stems, and stop words as they
// are, since phrases like "log in" and "sign out" are made of them.
func (t *token) key() string {
	if t.stop {
		return t.word
	}
	return t.stem
}

func parseThesaurus(text string) thesaurus {
	th := make(thesaurus)
	for line := range strings.Lines(text) {
		concept, list, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		concept = strings.TrimSpace(concept)
		for m := range strings.SplitSeq(list, ",") {
			toks := tokenize(m, nil)
			if len(toks) == 0 {
				continue
			}
			keys := make([]string, len(toks))
			for i := range toks {
				keys[i] = toks[i].key()
			}
			th[keys[0]] = append(th[keys[0]], member{keys: keys, concept: concept})
		}
	}
	return th
}

// concepts calls fn with each concept whose member occurs in toks, once
// per occurrence, with the index of the token the member starts at. Two
// members of one concept at the same place ("log in", "logging in") count
// once.
func (th thesaurus) concepts(toks []token, fn func(i int, concept string)) {
	var seen []string
	for i := range toks {
		seen = seen[:0]
		for _, m := range th[toks[i].key()] {
			if matchKeys(toks[i:], m.keys) && !slices.Contains(seen, m.concept) {
				seen = append(seen, m.concept)
				fn(i, m.concept)
			}
		}
	}
}

func matchKeys(toks []token, keys []string) bool {
	if len(keys) > len(toks) {
		return false
	}
	for j, k := range keys {
		if toks[j].key() != k {
			return false
		}
	}
	return true
}

// builtinThesaurus is the thesaurus every embedder uses.
var builtinThesaurus = parseThesaurus(thesaurusText)
