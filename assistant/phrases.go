package assistant

import "fmt"

// phrases frame a draft in the user's language.
type phrases struct {
	hello, helloName string
	fromArticle      string // %s title, %d marker
	fromTicket       string // %d marker
	alsoSee          string // %s title, %d marker
	sources          string
	closing          string
	handoff          map[Reason]string
}

func (p *phrases) greeting(name string) string {
	if name == "" {
		return p.hello
	}
	return fmt.Sprintf(p.helloName, name)
}

// phrasesFor returns the frame for lang, English when there is none.
func phrasesFor(lang string) *phrases {
	if p, ok := frames[lang]; ok {
		return p
	}
	return frames["en"]
}

var frames = map[string]*phrases{
	"en": {
		hello: "Hello,", helloName: "Hello %s,",
		fromArticle: "This should solve it, from the article %q [%d]:",
		fromTicket:  "A colleague solved the same problem this way [%d]:",
		alsoSee:     "See also %q [%d].",
		sources:     "Sources:",
		closing:     "If this does not solve it, reply here and an agent will take over.",
		handoff: map[Reason]string{
			ReasonMissingKnowledge: "I could not find an answer in our knowledge base, so I am passing your request to an agent.",
			ReasonAskedForHuman:    "Of course: I am passing your request to an agent, who will see this conversation.",
			ReasonOutOfScope:       "I can only help with IT and workplace technology questions. For anything else, please contact the right team.",
			ReasonSensitive:        "This needs a person's attention: I am passing your request to an agent.",
			ReasonLowConfidence:    "I am not sure enough of an answer, so I am passing your request to an agent.",
			ReasonFrustrated:       "I am sorry about the trouble. I am passing your request to an agent right away.",
		},
	},
	"fr": {
		hello: "Bonjour,", helloName: "Bonjour %s,",
		fromArticle: "Voici ce qui devrait résoudre le problème, d'après l'article « %s » [%d] :",
		fromTicket:  "Un collègue a résolu le même problème ainsi [%d] :",
		alsoSee:     "Voir aussi « %s » [%d].",
		sources:     "Sources :",
		closing:     "Si cela ne résout pas le problème, répondez ici et un technicien prendra le relais.",
		handoff: map[Reason]string{
			ReasonMissingKnowledge: "Je n'ai pas trouvé de réponse dans notre base de connaissances : je transmets votre demande à un technicien.",
			ReasonAskedForHuman:    "Bien sûr : je transmets votre demande à un technicien, qui verra cette conversation.",
			ReasonOutOfScope:       "Je ne peux répondre qu'aux questions informatiques et bureautiques. Pour le reste, merci de contacter le service concerné.",
			ReasonSensitive:        "Cette demande doit être traitée par une personne : je la transmets à un technicien.",
			ReasonLowConfidence:    "Je ne suis pas assez sûr de la réponse : je transmets votre demande à un technicien.",
			ReasonFrustrated:       "Désolé pour ce désagrément. Je transmets votre demande à un technicien immédiatement.",
		},
	},
	"de": {
		hello: "Hallo,", helloName: "Hallo %s,",
		fromArticle: "Das sollte das Problem lösen, aus dem Artikel „%s“ [%d]:",
		fromTicket:  "Ein Kollege hat dasselbe Problem so gelöst [%d]:",
		alsoSee:     "Siehe auch „%s“ [%d].",
		sources:     "Quellen:",
		closing:     "Falls das nicht hilft, antworten Sie hier und ein Mitarbeiter übernimmt.",
		handoff: map[Reason]string{
			ReasonMissingKnowledge: "Ich habe keine Antwort in unserer Wissensdatenbank gefunden und gebe Ihre Anfrage an einen Mitarbeiter weiter.",
			ReasonAskedForHuman:    "Gern: Ich gebe Ihre Anfrage an einen Mitarbeiter weiter, der dieses Gespräch sieht.",
			ReasonOutOfScope:       "Ich kann nur bei IT-Fragen helfen. Bitte wenden Sie sich für alles andere an das zuständige Team.",
			ReasonSensitive:        "Darum muss sich ein Mensch kümmern: Ich gebe Ihre Anfrage an einen Mitarbeiter weiter.",
			ReasonLowConfidence:    "Ich bin mir nicht sicher genug und gebe Ihre Anfrage an einen Mitarbeiter weiter.",
			ReasonFrustrated:       "Das tut mir leid. Ich gebe Ihre Anfrage sofort an einen Mitarbeiter weiter.",
		},
	},
	"es": {
		hello: "Hola:", helloName: "Hola, %s:",
		fromArticle: "Esto debería resolverlo, según el artículo «%s» [%d]:",
		fromTicket:  "Un compañero resolvió el mismo problema así [%d]:",
		alsoSee:     "Véase también «%s» [%d].",
		sources:     "Fuentes:",
		closing:     "Si esto no lo resuelve, responda aquí y un agente se encargará.",
		handoff: map[Reason]string{
			ReasonMissingKnowledge: "No encontré una respuesta en nuestra base de conocimiento; paso su solicitud a un agente.",
			ReasonAskedForHuman:    "Por supuesto: paso su solicitud a un agente, que verá esta conversación.",
			ReasonOutOfScope:       "Solo puedo ayudar con preguntas de informática. Para lo demás, contacte con el equipo adecuado.",
			ReasonSensitive:        "Esto requiere la atención de una persona: paso su solicitud a un agente.",
			ReasonLowConfidence:    "No estoy lo bastante seguro de la respuesta; paso su solicitud a un agente.",
			ReasonFrustrated:       "Siento las molestias. Paso su solicitud a un agente ahora mismo.",
		},
	},
}
