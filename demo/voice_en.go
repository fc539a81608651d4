package demo

// voice is how people write tickets in one language: the requester's
// greetings, asides and moods, and the agent's replies. Texts with {name}
// style placeholders are filled per ticket.
type voice struct {
	greetings, openers, tried, impacts, calm, angry, closings []string
	contexts                                                  []string
	thanks, back, chasers, replies, quotes, piis              []string
	errorAsks, errorSubjects, faqLeads, chatHellos            []string
	portalForm, devices, callNotes, angrySubjects, prefixes   []string
	questionSubject, questionAbout, chatSubject, callback     string
	sentFrom                                                  string

	hello, opens, leads, errorLeads, stepIntros, guideIntros []string
	cites, faqOpens, closes, neutralCloses, acks, clarify    []string
	pleasantries                                             []string
	reopenIntros, apologies, signoffs, autoAcks              []string
}

func voiceFor(lang string) *voice {
	if lang == "fr" {
		return &voiceFR
	}
	return &voiceEN
}

var voiceEN = voice{
	greetings: []string{"Hi,", "Hello,", "Hi team,", "Hi IT,", "Good morning,", "Hello Service Desk,", "Hey,", "Hi there,", "Afternoon,", "Dear IT Support,"},
	openers: []string{
		"Hope you're well.", "Sorry to bother you.", "I'm working from home today.", "Quick one.",
		"Not sure if this is the right place for this.", "Sorry if this has already been reported.",
		"I'm in the Leeds office today.", "Hope someone can help.", "First time raising a ticket so bear with me.",
	},
	tried: []string{
		"I've already restarted my laptop twice.", "I tried turning it off and on again, no luck.",
		"A colleague had the same thing last week, not sure what they did.", "I've looked on the intranet but couldn't find anything.",
		"It was fine on Friday.", "I've tried on my phone too and it's the same.", "Logged out and back in, didn't help.",
		"It started after the update last night.",
	},
	contexts: []string{
		"I was in the middle of preparing the weekly report when this started, and I haven't been able to do much since.",
		"This happened right after I got back from two weeks of annual leave.",
		"I've been moving between the office and home this week, in case that matters.",
		"My manager asked me to raise a ticket rather than keep trying things myself.",
		"It's the first time this has happened to me in three years here, so I'm not sure what changed.",
		"I'm covering for a colleague who is off sick, so I need this working for their work as well as mine.",
		"A couple of people on my team mentioned something similar yesterday, but I think theirs sorted itself out.",
		"I did follow the instructions on the intranet as far as I could, but I got lost halfway through.",
	},
	impacts: []string{
		"I've got a customer call at 2pm so it's a bit urgent.", "This is stopping me from doing my job at the moment.",
		"The whole team is waiting on this.", "I need it for the month-end close.", "We've got trucks waiting to be loaded.",
		"I'm presenting to the board tomorrow morning.", "It's quite urgent, I'm on shift until 6.",
	},
	calm: []string{"No rush, whenever you get a chance.", "Not urgent.", "Whenever someone is free.", "Low priority, just annoying."},
	angry: []string{
		"This is the THIRD time I'm asking about this!!", "I raised this last week and nobody has come back to me.",
		"Honestly this is ridiculous, I can't work like this.", "PLEASE can someone actually look at this today.",
		"I've been chasing this for days.", "Why does this keep happening?? Every single week.",
		"I'm really not happy with how long this is taking.",
	},
	closings: []string{"Thanks,", "Many thanks,", "Cheers,", "Kind regards,", "Thanks in advance,", "Regards,", "Thank you,", "Best,", "Thx"},
	thanks: []string{
		"Thanks, that worked!", "Brilliant, all sorted now.", "That fixed it, cheers.", "Perfect, thank you so much!",
		"ok working now thx", "Yes that did it. Thanks for the quick help.", "All good now, you can close this.",
		"Done, thank you!", "Great, it's working again.",
	},
	back: []string{
		"Hi again, it's happening again since this morning.", "Sorry, this is back. Same problem as before.",
		"It worked for a couple of days but now it's doing the same thing again.", "Reopening this, the issue has come back.",
		"Hi, unfortunately the problem is back.",
	},
	chasers: []string{"Any update on this?", "Hello? Is anyone looking at this?", "Still waiting...", "Can someone please get back to me, it's urgent.", "Any news?"},
	replies: []string{
		"It's on my work laptop, I'm at home today.", "Every time, since yesterday.", "Just me as far as I know.",
		"Screenshot attached.", "In the office, 2nd floor.", "Company laptop, Windows.", "On my phone and on the laptop.",
		"Since Monday morning.", "A couple of people near me have it too.",
	},
	quotes: []string{"It says \"%s\".", "The message is: \"%s\".", "Error on screen: \"%s\".", "I get \"%s\"."},
	piis: []string{
		"You can reach me on {mobile} if it's easier to talk.", "My personal email is {personal} if you need to reach me outside work.",
		"My employee number is {empno}.", "Call me on {phone}, I'm at my desk all day.",
	},
	errorAsks: []string{
		"I keep getting error {code} when {when}. It says \"{msg}\".", "Getting \"{msg}\" ({code}) when {when}.",
		"Error {code} came up when {when}, what does it mean?", "Every time I try {when} I get {code}: {msg}.",
	},
	errorSubjects: []string{"Error {code}", "{system} error {code}", "{code} - {msg}", "\"{msg}\" error"},
	faqLeads:      []string{"Quick question.", "Probably a silly question but here goes.", "Can someone tell me something?", "Question for you."},
	chatHellos:    []string{"hi", "hello", "hey", "hi there", "Hi!"},
	portalForm:    []string{"Location: {site}\nDevice: {device}", "Site: {site}\nAffected device: {device}\nHow many people affected: {affected}"},
	devices:       []string{"Laptop (Windows)", "MacBook", "Company phone", "Desktop PC", "Personal phone", "Handheld scanner"},
	callNotes: []string{
		"{name} ({site}) called: \"{ask}\"", "Caller: {name}, {dept}. Reports: {ask}", "Phone call from {name}. {ask}",
	},
	angrySubjects:   []string{"URGENT!!! %s", "%s - THIRD TIME ASKING", "STILL NOT FIXED: %s", "%s!!!"},
	prefixes:        []string{"RE: ", "FW: ", "Urgent: ", "Help: "},
	questionSubject: "%s: question",
	questionAbout:   "Question about",
	chatSubject:     "Chat with %s",
	callback:        "Callback number: %s",
	sentFrom:        "Sent from my iPhone",

	hello: []string{"Hi %s,", "Hello %s,", "Hi %s", "Dear %s,", "Hi %s,"},
	opens: []string{
		"Thanks for getting in touch.", "Thanks for the details.", "Sorry to hear about this.", "Thanks for raising this.",
		"Thanks for reporting it.", "Thanks for your message.",
	},
	leads: []string{
		"It looks like %s.", "From what you describe, %s.", "I checked on our side and %s.", "The most likely cause is that %s.",
		"This usually happens when %s.",
	},
	errorLeads:  []string{"Error %s means the following: %s", "About %s: %s", "That code (%s) tells us what went wrong. %s"},
	stepIntros:  []string{"Please try the following:", "Here's what to do:", "Could you follow these steps:", "This should sort it:", "Steps to fix it:"},
	guideIntros: []string{"Here's how to do it:", "You can do this yourself in a few minutes:", "These are the steps:", "It's quick to do:"},
	cites: []string{
		"The full guide, with screenshots, is here: %s", "For next time, this is all in our knowledge base: %s",
		"More detail in this article: %s", "See also %s",
	},
	faqOpens: []string{"Good question.", "Happy to help with that.", "Short answer below.", ""},
	closes: []string{
		"Let me know if that doesn't sort it.", "If it still doesn't work, just reply to this ticket and I'll pick it up.",
		"I'll mark this as solved, but reply here if you need anything else.", "Give that a try and let me know how you get on.",
		"Hope that helps!", "Any problems, just reply.",
	},
	acks: []string{
		"Thanks, I've passed this to our %s team, who will pick it up shortly.", "I'm looking into this now and will update you shortly.",
		"This needs a change on our side. I've started on it and will come back to you.", "Thanks for your patience, the %s team is on it.",
		"Logged and assigned to %s. We'll keep you posted here.",
	},
	clarify: []string{
		"Could you send me a screenshot of the error message?", "Which device is this on: your Northwind laptop, a phone, or a home computer?",
		"Are you working in the office or from home at the moment?", "Does it happen every time, or only now and then?",
		"Is anyone else near you seeing the same thing?", "When did this start? Did anything change around then (new password, new phone, an update)?",
	},
	pleasantries: []string{
		"Great, glad it's working! I'll close this ticket now.", "Thanks for confirming, closing this one.",
		"Good news. Closing the ticket, have a good day!", "Glad we got there. I'll mark it as resolved.",
	},
	neutralCloses: []string{"Any problems, just reply.", "Let me know if you need anything else.", "I'll mark this as solved, but reply here if you need anything else."},
	reopenIntros:  []string{"Sorry it's come back.", "Thanks for letting us know it happened again.", "Sorry about that, let's have another look."},
	apologies:     []string{"Sorry for the wait on this one.", "Apologies for the delay in getting back to you.", "I'm sorry this has taken so long."},
	signoffs: []string{
		"{first}\nNorthwind IT Service Desk", "Kind regards,\n{first} {last}\n{team}", "{first}", "Thanks,\n{first}",
		"Best regards,\n{first} {last} | {team} | Northwind Logistics",
	},
	autoAcks: []string{
		"This is an automatic reply. We have received your request and logged it as {id}. Our team aims to respond within one working day; urgent issues: call ext. " + deskExt + ".",
		"Thanks for contacting the Northwind IT Service Desk. Your ticket {id} has been created and will be picked up by the next available agent.",
	},
}

// internalNotes are what agents write to each other; the team writes them
// in English whatever the requester's language.
var internalNotes = []string{
	"Checked the user's account: enabled, not locked, licence assigned.",
	"Remote session with the user, reproduced the issue.",
	"Spoke to the user on the phone and walked them through it.",
	"Seen a few of these this week, possibly related to the {system} change. Linked to PRB-{n}.",
	"User confirmed identity by call-back to the number in PeopleFirst.",
	"Nothing in the monitoring for {system} at that time.",
}
