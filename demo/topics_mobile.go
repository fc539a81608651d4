package demo

import "time"

// deviceAreas: phones and the warehouse handheld scanners.
func deviceAreas() []area {
	return []area{phoneArea, handheldArea}
}

var phoneArea = area{
	category: "Mobile/Smartphones", team: teamEndpoint, system: "Company Portal", topic: "phones", weight: 25, effort: 3,
	busy: months{time.September: 1.3, time.October: 1.2},
	tags: []string{"mobile", "phone"},
	guides: []guide{{
		key:   "phone-enrol",
		title: "Set up a new company phone",
		intro: "Company phones arrive enrolled in Northwind Device Management. Setting one up takes about 15 minutes; have your network password and your old phone nearby.",
		steps: []string{
			"Switch the phone on, choose your language and connect to Wi-Fi (NW-Guest or home Wi-Fi is fine).",
			"When the phone shows *Remote management*, sign in with your work e-mail address and password.",
			"Wait while the **Company Portal** app installs Outlook, Teams, NW Verify and NorthDrive.",
			"Set up NW Verify on the new phone before you reset the old one (see *Set up NW Verify on a new phone*).",
			"Transfer personal contacts and photos yourself; IT does not back them up.",
		},
		notes:    []string{"Return the old phone to your site IT room, with its charger. We wipe it and recycle it."},
		asks:     []string{"I've got my new work phone, how do I set it up?", "How do I set up the company iPhone I was sent?", "My phone upgrade has arrived, what do I need to do?"},
		subjects: []string{"New phone setup", "Company phone setup", "Mobile upgrade"},
		weight:   1.5,
	}, {
		key:   "phone-byod",
		title: "Use your own phone for work e-mail and Teams",
		intro: "You can use a personal phone for work apps. Northwind manages only the work apps and their data, not the phone: we cannot see your photos, messages or browsing.",
		steps: []string{
			"Install **Company Portal** from the App Store or Google Play and sign in with your work account.",
			"Accept the work profile (Android) or app protection (iPhone). Set a 6-digit PIN for work apps when asked.",
			"Install Outlook, Teams and NW Verify from Company Portal.",
			"Keep the phone's operating system up to date; phones more than two major versions behind lose access.",
		},
		notes:    []string{"If you leave Northwind or lose the phone, only the work apps are wiped."},
		asks:     []string{"Can I use my own phone for Teams and email?", "How do I get work stuff on my personal mobile without giving IT access to everything?"},
		subjects: []string{"Personal phone for work", "BYOD setup", "Own phone email"},
	}},
	issues: []issue{{
		key:      "phone-noncompliant",
		title:    "Company apps say your phone is not compliant",
		intro:    "Work apps check the phone's health. If a check fails, Outlook and Teams stop syncing until you fix it.",
		symptoms: []string{"Outlook shows *Your device doesn't meet the security requirements*.", "Company Portal shows a red status.", "Error *SIGN-204: Device not compliant* when signing in."},
		causes: []cause{
			{"the phone's operating system is out of date", []string{
				"Open the phone settings and install the latest system update.",
				"Open Company Portal and tap **Check status**.",
			}},
			{"the screen lock was removed or is too short", []string{
				"Set a PIN of at least 6 digits, or fingerprint or face unlock with a PIN.",
				"Tap **Check status** in Company Portal.",
			}},
			{"Company Portal has not checked in for weeks", []string{
				"Open Company Portal, sign in if asked and tap **Check status**.", "Leave the app open for a few minutes on Wi-Fi.",
			}},
		},
		asks:     []string{"Outlook on my phone says my device doesn't meet security requirements.", "My phone says not compliant and email stopped.", "Company Portal has a red cross, what do I need to do?"},
		subjects: []string{"Phone not compliant", "Device doesn't meet requirements", "Email stopped on phone"},
		weight:   1.5,
	}},
	faqs: []faq{
		{"Who pays if I break my company phone?", "Your department, through the device scheme. Accidents happen; report it quickly and be honest about what happened. Repeated damage is reviewed with your manager."},
		{"Can I get a company phone?", "Company phones are for roles that need to be reachable on the move: drivers, warehouse supervisors, sales and managers. Your line manager requests it on the IT portal."},
		{"What happens to my personal data if I leave?", "Nothing: only the work apps and their data are removed from a personal phone. A company phone is wiped completely when you return it."},
	},
}

