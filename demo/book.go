package demo

// book holds the phrasing articles are written with in one language. Each
// slot has several variants so that 150 articles built from the same
// skeletons do not read like one template.
type book struct {
	before, steps, symptoms, causes, tryOrder, goodToKnow []string
	related, help, stillStuck, applies, owner             []string
	noteLabels, quickCols, faqIntro, faqTitle             []string
	errTitle, errIntro, errCols, errFix                   []string
	banner, when, procedure, escalate, escalateText       []string
	triageTitle, triageIntro, triageCols, triageAsk       []string
	site, translated                                      []string
}

var bookEN = book{
	before:   []string{"Before you start", "What you need", "Prerequisites", "You will need"},
	steps:    []string{"Steps", "How to do it", "Step by step", "Instructions", "What to do"},
	symptoms: []string{"Symptoms", "What you might see", "Signs of the problem", "How to recognise it"},
	causes:   []string{"Causes and fixes", "Possible causes", "Why it happens and how to fix it", "Fixes"},
	tryOrder: []string{
		"Work through these checks in order; most people are back up and running after the first one.",
		"Try the fixes below in order and stop as soon as it works.",
		"The causes below are listed from most to least common.",
	},
	goodToKnow: []string{"Good to know", "Notes", "Things to keep in mind"},
	related:    []string{"Related articles", "See also", "Related"},
	help:       []string{"Still need help?", "Need more help?", "Still stuck?", "Getting help"},
	stillStuck: []string{
		"If this did not solve it, raise a ticket on the [IT portal](" + helpSite + "/portal) and mention this article, or call the Service Desk on ext. " + deskExt + " (" + deskPhone + ").",
		"Raise a ticket on the [IT portal](" + helpSite + "/portal) and tell us which steps you already tried. It saves everyone time.",
		"Contact the Service Desk: portal, chat, or ext. " + deskExt + " from any office phone. Urgent problems outside office hours: " + deskPhone + ".",
		"Something not working as described? Open a ticket on the portal and include the exact message you see.",
	},
	applies:    []string{"**Applies to:** %s", "**System:** %s", "**Product:** %s"},
	owner:      []string{"*Owner: %s.*", "*Maintained by the %s team.*", "*Content owner: %s*"},
	noteLabels: []string{"Note:", "Tip:", "Good to know:", "Important:"},
	quickCols:  []string{"Likely cause", "What to try first"},
	faqIntro: []string{
		"Answers to the questions we hear most about %s.",
		"Short answers to common questions about %s. For step-by-step help, see the related articles.",
		"The Service Desk gets these questions about %s every week, so here they are in one place.",
	},
	faqTitle: []string{"%s: frequently asked questions", "%s FAQ", "Questions and answers: %s"},
	errTitle: []string{"%s error codes and what they mean", "%s: error messages explained", "Troubleshooting %s errors by code"},
	errIntro: []string{
		"When %s shows an error, the code tells you what went wrong. Find yours in the table, then follow the steps for it below.",
		"Each %s error message comes with a code. This page lists the ones people run into, what they mean and how to get past them.",
	},
	errCols:      []string{"Code", "Message", "What it means"},
	errFix:       []string{"To fix it:", "What to do:", "How to fix it:"},
	banner:       []string{"Internal, for IT staff only. Do not send this article to requesters.", "Agents only. Share the outcome with the user, never these instructions.", "Internal runbook. Keep it inside the IT team."},
	when:         []string{"When to use this", "Scope", "Use it when"},
	procedure:    []string{"Procedure", "Steps for the agent", "How to do it"},
	escalate:     []string{"Escalation", "When to escalate", "If it does not work"},
	escalateText: []string{"If this does not solve it, reassign the ticket to %s and list the checks you made in an internal note.", "Escalate to %s when these steps fail, with the user's device name and the time of the last attempt."},
	triageTitle:  []string{"Agent notes: handling %s tickets", "Triage guide: %s", "First-line checklist for %s"},
	triageIntro: []string{
		"Tickets in %s are owned by %s. First line resolves most of them with the public articles below; this page says what to check and when to hand over.",
		"%s requests land in the %s queue. Use this checklist before reassigning: most can be closed on first contact.",
	},
	triageCols: []string{"Cause", "First step", "Article to send"},
	triageAsk:  []string{"Questions to ask", "What to find out first", "Ask the requester"},
	site:       []string{"This version applies to the %s site.", "Site-specific version for %s."},
	translated: []string{},
}

