package web

// The admin pages' words.
func init() {
	addMessages("en", map[string]string{
		"admin.dashboard.title": "Dashboard", "admin.policy.title": "Rollout policy", "admin.simulations.title": "Simulations",
		"admin.sources.title": "Sources", "admin.users.title": "Users", "admin.teams.title": "Teams", "admin.categories.title": "Categories",
		"admin.notice.saved": "Saved.", "admin.notice.created": "Created.", "admin.notice.applied": "The recommended policy is now live.",
		"admin.notice.started": "The simulation has started.", "admin.notice.password": "Password changed; the user was signed out everywhere.",
		"admin.notice.resumed": "The simulation goes on from its checkpoint.", "admin.problem.generic": "That did not work. Try again; the log says why.",
		"admin.off": "This part is not available on this server.", "admin.save": "Save",

		"kpi.from": "From", "kpi.to": "To", "kpi.show": "Show", "kpi.weeks4": "4 weeks", "kpi.weeks12": "12 weeks", "kpi.weeks52": "52 weeks",
		"kpi.anchored": "Nothing happened in the last weeks: the window ends at the newest ticket.",
		"kpi.window":   "%s to %s", "kpi.volume": "%d requests: %d conversations, %d tickets", "kpi.of": "%d of %d",
		"kpi.automation": "Automation rate", "kpi.selfservice": "Self-service resolution", "kpi.acceptance": "Suggestions accepted",
		"kpi.edit": "Suggestions edited", "kpi.editdistance": "Mean edit distance", "kpi.editdistance.detail": "characters changed per suggestion sent",
		"kpi.fcr": "First-contact resolution", "kpi.mttr": "Mean time to resolve", "kpi.mttr.detail": "over %d resolved tickets",
		"kpi.sla": "SLA compliance", "kpi.reopen": "Reopen rate", "kpi.csat": "CSAT (\"did this solve it?\": yes)",
		"kpi.chart.trend": "Rates per week", "kpi.chart.volume": "Requests per week", "kpi.chart.mttr": "Mean hours to resolve, per week",
		"kpi.forecast":    "The latest simulation estimated an automation rate of %s; live it is %s.",
		"kpi.definitions": "How each figure is counted",
		"kpi.definitions.text": "Tickets and conversations count in the window they were created in, suggestion outcomes when they were decided. " +
			"A request is a self-service conversation or a ticket that did not come from one. Resolved automatically: the assistant's last answer went out on its own, " +
			"nobody was asked for, and the requester did not say it failed. Automation rate: resolved automatically over all requests, the live reading of the simulation's automation rate. " +
			"Self-service resolution: the same over conversations. Acceptance and edit rates: suggestions sent as drafted, or edited, over all suggestion outcomes. " +
			"First-contact resolution: resolved tickets never reopened that needed one agent reply. MTTR: mean calendar time from creation to resolution. " +
			"SLA compliance: tickets whose first response and resolution targets were both met, over those whose targets are settled. " +
			"Reopen rate: reopened over ever resolved. CSAT: yes over answers to \"did this solve it?\". A dash: nothing to count.",

		"policy.intro":   "For each category, what the assistant may do: off (no draft), suggest (drafts go to an agent) or auto (answer the requester directly from the confidence threshold on, else suggest). A category without its own rule follows its parent's, then the default.",
		"policy.default": "Default rule", "policy.mode": "Mode", "policy.mode.off": "off", "policy.mode.suggest": "suggest", "policy.mode.auto": "auto",
		"policy.threshold": "Threshold", "policy.category": "Category", "policy.effective": "In effect", "policy.unknown": "not in the taxonomy",
		"policy.inherit": "follow parent", "policy.from": "from %s", "policy.fromdefault": "from the default",

		"sim.intro": "A simulation replays the desk's resolved tickets in time order, each answered with only what was known before it, and estimates what the assistant would have resolved on its own. It runs in the background; the report opens when it is done.",
		"sim.start": "Start a simulation", "sim.target": "Target precision", "sim.minutes": "Agent minutes per ticket", "sim.start.button": "Start",
		"sim.busy": "A simulation is under way: one runs at a time.", "sim.run": "Run", "sim.status": "Status", "sim.progress": "Progress", "sim.summary": "Result",
		"sim.options": "target %.2f, %.0f min a ticket", "sim.status.queued": "queued", "sim.status.running": "running", "sim.status.done": "done",
		"sim.status.failed": "failed", "sim.status.interrupted": "interrupted", "sim.phase.loading": "reading the history", "sim.phase.indexing": "indexing",
		"sim.phase.replaying": "replaying", "sim.phase.reporting": "writing the report", "sim.automation": "%s resolved automatically",
		"sim.precision": "%s of automatic answers right", "sim.leaks": "leaks: %d", "sim.report": "Open the report",
		"sim.apply": "Apply the recommended policy", "sim.resume": "Resume", "sim.none": "No simulation yet.",

		"users.create": "New user", "users.email": "E-mail", "users.name": "Name", "users.role": "Role", "users.team": "Team", "users.language": "Language",
		"users.password": "Password", "users.create.button": "Create", "users.everyone": "everyone", "users.access": "Role, team, language",
		"users.reset": "New password", "users.nologin": "cannot sign in", "users.reset.button": "Set", "users.taken": "A user already has this e-mail address.",
		"role.requester": "requester", "role.agent": "agent", "role.admin": "admin",

		"teams.add": "Add a team", "teams.name": "Name", "teams.description": "Description", "teams.add.button": "Add",
		"teams.hint": "Adding an existing team changes its description.", "teams.none": "No team yet.",
		"categories.add": "Add a category", "categories.path": "Path", "categories.add.button": "Add",
		"categories.hint": "A path names its parents too: Network/VPN adds Network.", "categories.none": "No category yet.",

		"sources.intro":  "Sources are synced by deskpilot sync (run it from cron or a timer); this page shows where each stands.",
		"sources.source": "Source", "sources.status": "Status", "sources.counts": "Last run", "sources.lastsuccess": "Last success", "sources.lasterror": "Last error",
		"sources.status.idle": "idle", "sources.status.running": "running", "sources.status.ok": "ok", "sources.status.failed": "failed",
		"sources.status.interrupted": "interrupted", "sources.stale": "stale: its process stopped, the next sync resumes it",
		"sources.started": "started %s", "sources.countline": "%d added, %d updated, %d unchanged, %d deleted, %d skipped",
		"sources.problems": "%d records could not be read", "sources.none": "No source has synced yet. Configure connectors in deskpilot.yaml and run deskpilot sync.",
	})
	addMessages("fr", map[string]string{
		"admin.dashboard.title": "Tableau de bord", "admin.policy.title": "Politique de déploiement", "admin.simulations.title": "Simulations",
		"admin.sources.title": "Sources", "admin.users.title": "Utilisateurs", "admin.teams.title": "Équipes", "admin.categories.title": "Catégories",
		"admin.notice.saved": "Enregistré.", "admin.notice.created": "Créé.", "admin.notice.applied": "La politique recommandée est en vigueur.",
		"admin.notice.started": "La simulation a démarré.", "admin.notice.password": "Mot de passe changé ; l'utilisateur a été déconnecté partout.",
		"admin.notice.resumed": "La simulation reprend depuis son point de reprise.", "admin.problem.generic": "Cela n'a pas marché. Réessayez ; le journal dit pourquoi.",
		"admin.off": "Cette partie n'est pas disponible sur ce serveur.", "admin.save": "Enregistrer",

		"kpi.from": "Du", "kpi.to": "Au", "kpi.show": "Afficher", "kpi.weeks4": "4 semaines", "kpi.weeks12": "12 semaines", "kpi.weeks52": "52 semaines",
		"kpi.anchored": "Rien ne s'est passé ces dernières semaines : la période se termine au ticket le plus récent.",
		"kpi.window":   "du %s au %s", "kpi.volume": "%d demandes : %d conversations, %d tickets", "kpi.of": "%d sur %d",
		"kpi.automation": "Taux d'automatisation", "kpi.selfservice": "Résolution en libre-service", "kpi.acceptance": "Suggestions acceptées",
		"kpi.edit": "Suggestions modifiées", "kpi.editdistance": "Distance d'édition moyenne", "kpi.editdistance.detail": "caractères changés par suggestion envoyée",
		"kpi.fcr": "Résolution au premier contact", "kpi.mttr": "Délai moyen de résolution", "kpi.mttr.detail": "sur %d tickets résolus",
		"kpi.sla": "Respect des SLA", "kpi.reopen": "Taux de réouverture", "kpi.csat": "Satisfaction (« cela a-t-il résolu ? » : oui)",
		"kpi.chart.trend": "Taux par semaine", "kpi.chart.volume": "Demandes par semaine", "kpi.chart.mttr": "Heures moyennes de résolution, par semaine",
		"kpi.forecast":    "La dernière simulation estimait un taux d'automatisation de %s ; en réel il est de %s.",
		"kpi.definitions": "Comment chaque chiffre est compté",
		"kpi.definitions.text": "Tickets et conversations comptent dans la période de leur création, les suites données aux suggestions à la date de la décision. " +
			"Une demande est une conversation en libre-service ou un ticket qui n'en vient pas. Résolue automatiquement : la dernière réponse de l'assistant est partie seule, " +
			"personne n'a été demandé, et le demandeur n'a pas dit qu'elle échouait. Taux d'automatisation : résolues automatiquement sur toutes les demandes, la lecture réelle du taux de la simulation. " +
			"Libre-service : la même chose sur les conversations. Acceptation et modification : suggestions envoyées telles quelles, ou modifiées, sur toutes les suites données. " +
			"Premier contact : tickets résolus jamais rouverts qui n'ont demandé qu'une réponse d'agent. Délai moyen : temps calendaire de la création à la résolution. " +
			"SLA : tickets dont la première réponse et la résolution ont tenu leurs objectifs, sur ceux dont les objectifs sont tranchés. " +
			"Réouverture : rouverts sur jamais résolus. Satisfaction : oui sur les réponses à « cela a-t-il résolu ? ». Un tiret : rien à compter.",

		"policy.intro":   "Pour chaque catégorie, ce que l'assistant peut faire : off (aucun brouillon), suggest (les brouillons vont à un agent) ou auto (répondre directement au demandeur à partir du seuil de confiance, sinon suggérer). Une catégorie sans règle suit celle de son parent, puis la règle par défaut.",
		"policy.default": "Règle par défaut", "policy.mode": "Mode", "policy.mode.off": "désactivé", "policy.mode.suggest": "suggérer", "policy.mode.auto": "automatique",
		"policy.threshold": "Seuil", "policy.category": "Catégorie", "policy.effective": "En vigueur", "policy.unknown": "hors taxonomie",
		"policy.inherit": "suivre le parent", "policy.from": "de %s", "policy.fromdefault": "de la règle par défaut",

		"sim.intro": "Une simulation rejoue les tickets résolus du service dans l'ordre du temps, chacun traité avec ce qui était connu avant lui, et estime ce que l'assistant aurait résolu seul. Elle tourne en arrière-plan ; le rapport s'ouvre quand elle est finie.",
		"sim.start": "Lancer une simulation", "sim.target": "Précision visée", "sim.minutes": "Minutes d'agent par ticket", "sim.start.button": "Lancer",
		"sim.busy": "Une simulation est en cours : une seule à la fois.", "sim.run": "Simulation", "sim.status": "État", "sim.progress": "Avancement", "sim.summary": "Résultat",
		"sim.options": "cible %.2f, %.0f min par ticket", "sim.status.queued": "en attente", "sim.status.running": "en cours", "sim.status.done": "terminée",
		"sim.status.failed": "échouée", "sim.status.interrupted": "interrompue", "sim.phase.loading": "lecture de l'historique", "sim.phase.indexing": "indexation",
		"sim.phase.replaying": "rejeu", "sim.phase.reporting": "écriture du rapport", "sim.automation": "%s résolus automatiquement",
		"sim.precision": "%s de réponses automatiques justes", "sim.leaks": "fuites : %d", "sim.report": "Ouvrir le rapport",
		"sim.apply": "Appliquer la politique recommandée", "sim.resume": "Reprendre", "sim.none": "Aucune simulation pour l'instant.",

		"users.create": "Nouvel utilisateur", "users.email": "Adresse e-mail", "users.name": "Nom", "users.role": "Rôle", "users.team": "Équipe", "users.language": "Langue",
		"users.password": "Mot de passe", "users.create.button": "Créer", "users.everyone": "tout le monde", "users.access": "Rôle, équipe, langue",
		"users.reset": "Nouveau mot de passe", "users.nologin": "ne peut pas se connecter", "users.reset.button": "Définir", "users.taken": "Un utilisateur a déjà cette adresse.",
		"role.requester": "demandeur", "role.agent": "agent", "role.admin": "administrateur",

		"teams.add": "Ajouter une équipe", "teams.name": "Nom", "teams.description": "Description", "teams.add.button": "Ajouter",
		"teams.hint": "Ajouter une équipe existante change sa description.", "teams.none": "Aucune équipe pour l'instant.",
		"categories.add": "Ajouter une catégorie", "categories.path": "Chemin", "categories.add.button": "Ajouter",
		"categories.hint": "Un chemin nomme aussi ses parents : Réseau/VPN ajoute Réseau.", "categories.none": "Aucune catégorie pour l'instant.",

		"sources.intro":  "Les sources sont synchronisées par deskpilot sync (lancé par cron ou un timer) ; cette page montre où chacune en est.",
		"sources.source": "Source", "sources.status": "État", "sources.counts": "Dernière exécution", "sources.lastsuccess": "Dernier succès", "sources.lasterror": "Dernière erreur",
		"sources.status.idle": "inactive", "sources.status.running": "en cours", "sources.status.ok": "ok", "sources.status.failed": "échouée",
		"sources.status.interrupted": "interrompue", "sources.stale": "bloquée : son processus s'est arrêté, la prochaine synchronisation la reprend",
		"sources.started": "commencée le %s", "sources.countline": "%d ajoutés, %d modifiés, %d inchangés, %d supprimés, %d ignorés",
		"sources.problems": "%d enregistrements illisibles", "sources.none": "Aucune source synchronisée. Configurez les connecteurs dans deskpilot.yaml et lancez deskpilot sync.",
	})
}