var handheldArea = area{
	category: "Mobile/Handheld scanners", team: teamLogistics, system: "TC52 handheld", weight: 18, effort: 4, urgency: 0.4,
	busy: months{time.November: 1.4, time.December: 1.3},
	tags: []string{"handheld", "warehouse", "stockpilot"},
	guides: []guide{{
		key:   "handheld-login",
		title: "Start a shift on a TC52 handheld scanner",
		intro: "Handheld scanners are shared between shifts. Each operator signs in to StockPilot Mobile with their own badge so that every scan is recorded against the right person.",
		steps: []string{
			"Take a scanner from the charging rack; check the battery is above 80 %.",
			"Press the power button and wait for the StockPilot Mobile screen.",
			"Scan the barcode on the back of your badge, then enter your 4-digit PIN.",
			"Select your zone and task list.",
			"At the end of the shift, tap **Sign out** and put the scanner back in the rack.",
		},
		notes:    []string{"Never share your badge or PIN: picking errors are traced by operator."},
		asks:     []string{"How do I log into the new scanners?", "New starter in Goods In needs to know how to sign in to the handheld.", "Scanner won't take my badge to log in."},
		subjects: []string{"Scanner login", "Handheld sign in", "TC52 how to"},
	}},
	issues: []issue{{
		key:      "handheld-offline",
		title:    "Handheld scanner is offline or does not scan",
		intro:    "A scanner that shows *Offline* keeps your scans and sends them when it reconnects, but pick lists do not refresh. Fix it before the next wave.",
		symptoms: []string{"StockPilot Mobile shows *Offline - 12 scans queued*.", "The red scan beam comes on but nothing is read.", "The screen freezes on *Syncing*."},
		causes: []cause{
			{"the scanner lost the NW-Ops Wi-Fi in a dead spot", []string{
				"Walk to the end of the aisle or the marshalling area and wait 30 seconds.",
				"Pull down the top menu and check Wi-Fi is on and connected to **NW-Ops**.",
				"Report dead spots with the aisle number so Network can add an access point.",
			}},
			{"the scan window is dirty or the barcode is damaged", []string{
				"Clean the scan window with the cloth in the rack.", "Type the barcode number by hand with the **Keypad** button.",
			}},
			{"StockPilot Mobile has frozen", []string{
				"Hold the power button and choose **Restart**. Queued scans are kept.",
				"If it freezes again, swap the scanner and put this one on the faulty shelf with a label.",
			}},
		},
		asks:     []string{"My scanner keeps going offline in aisle 40.", "Handheld won't read any barcodes.", "Scanner stuck on syncing, can't get my pick list."},
		subjects: []string{"Scanner offline", "Handheld not scanning", "Scanner frozen"},
		weight:   2,
	}},
	runbooks: []guide{{
		key:   "rb-handheld-provision",
		title: "Re-provisioning a TC52 handheld scanner",
		intro: "For Logistics Systems and site IT. Use it for a scanner that keeps freezing, after a factory reset, or to move a scanner to another site.",
		steps: []string{
			"In Device Management, open the scanner by serial number and check its site and group (`HH-BHM`, `HH-DAV`, `HH-LIL`).",
			"Choose **Factory reset**. The scanner restarts into the setup screen.",
			"Scan the enrolment barcode for the site, printed in the IT room and on the intranet page *Scanner enrolment*.",
			"Wait for StockPilot Mobile and the NW-Ops Wi-Fi profile to install (about 10 minutes on the rack).",
			"Test: sign in with the test badge, scan the test label, sign out.",
			"Label the scanner with its site number and return it to the rack.",
		},
	}},
	checks: []string{
		"Controller shows no NW-Ops coverage in aisles 38-42 at Birmingham. Raised with Network for an extra AP.",
		"Scanner HH-BHM-117 freezing repeatedly. Re-provisioned, back in the rack.",
	},
}
