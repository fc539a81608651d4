package demo

var voiceFR = voice{
	greetings: []string{"Bonjour,", "Bonjour à tous,", "Bonjour le support,", "Salut,", "Bonjour l'équipe IT,", "Bonsoir,"},
	openers: []string{
		"J'espère que vous allez bien.", "Désolé de vous déranger.", "Je suis en télétravail aujourd'hui.",
		"Petite question rapide.", "Je ne sais pas si c'est le bon endroit pour demander.", "Je suis sur le site de Lyon aujourd'hui.",
	},
	tried: []string{
		"J'ai déjà redémarré mon PC deux fois.", "J'ai essayé d'éteindre et de rallumer, sans succès.",
		"Un collègue a eu le même souci la semaine dernière.", "J'ai cherché sur l'intranet mais je n'ai rien trouvé.",
		"Ça fonctionnait très bien vendredi.", "Même chose sur mon téléphone.", "C'est arrivé après la mise à jour d'hier soir.",
	},
	contexts: []string{
		"J'étais en train de préparer le reporting hebdomadaire quand c'est arrivé, et depuis je suis bloqué.",
		"C'est arrivé juste après mon retour de deux semaines de congés.",
		"Mon responsable m'a demandé d'ouvrir un ticket plutôt que de continuer à chercher seul.",
		"C'est la première fois que ça m'arrive depuis que je suis chez Northwind, je ne sais pas ce qui a changé.",
		"Je remplace une collègue absente cette semaine, j'en ai donc besoin pour son travail aussi.",
		"J'ai suivi la procédure de l'intranet autant que possible, mais je me suis perdu en cours de route.",
	},
	impacts: []string{
		"J'ai une réunion client à 14h, c'est donc assez urgent.", "Je suis bloqué dans mon travail en attendant.",
		"Toute l'équipe attend après ça.", "J'en ai besoin pour la clôture mensuelle.", "Des camions attendent d'être chargés.",
	},
	calm: []string{"Rien d'urgent, quand vous aurez un moment.", "Pas urgent.", "Quand quelqu'un sera disponible."},
	angry: []string{
		"C'est la TROISIÈME fois que je signale ce problème !!", "J'ai ouvert un ticket la semaine dernière et personne ne m'a répondu.",
		"C'est vraiment pénible, je ne peux pas travailler.", "Merci de traiter ça AUJOURD'HUI.", "Ça fait des jours que je relance.",
		"Pourquoi ça recommence toutes les semaines ??",
	},
	closings: []string{"Merci,", "Merci d'avance,", "Cordialement,", "Bonne journée,", "Bien cordialement,", "Merci beaucoup,"},
	thanks: []string{
		"Merci, c'est bon !", "Parfait, ça fonctionne. Merci beaucoup.", "C'est réglé, merci pour votre aide.",
		"Super, tout marche à nouveau.", "ok c'est bon merci", "Ça a marché, vous pouvez fermer le ticket.",
	},
	back: []string{
		"Bonjour, le problème est revenu depuis ce matin.", "Désolé, ça recommence. Même problème qu'avant.",
		"Ça a fonctionné deux jours mais le souci est de retour.", "Je rouvre le ticket, le problème est revenu.",
	},
	chasers: []string{"Des nouvelles ?", "Quelqu'un s'occupe de ma demande ?", "Toujours en attente...", "Merci de me répondre rapidement, c'est urgent."},
	replies: []string{
		"C'est sur mon PC portable pro, je suis en télétravail.", "À chaque fois, depuis hier.", "Juste moi apparemment.",
		"Capture d'écran jointe.", "Au bureau, au premier étage.", "Depuis lundi matin.", "Deux collègues ont le même problème.",
	},
	quotes: []string{"Le message dit : « %s ».", "J'ai le message « %s ».", "Erreur affichée : « %s »."},
	piis: []string{
		"Vous pouvez me joindre au {mobile}.", "Mon adresse perso est {personal} si vous devez me joindre en dehors du travail.",
		"Mon matricule est le {empno}.", "Appelez-moi au {phone}, je suis à mon bureau toute la journée.",
	},
	errorAsks: []string{
		"J'ai l'erreur {code} quand j'essaie de {when}. Le message dit « {msg} ».", "Erreur {code} ({msg}) en voulant {when}.",
		"L'erreur {code} s'affiche quand je veux {when}, qu'est-ce que ça veut dire ?",
	},
	errorSubjects: []string{"Erreur {code}", "{system} : erreur {code}", "{code} - {msg}"},
	faqLeads:      []string{"Petite question.", "Question sans doute bête, mais je la pose quand même.", "Une question pour vous."},
	chatHellos:    []string{"bonjour", "salut", "Bonjour !"},
	portalForm:    []string{"Site : {site}\nAppareil : {device}", "Site : {site}\nAppareil concerné : {device}\nNombre de personnes touchées : {affected}"},
	devices:       []string{"PC portable (Windows)", "Téléphone professionnel", "PC fixe", "Téléphone personnel", "Terminal portable"},
	callNotes: []string{
		"Appel de {name} ({site}) : « {ask} »", "Appelant : {name}, {dept}. Signale : {ask}",
	},
	angrySubjects:   []string{"URGENT !!! %s", "%s - TROISIÈME DEMANDE", "TOUJOURS PAS RÉGLÉ : %s"},
	prefixes:        []string{"RE : ", "TR : ", "Urgent : "},
	questionSubject: "%s : question",
	questionAbout:   "Question sur",
	chatSubject:     "Chat avec %s",
	callback:        "Numéro de rappel : %s",
	sentFrom:        "Envoyé de mon iPhone",

	hello: []string{"Bonjour %s,", "Bonjour %s,", "Bonjour,"},
	opens: []string{
		"Merci pour votre message.", "Merci pour ces précisions.", "Désolé pour ce désagrément.", "Merci de nous avoir signalé le problème.",
	},
	leads: []string{
		"D'après ce que vous décrivez, %s.", "J'ai vérifié de notre côté : %s.", "La cause la plus probable : %s.",
		"Ce problème survient en général quand %s.",
	},
	errorLeads:  []string{"L'erreur %s signifie : %s", "Concernant l'erreur %s : %s"},
	stepIntros:  []string{"Pouvez-vous essayer ceci :", "Voici la marche à suivre :", "Merci de suivre ces étapes :", "Cela devrait régler le problème :"},
	guideIntros: []string{"Voici comment faire :", "Vous pouvez le faire vous-même en quelques minutes :", "Les étapes sont les suivantes :"},
	cites: []string{
		"Le guide complet, avec captures d'écran, est ici : %s", "Pour la prochaine fois, tout est dans notre base de connaissances : %s",
		"Plus de détails dans cet article : %s",
	},
	faqOpens: []string{"Bonne question.", "Avec plaisir.", ""},
	closes: []string{
		"N'hésitez pas à revenir vers nous si le problème persiste.", "Si cela ne fonctionne toujours pas, répondez simplement à ce ticket.",
		"Je passe le ticket en résolu, mais vous pouvez répondre ici si besoin.", "Tenez-moi au courant.",
	},
	acks: []string{
		"Merci, j'ai transmis votre demande à l'équipe %s, qui va la prendre en charge.", "Je regarde cela et je reviens vers vous rapidement.",
		"Merci de votre patience, l'équipe %s s'en occupe.",
	},
	clarify: []string{
		"Pouvez-vous m'envoyer une capture d'écran du message d'erreur ?", "Sur quel appareil : votre PC Northwind, un téléphone ou un ordinateur personnel ?",
		"Êtes-vous au bureau ou en télétravail en ce moment ?", "Cela arrive-t-il à chaque fois ou seulement de temps en temps ?",
		"Depuis quand ? Quelque chose a-t-il changé (nouveau mot de passe, nouveau téléphone, mise à jour) ?",
	},
	pleasantries: []string{
		"Parfait, ravi que ce soit réglé ! Je ferme le ticket.", "Merci pour votre retour, je clôture la demande.",
		"Très bien, je passe le ticket en résolu. Bonne journée !",
	},
	neutralCloses: []string{"N'hésitez pas si vous avez besoin d'autre chose.", "Je passe le ticket en résolu, mais vous pouvez répondre ici si besoin."},
	reopenIntros:  []string{"Désolé que le problème soit revenu.", "Merci de nous avoir prévenus, regardons cela à nouveau."},
	apologies:     []string{"Désolé pour l'attente.", "Toutes nos excuses pour ce délai de réponse."},
	signoffs: []string{
		"{first}\nService Desk Northwind", "Cordialement,\n{first} {last}\n{team}", "{first}", "Bien cordialement,\n{first} {last} | Northwind Logistique",
	},
	autoAcks: []string{
		"Ceci est une réponse automatique. Votre demande a bien été enregistrée sous la référence {id}. Notre équipe vous répondra sous un jour ouvré ; pour une urgence, appelez le poste " + deskExt + ".",
	},
}
