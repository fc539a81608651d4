package demo

import "time"

// securityAreas: phishing, malware, lost devices and data handling.
func securityAreas() []area {
	return []area{phishingArea, malwareArea, lostDeviceArea, dataArea}
}

var phishingArea = area{
	category: "Security/Phishing", team: teamSecurity, system: "Report Phish", topic: "phishing", weight: 35, effort: 1, urgency: 0.5,
	busy: months{time.November: 1.5, time.December: 1.4, time.March: 1.2},
	tags: []string{"phishing", "security"},
	guides: []guide{{
		key:   "phish-report",
		title: "Report a suspicious e-mail",
		intro: "If an e-mail asks you to click, pay, sign in or open something and it feels wrong, report it. Reporting takes five seconds, removes the message from your inbox and lets Security check whether others received it.",
		steps: []string{
			"Do not click links, open attachments or reply.",
			"In Outlook, select the message and click **Report Phish** on the ribbon (on the phone: **...** then **Report Phish**).",
			"Confirm. The message moves out of your inbox and goes to Security Operations.",
			"If you already clicked or typed your password, call the Service Desk straight away; see *I clicked a link in a phishing e-mail*.",
		},
		ref: &reference{title: "Signs of phishing", rows: [][]string{
			{"Sign", "Example"},
			{"Urgency or threats", "\"Your mailbox will be closed in 24 hours\""},
			{"Unexpected invoices or payment changes", "\"Please use our new bank details for this payment\""},
			{"Look-alike sender", "`northwind-logistics.co` instead of `northwind.example`"},
			{"Sign-in pages reached from a link", "A page asking for your Northwind password that is not login.northwind.example"},
		}},
		asks: []string{
			"I've received a strange email asking me to update my bank details, is it real?", "Got a weird email from DHL with an attachment, is it phishing?",
			"Is this email from the CEO genuine? He's asking me to buy gift cards.", "Suspicious email, please check.",
		},
		subjects: []string{"Suspicious email", "Phishing?", "Is this email genuine?", "Possible scam email"},
		weight:   3,
	}, {
		key:   "phish-clicked",
		title: "I clicked a link in a phishing e-mail",
		intro: "It happens to everyone. What matters is telling us quickly: an attacker with your password acts within minutes, and we can stop them if we know.",
		steps: []string{
			"Call the Service Desk on ext. " + deskExt + " (" + deskPhone + " from outside) now. Don't wait for a ticket reply.",
			"If you typed your password, change it with Passport immediately.",
			"If you opened an attachment, disconnect the laptop from the network (Wi-Fi off, cable out) but leave it switched on.",
			"Report the e-mail with **Report Phish** if you still have it.",
			"Tell us what you did: clicked only, typed a password, approved an MFA prompt, opened a file.",
		},
		notes: []string{"You will not get into trouble for reporting. You might for hiding it."},
		asks: []string{
			"I think I clicked on a phishing link and entered my password.", "I opened an attachment from a suspicious email before I realised.",
			"I approved an MFA request I didn't start, what do I do?",
		},
		subjects: []string{"Clicked phishing link", "Entered password on fake site", "Opened suspicious attachment"},
		weight:   0.8,
	}, {
		key:   "phish-mfa-fatigue",
		title: "You get sign-in approvals you did not ask for",
		intro: "Unexpected NW Verify prompts mean someone has your password and is trying to get past MFA. Never approve a prompt you did not start.",
		steps: []string{
			"Tap **No, it's not me** on the prompt.",
			"Change your password with Passport straight away.",
			"Call the Service Desk so Security can check where the sign-ins came from.",
		},
		asks:     []string{"I keep getting MFA prompts on my phone that I didn't request.", "Random NW Verify requests in the middle of the night, is someone hacking me?"},
		subjects: []string{"Unexpected MFA prompts", "MFA requests I didn't make"},
		weight:   0.5,
		fresh:    true,
	}},
	faqs: []faq{
		{"Should I forward a phishing e-mail to the Service Desk?", "No, use **Report Phish** instead: forwarding loses the information Security needs and spreads the message further."},
		{"I reported an e-mail but it was genuine. Is that a problem?", "Not at all. Security releases genuine messages back to your inbox, usually within the hour. Better safe."},
		{"Does IT ever ask for my password by e-mail?", "Never. Nor do we ask you to approve an MFA prompt over the phone or chat."},
		{"A supplier e-mailed new bank details. What do I do?", "Don't change anything based on the e-mail. Call the supplier on the number you already have on file, not one in the e-mail, and tell Finance. Report the e-mail if it looks suspicious."},
	},
	runbooks: []guide{{
		key:   "rb-phish",
		title: "Handling a reported phishing e-mail",
		intro: "For Security Operations. Every Report Phish submission lands in the phishing queue with the original message attached.",
		steps: []string{
			"Open the submission and check headers, links and attachments in the sandbox; do not open them on your workstation.",
			"If it is genuine, release it to the reporter and close the ticket with a thank-you.",
			"If it is phishing, search for the same sender or subject across all mailboxes and purge every copy.",
			"Block the sender domain and the URLs at the mail gateway and proxy.",
			"Check the sign-in logs of anyone who clicked; reset passwords and revoke sessions for anyone who entered credentials.",
			"Reply to the reporter with the standard thank-you, and post a warning in the news feed for large campaigns.",
		},
		code: &snippet{intro: "Search and purge, from the security admin shell:", lang: "powershell", src: "New-ComplianceSearch -Name \"phish-$(Get-Date -f yyyyMMdd)\" -ExchangeLocation All -ContentMatchQuery 'from:\"payments@northwind-logistics.co\"'\nStart-ComplianceSearch -Identity \"phish-$(Get-Date -f yyyyMMdd)\"\nNew-ComplianceSearchAction -SearchName \"phish-$(Get-Date -f yyyyMMdd)\" -Purge -PurgeType SoftDelete"},
	}},
	checks: []string{
		"Sandbox: credential-harvesting page imitating the Northwind sign-in. Purged 37 copies, domain blocked.",
		"Genuine e-mail from a customer portal. Released to the user.",
		"User entered the password on the fake page. Password reset, sessions revoked, no suspicious sign-ins found.",
	},
}

