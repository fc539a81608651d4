package demo

import "time"

// peopleAreas: joiners, leavers and movers.
func peopleAreas() []area {
	return []area{joinerArea, leaverArea, moverArea}
}

var joinerArea = area{
	category: "Joiners & Leavers/Joiner", team: teamIAM, system: "joiner process", topic: "new starters", weight: 35, effort: 24,
	busy: months{time.January: 1.6, time.August: 1.5, time.September: 2.6, time.October: 1.3},
	tags: []string{"onboarding", "joiner"},
	guides: []guide{{
		key:    "joiner-request",
		title:  "Request IT for a new starter",
		intro:  "Managers request everything a new starter needs in one form: account, laptop, phone, access and a desk. Submit it at least 10 working days before the start date so that it is ready on day one.",
		before: []string{"The new starter exists in PeopleFirst (HR creates them once the contract is signed).", "You know their role, site, start date and line manager."},
		steps: []string{
			"On the IT portal, choose **Request > New starter**.",
			"Search the person by name: the form fills in the details from PeopleFirst.",
			"Pick the equipment: standard laptop (or MacBook for design roles), phone if the role needs one, headset.",
			"Add the access they need, or choose **Copy access from** a colleague in the same role.",
			"Submit. You get a ticket for each part (account, laptop, access) and a summary three days before the start.",
		},
		notes: []string{"Late requests are done in the order they arrive; a new starter may spend their first morning with a loan laptop."},
		asks: []string{
			"I have a new starter on Monday, what do I need to do for IT?", "We've got 6 seasonal temps starting in Daventry next week, can you set them up?",
			"New starter joining the Customs team on the 1st, please can you arrange a laptop and account?", "How do I request a laptop for someone joining my team?",
		},
		subjects: []string{"New starter", "New starter IT setup", "Starter on Monday", "Onboarding request"},
		weight:   2,
	}, {
		key:   "joiner-first-day",
		title: "Your first day: signing in for the first time",
		intro: "Welcome to Northwind! Your manager has your user name and a one-time password in a sealed envelope, or will hand you a Temporary Access Pass in person. This is how to get started.",
		steps: []string{
			"Switch on your laptop and connect to **NW-Corp** Wi-Fi (or plug in at your desk).",
			"Sign in with your work e-mail address and the one-time password, then choose your own password: at least 14 characters.",
			"Install **NW Verify** on your phone and register it when the laptop asks. This is your MFA for everything.",
			"Register for **Passport** with your mobile number and a personal e-mail address, so you can reset your password yourself later.",
			"Open Outlook and Teams; both sign in by themselves. Say hello to your team!",
		},
		notes:    []string{"Stuck? The Service Desk is on ext. " + deskExt + ", or walk to the IT room at your site."},
		asks:     []string{"I started today and my password doesn't work.", "First day, how do I set up my laptop?", "I'm new and I haven't received my login details."},
		subjects: []string{"First day login", "New starter can't log in", "Login details for new starter"},
	}},
	faqs: []faq{
		{"How early should I request IT for a new starter?", "Ten working days before the start date. For more than five starters at once, such as seasonal warehouse staff, tell us a month ahead."},
		{"Can a new starter use their personal e-mail until their account is ready?", "No, please don't send company information to personal addresses. If the account is late, call the Service Desk: we can create it the same day once HR has finished in PeopleFirst."},
		{"Do temporary and agency workers get accounts?", "Yes, with an end date. Their manager requests them the same way and confirms every three months that they are still needed."},
		{"What does a new starter get by default?", "An account, e-mail, Teams, NorthDrive, a laptop and a headset. Applications and folders need to be requested, or copied from a colleague in the same role."},
	},
	runbooks: []guide{{
		key:   "rb-joiner",
		title: "New starter provisioning checklist",
		intro: "For Identity & Access and site IT. Follow it for each joiner request, in this order, so the person can work on day one.",
		steps: []string{
			"Check the PeopleFirst record is complete: legal name, start date, site, manager, cost centre.",
			"Create the account from the role template: e-mail, licences, default groups. Set the account to activate on the start date.",
			"Copy access from the colleague named in the request, excluding admin roles and personal shared mailboxes.",
			"Assign a laptop from stock, enrol it in Autopilot under the user and record the asset.",
			"Put the one-time password in a sealed envelope for the manager, or plan a Temporary Access Pass on day one.",
			"Three days before the start, send the manager the summary and close the tasks that are done.",
		},
	}},
	checks: []string{
		"PeopleFirst record not complete yet (no cost centre). Chased HR.",
		"Account created, activates on the start date. Laptop NW-2119xx assigned and enrolled.",
		"Copied access from the named colleague minus the admin group.",
	},
}

