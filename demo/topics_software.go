package demo

import "time"

// softwareAreas: installs, licences and updates.
func softwareAreas() []area {
	return []area{installArea, licenceArea, updateArea}
}

var installArea = area{
	category: "Software/Installation", team: teamEndpoint, system: "Software Centre", weight: 55, effort: 6,
	busy: months{time.September: 1.2},
	tags: []string{"software", "software-centre"},
	guides: []guide{{
		key:   "sw-centre",
		title: "Install software from Software Centre",
		intro: "Software Centre is Northwind's app store for Windows laptops. Everything in it is licensed and tested, and installs without admin rights.",
		steps: []string{
			"Click **Start** and type `Software Centre`, then open it.",
			"Browse **Applications** or search by name.",
			"Click the application, then **Install**. Items marked **Request** need a licence first: see *Request a licence for paid software*.",
			"Keep the laptop switched on and connected until the status says **Installed**.",
			"Restart if Software Centre asks you to.",
		},
		notes: []string{"On a Mac, the equivalent is the **Self Service** app."},
		asks: []string{
			"How do I install Visio?", "I need 7-Zip on my laptop, can you install it?", "Where do I get Power BI from?",
			"Can you install Notepad++ for me please?", "How do I download apps onto my work laptop?",
		},
		subjects: []string{"Software install", "Install request", "Need software installed", "How to install apps"},
		weight:   2.5,
	}, {
		key:   "sw-new-request",
		title: "Request software that is not in Software Centre",
		intro: "If what you need is not in Software Centre, ask for it: we check the licence, data protection and security, then package it for everyone. Simple free tools take about a week; paid software needs budget approval too.",
		steps: []string{
			"Search Software Centre first, including for an alternative that does the same job.",
			"On the IT portal, choose **Request > New software**.",
			"Give the name, the website, what you need it for and how many people will use it.",
			"Your manager approves. For paid software, add the cost centre.",
			"Security reviews it; you get an update on the ticket within five working days.",
		},
		notes: []string{"Please don't ask for admin rights to install it yourself: unreviewed software is the most common way malware gets in."},
		asks: []string{
			"I need a tool that isn't in Software Centre, how do I get it approved?", "Can we get a PDF editor that isn't Adobe? It's not in the list.",
			"Our customer sends files in a format we can't open, can we get the viewer for it?",
		},
		subjects: []string{"New software request", "Software not in Software Centre", "Software approval"},
	}},
	issues: []issue{{
		key:      "sw-install-fails",
		title:    "A Software Centre install fails or never finishes",
		intro:    "If an installation fails or sits at *Downloading* for ever, one of these is the usual reason.",
		symptoms: []string{"Software Centre shows *Failed* with an error code.", "The status stays at *Downloading 0%*.", "The install finishes but the app does not open."},
		causes: []cause{
			{"the laptop has not restarted after earlier updates", []string{
				"Restart the laptop and try the install again.",
			}},
			{"the laptop is on the VPN or a slow connection", []string{
				"Large applications download from the office network. Try in the office, or leave it running overnight at home with the VPN connected.",
			}},
			{"there is not enough free disk space", []string{
				"Open **Settings > System > Storage**; you need at least 10 GB free.",
				"Turn on NorthDrive **Files On-Demand** and empty the Recycle Bin.",
			}},
		},
		asks:     []string{"Software Centre says failed when I try to install Teams.", "The install is stuck on downloading 0%.", "Software won't install from Software Centre."},
		subjects: []string{"Install failed", "Software Centre stuck", "Can't install software"},
		weight:   1.5,
	}},
	errTitle: "Software Centre error codes",
	errors: []errorCode{
		{"0x87D00607", "Content not found", "The laptop cannot reach the server that holds the installer, often because it is outside the office without VPN.", "installing an app", []string{
			"Connect to NorthGate VPN or come into the office.", "Click **Retry**."}},
		{"0x80070070", "Not enough disk space", "The disk is too full to unpack the installer.", "installing Power BI", []string{
			"Free at least 10 GB (see *Your laptop is slow* for how).", "Click **Retry**."}},
		{"0x87D01106", "Installation failed", "The installer itself failed, often because an older version is still there.", "updating an application", []string{
			"Uninstall the old version from **Settings > Apps**.", "Restart and install again.", "If it still fails, raise a ticket with the code; we check the install log."}},
	},
	faqs: []faq{
		{"Why can't I install software myself?", "Normal accounts have no admin rights, which blocks most malware. Software Centre installs approved software for you without them."},
		{"How long does an install take?", "Usually a few minutes. Large packages such as AutoCAD can take an hour over the VPN; leave the laptop switched on."},
		{"Can I install browser extensions?", "Only those on the approved list, which Chrome and Edge show as allowed. Ask for others through **Request > New software**."},
	},
	checks: []string{
		"Install log (AppEnforce.log): exit code 1603, older version present. Removed it remotely and reinstalled.",
		"Deployment targeted at the wrong collection. Added the user to the app's install group.",
		"Packaging request created for Security review.",
	},
}