var malwareArea = area{
	category: "Security/Malware", team: teamSecurity, system: "Guardian EDR", weight: 8, effort: 3, urgency: 0.7,
	tags: []string{"malware", "security"},
	issues: []issue{{
		key:   "malware-alert",
		title: "Guardian shows a threat warning on your laptop",
		intro: "Guardian EDR protects every Northwind laptop. When it blocks something, it shows a notification and alerts Security Operations at the same time.",
		symptoms: []string{
			"A notification says *Guardian blocked a threat*.", "A file you downloaded has disappeared.",
			"A pop-up in the browser says your computer is infected and gives a phone number.",
		},
		causes: []cause{
			{"Guardian blocked a harmful file and dealt with it", []string{
				"Do nothing else with the file, and don't download it again.", "Carry on working; Security contacts you if they need more.",
			}},
			{"a website is showing a fake virus warning", []string{
				"Do not call the number and do not install anything it offers.", "Close the browser with **Ctrl+Shift+Esc** if the page won't close.",
				"Report it to the Service Desk if it keeps coming back.",
			}},
			{"the laptop behaves strangely after you opened something", []string{
				"Disconnect from the network (Wi-Fi off, cable out) and leave the laptop switched on.",
				"Call the Service Desk on ext. " + deskExt + ".",
			}},
		},
		asks:     []string{"I got a pop up saying Guardian blocked a threat, is my laptop OK?", "A message says my computer has a virus and to call a number.", "My laptop is acting weird after I opened an invoice attachment."},
		subjects: []string{"Virus warning", "Guardian threat alert", "Is my laptop infected?"},
	}},
	runbooks: []guide{{
		key:   "rb-isolate",
		title: "Isolating a laptop with Guardian EDR",
		intro: "For Security Operations, when a laptop may be compromised. Isolation cuts it off from everything except the Guardian console, so you can investigate remotely.",
		steps: []string{
			"In the Guardian console, open the device and review the alert timeline.",
			"Click **Isolate device** and give the ticket number as the reason.",
			"Call the user: explain that the laptop is cut off on purpose and arrange a loan laptop.",
			"Collect the investigation package (**Actions > Collect package**) and review it.",
			"When clean, release isolation; if not, wipe and rebuild the laptop and reset the user's password.",
		},
	}},
}