var bookFR = book{
	before:   []string{"Avant de commencer", "Ce qu'il vous faut", "Prérequis"},
	steps:    []string{"Étapes", "Marche à suivre", "Procédure", "Pas à pas"},
	symptoms: []string{"Symptômes", "Ce que vous constatez", "Comment reconnaître le problème"},
	causes:   []string{"Causes et solutions", "Causes possibles", "Pourquoi cela arrive et comment le corriger"},
	tryOrder: []string{
		"Essayez les solutions ci-dessous dans l'ordre et arrêtez-vous dès que cela fonctionne.",
		"Les causes sont classées de la plus fréquente à la plus rare.",
	},
	goodToKnow: []string{"Bon à savoir", "Remarques", "À retenir"},
	related:    []string{"Articles liés", "Voir aussi", "Pour aller plus loin"},
	help:       []string{"Besoin d'aide ?", "Toujours bloqué ?", "Obtenir de l'aide"},
	stillStuck: []string{
		"Si le problème persiste, ouvrez un ticket sur le [portail IT](" + helpSite + "/portal) en citant cet article, ou appelez le Service Desk au poste " + deskExt + ".",
		"Ouvrez un ticket sur le [portail IT](" + helpSite + "/portal) et indiquez les étapes que vous avez déjà essayées : cela nous fait gagner du temps.",
		"Contactez le Service Desk par le portail, par le chat ou au poste " + deskExt + ". Pour une urgence en dehors des heures ouvrées : " + deskPhone + ".",
	},
	applies:    []string{"**Concerne :** %s", "**Application :** %s", "**Produit :** %s"},
	owner:      []string{"*Responsable : %s.*", "*Article maintenu par l'équipe %s.*"},
	noteLabels: []string{"Remarque :", "Astuce :", "Bon à savoir :", "Important :"},
	quickCols:  []string{"Cause probable", "À essayer d'abord"},
	faqIntro: []string{
		"Les réponses aux questions que l'on nous pose le plus souvent sur %s.",
		"Des réponses courtes aux questions fréquentes sur %s. Pour une aide pas à pas, consultez les articles liés.",
	},
	faqTitle: []string{"%s : questions fréquentes", "FAQ %s"},
	errTitle: []string{"Codes d'erreur %s et leur signification", "%s : messages d'erreur expliqués"},
	errIntro: []string{
		"Quand %s affiche une erreur, son code indique ce qui s'est passé. Trouvez-le dans le tableau puis suivez les étapes correspondantes.",
	},
	errCols:      []string{"Code", "Message", "Signification"},
	errFix:       []string{"Pour corriger :", "Que faire :"},
	banner:       []string{"Usage interne, réservé à l'équipe IT. Ne pas transmettre aux utilisateurs.", "Réservé aux agents. Communiquez le résultat à l'utilisateur, jamais cette procédure."},
	when:         []string{"Quand utiliser cette procédure", "Périmètre"},
	procedure:    []string{"Procédure", "Étapes pour l'agent"},
	escalate:     []string{"Escalade", "Si cela ne fonctionne pas"},
	escalateText: []string{"Si le problème persiste, réaffectez le ticket à l'équipe %s en notant vos vérifications dans une note interne."},
	triageTitle:  []string{"Notes agents : traiter les tickets %s"},
	triageIntro:  []string{"Les tickets %s relèvent de l'équipe %s. Le premier niveau en résout la plupart avec les articles publics ci-dessous."},
	triageCols:   []string{"Cause", "Première action", "Article à envoyer"},
	triageAsk:    []string{"Questions à poser", "À vérifier d'abord"},
	site:         []string{"Cette version concerne le site de %s.", "Version propre au site de %s."},
	translated: []string{
		"Cet article est la traduction française de « %s ».",
		"Version française de l'article « %s ».",
	},
}

func bookFor(lang string) *book {
	if lang == "fr" {
		return &bookFR
	}
	return &bookEN
}