var leaverArea = area{
	category: "Joiners & Leavers/Leaver", team: teamIAM, system: "leaver process", topic: "leavers", weight: 18, effort: 16,
	busy: months{time.March: 1.2, time.August: 1.3, time.December: 1.2},
	tags: []string{"offboarding", "leaver"},
	guides: []guide{{
		key:   "leaver-request",
		title: "When someone leaves your team",
		intro: "HR's leaver process in PeopleFirst tells IT automatically. As a manager you decide what happens to the person's mailbox and files, and make sure equipment comes back.",
		steps: []string{
			"Check that HR has the leaving date in PeopleFirst; the account is disabled at 18:00 that day.",
			"On the IT portal, complete **Request > Leaver**: who gets access to the mailbox, and where their NorthDrive files go.",
			"Collect the laptop, charger, phone and badge on the last day and hand them to the site IT room.",
			"Ask the person to move shared files into Teams or the T: drive before they leave.",
		},
		notes: []string{"Mailboxes and NorthDrive are kept for 90 days after the leaving date, then deleted."},
		asks: []string{
			"Someone in my team is leaving on Friday, what do I need to do about their laptop and emails?",
			"Can I get access to a leaver's mailbox? She left last week.", "An employee has left, how do I get his files from NorthDrive?",
		},
		subjects: []string{"Leaver", "Employee leaving", "Access to leaver's mailbox", "Leaver equipment"},
		weight:   2,
	}},
	faqs: []faq{
		{"Someone left suddenly. Can you disable their account now?", "Yes. HR or the line manager can ask the Service Desk by phone for an immediate disable; we confirm with HR before doing it."},
		{"How long do we keep a leaver's mailbox?", "90 days. During that time, the manager or someone they name can be given access. After that, it is deleted."},
		{"Can a leaver keep their company phone number?", "Yes, if the manager agrees: the number can be transferred to a personal contract. Ask on the leaver form."},
	},
	runbooks: []guide{{
		key:   "rb-leaver",
		title: "Leaver deprovisioning checklist",
		intro: "For Identity & Access. Runs from the PeopleFirst leaver event; immediate disables (dismissals) come from HR by phone.",
		steps: []string{
			"Confirm the leaving date in PeopleFirst; for an immediate disable, confirm with HR by phone.",
			"At the leaving time, disable the account, revoke all sessions and remove NW Verify registrations.",
			"Convert the mailbox to shared and grant access to the person named on the leaver form; set the automatic reply.",
			"Give the manager access to the leaver's NorthDrive for 90 days.",
			"Remove the person from admin roles and remote-access groups on the same day.",
			"Check the asset register: chase the manager for any equipment not returned within 5 working days.",
		},
	}},
}

var moverArea = area{
	category: "Joiners & Leavers/Mover", team: teamIAM, system: "mover process", weight: 8, effort: 16,
	tags: []string{"mover", "role-change"},
	guides: []guide{{
		key:   "mover-request",
		title: "Change of role or team: what happens to your access",
		intro: "When you change role, your new manager updates PeopleFirst and requests the access you need. Access from your old role is removed after 30 days, so the handover has time to happen.",
		steps: []string{
			"Your new manager completes **Request > Role change** on the IT portal with your start date in the new role.",
			"List the access you will need, or ask for a copy of a colleague's access in the new team.",
			"Hand over what you own in your old team: shared mailboxes, folder ownership, Teams ownership.",
			"After 30 days, access that belongs only to your old role is removed automatically.",
		},
		asks:     []string{"I'm moving from Customer Service to Transport Planning next month, what happens to my access?", "I've changed teams, how do I get the access my new team has?", "Can you copy my colleague's access now I'm in the same role?"},
		subjects: []string{"Role change access", "Moving team", "Copy access from colleague"},
	}},
}