var lostDeviceArea = area{
	category: "Security/Lost or stolen device", team: teamSecurity, system: "Device Management", weight: 6, effort: 2, urgency: 0.8,
	tags: []string{"lost-device", "security"},
	guides: []guide{{
		key:   "lost-device",
		title: "Report a lost or stolen laptop or phone",
		intro: "Report a lost Northwind laptop or phone, or a personal phone with work apps, as soon as you notice, even if you think it will turn up. The data is encrypted, but we lock it remotely to be sure.",
		steps: []string{
			"Call the Service Desk on ext. " + deskExt + ", or " + deskPhone + " from another phone, day or night.",
			"Tell us what was lost, when and where you last had it.",
			"We lock the device and sign you out everywhere; for a phone, we wipe the work apps (or the whole phone if it is a company one).",
			"If it was stolen, report it to the police and give us the crime reference number.",
			"We arrange a replacement through your manager.",
		},
		asks:     []string{"I left my work laptop on the train this morning.", "My company phone was stolen last night.", "I can't find my work phone anywhere, I think I lost it at the depot."},
		subjects: []string{"Lost laptop", "Stolen phone", "Lost company phone"},
	}},
}

var dataArea = area{
	category: "Security/Data handling", team: teamSecurity, system: "data protection", topic: "handling data", weight: 8, effort: 3,
	tags: []string{"data-protection", "gdpr"},
	guides: []guide{{
		key:   "data-send-secure",
		title: "Send personal or confidential data securely",
		intro: "Customer lists, payroll, HR records and customs declarations contain personal or confidential data. Send them so that only the right person can read them.",
		steps: []string{
			"Inside Northwind: share a NorthDrive or Teams link instead of attaching the file.",
			"Outside Northwind: share with **Specific people** from NorthDrive, which asks the recipient for a code.",
			"By e-mail, when it has to be e-mail: type `[secure]` at the start of the subject; the message is encrypted.",
			"Check the recipient's address twice: most data breaches are an autocomplete mistake.",
			"Never use personal e-mail, USB sticks or consumer file-transfer sites.",
		},
		asks:     []string{"What's the right way to send payroll data to our accountant?", "How do I send an encrypted email?", "I need to send a spreadsheet with customer addresses to a supplier, is email OK?"},
		subjects: []string{"Send confidential file", "Encrypted email", "Sending personal data"},
	}, {
		key:   "data-labels",
		title: "Label documents with the right sensitivity",
		intro: "Word, Excel, PowerPoint and Outlook have a **Sensitivity** button. The label protects the document wherever it goes.",
		steps: []string{
			"Click **Sensitivity** on the Home tab.",
			"Choose **Public**, **Internal** (the default), **Confidential** or **Restricted**.",
			"Confidential and Restricted documents cannot be shared outside Northwind or printed on non-Northwind printers.",
		},
		ref: &reference{title: "Labels", rows: [][]string{
			{"Label", "Use for"},
			{"Public", "Brochures, published rates, press releases"},
			{"Internal", "Everyday work documents"},
			{"Confidential", "Customer contracts, personal data, pricing"},
			{"Restricted", "Board papers, M&A, security reports"},
		}},
		asks:     []string{"What sensitivity label should I use for customer contracts?", "The document says it's restricted and I can't send it, why?"},
		subjects: []string{"Sensitivity labels", "Can't send restricted document"},
	}},
	faqs: []faq{
		{"I sent personal data to the wrong person. What now?", "Tell the Service Desk and the Data Protection Officer (dpo@northwind.example) today. Ask the recipient to delete it, and don't try to recall it quietly: we may have 72 hours to report it."},
		{"Can I use USB sticks?", "Only encrypted Northwind sticks, issued on request. Other USB storage is read-only on Northwind laptops."},
		{"Can I use ChatGPT or other AI tools with work documents?", "Not with customer, personal or confidential data. Use the approved Northwind assistant in Teams, which keeps data inside the company."},
	},
}