var licenceArea = area{
	category: "Software/Licences", team: teamEndpoint, system: "licensed software", topic: "software licences", weight: 22, effort: 12,
	busy: months{time.April: 1.3},
	tags: []string{"licence", "software"},
	guides: []guide{{
		key:   "lic-request",
		title: "Request a licence for paid software (Adobe, Visio, Project, AutoCAD)",
		intro: "Paid software is installed from Software Centre but needs a licence assigned to you first. Licences are charged to your department, so your manager approves them.",
		steps: []string{
			"In Software Centre, find the application; paid ones show **Request** instead of **Install**.",
			"Click **Request**, choose the licence type if asked (for example *Acrobat Standard* or *Acrobat Pro*) and give a short reason.",
			"Your manager gets an approval e-mail. Remind them if it takes more than a day.",
			"Once approved, the button changes to **Install**, usually within an hour.",
		},
		ref: &reference{title: "Licence costs per year", rows: [][]string{
			{"Software", "Cost", "Notes"},
			{"Adobe Acrobat Standard", "£140", "Edit and sign PDFs"},
			{"Adobe Acrobat Pro", "£220", "Adds redaction and compare"},
			{"Microsoft Visio", "£170", "Diagrams"},
			{"Microsoft Project", "£290", "Project planning"},
			{"AutoCAD LT", "£480", "Facilities and engineering only"},
		}},
		asks: []string{
			"I need an Adobe Acrobat Pro licence to edit PDFs.", "Can I have a Visio licence please?", "How do I get a licence for Microsoft Project?",
			"My manager said I can have Adobe, how do I request it?",
		},
		subjects: []string{"Adobe licence request", "Visio licence", "Software licence", "Licence request"},
		weight:   2,
	}},
	issues: []issue{{
		key:      "lic-unlicensed",
		title:    "An application says it is unlicensed or in trial mode",
		intro:    "If Acrobat, Visio or another paid application suddenly shows *Unlicensed product* or a trial countdown, the licence is no longer reaching your account.",
		symptoms: []string{"A banner says *Unlicensed product*.", "Acrobat asks you to *start a free trial*.", "Editing features are greyed out."},
		causes: []cause{
			{"you are signed in to the application with another account", []string{
				"In the application, open **Help > Sign out** (or **File > Account**), then sign in again with your work e-mail address.",
			}},
			{"your licence was reclaimed after 90 days without use", []string{
				"Request it again in Software Centre; previous approvals make it quicker.",
			}},
			{"the licence was removed when you changed department", []string{
				"Ask your new manager to approve a new request; licences follow the cost centre.",
			}},
		},
		asks:     []string{"Visio is saying unlicensed product.", "Acrobat wants me to start a free trial, I had Pro before.", "My Project licence seems to have expired."},
		subjects: []string{"Unlicensed product", "Licence expired", "Adobe asking for trial"},
	}},
	faqs: []faq{
		{"Why was my licence removed?", "Licences unused for 90 days go back to the pool so departments don't pay for shelfware. You get a warning e-mail a week before."},
		{"Can I use my personal Adobe subscription on my work laptop?", "No. Sign in only with your work account, so that files stay in Northwind storage and the licence is covered by our agreement."},
		{"Who pays for the licence?", "Your department's cost centre, monthly. The approval request shows the cost to your manager."},
	},
}

var updateArea = area{
	category: "Software/Updates", team: teamEndpoint, system: "Windows Update", weight: 15, effort: 3,
	busy: months{time.February: 1.2, time.October: 1.3},
	tags: []string{"updates", "patching"},
	guides: []guide{{
		key:   "upd-install",
		title: "Install Windows updates and restart on time",
		intro: "Security updates arrive on the second Tuesday of each month. You have seven days to restart at a time that suits you; after that, the laptop restarts itself at 20:00.",
		steps: []string{
			"When the notification appears, click **Schedule restart** and choose a time, or **Restart now** if you are ready.",
			"To check yourself, open **Settings > Windows Update** and click **Check for updates**.",
			"Save your work and restart. Updates take 5 to 20 minutes; keep the charger plugged in.",
			"After the restart, check that Windows Update says **You're up to date**.",
		},
		notes:    []string{"Shutting down with the lid closed does not install updates. Use **Restart** from the Start menu."},
		asks:     []string{"My laptop keeps nagging me to restart for updates, can I postpone?", "How do I install the updates it keeps asking about?", "Laptop says my organisation will restart my device, what does that mean?"},
		subjects: []string{"Windows updates", "Restart required", "Update notification"},
	}},
	issues: []issue{{
		key:      "upd-stuck",
		title:    "Updates stuck, failing or restarting in a loop",
		intro:    "Most stuck updates sort themselves out with patience and power. Do not switch the laptop off while it says *Working on updates*.",
		symptoms: []string{"The screen shows *Working on updates 30%* for more than an hour.", "Windows Update shows *Install error - 0x800f0922*.", "The laptop restarts over and over."},
		causes: []cause{
			{"the update is still installing", []string{
				"Leave the laptop on the charger for up to two hours.", "Do not hold the power button while the percentage is moving.",
			}},
			{"the download was corrupted", []string{
				"Open **Settings > System > Troubleshoot > Other troubleshooters** and run **Windows Update**.",
				"Restart and click **Check for updates** again.",
			}},
			{"the laptop cannot reach the update server", []string{
				"Connect to the office network or NorthGate VPN and retry.",
				"If the error persists, raise a ticket with the error code.",
			}},
		},
		asks:     []string{"My laptop has been stuck on working on updates for 2 hours.", "Windows update keeps failing with an error.", "Laptop keeps restarting itself after the update."},
		subjects: []string{"Update stuck", "Windows update failed", "Restart loop"},
	}},
	faqs: []faq{
		{"Why do I have to restart so often?", "Most security fixes only take effect after a restart. One restart a week keeps you protected and keeps the laptop fast."},
		{"Can I skip an update?", "You can postpone it for up to seven days, not skip it. Updates that fix actively exploited flaws may be forced sooner; we warn you by e-mail."},
		{"Do updates install when I'm on the VPN?", "Yes, security updates download over the internet directly. Only large application upgrades wait for the office network."},
	},
}
