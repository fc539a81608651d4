package demo

import "time"

// endpointAreas: printing, scanning, laptops, docks and peripherals.
func endpointAreas() []area {
	return []area{printerArea, scanArea, laptopArea, dockArea, peripheralArea}
}

var printerArea = area{
	category: "Printing/Printers", team: teamEndpoint, system: "PrintHub", weight: 40, effort: 3,
	busy: months{time.March: 1.1, time.December: 1.15},
	tags: []string{"printing", "printhub"},
	guides: []guide{{
		key:   "print-followme",
		title: "Print with PrintHub FollowMe (secure printing)",
		intro: "All office printers at Northwind use PrintHub FollowMe: you print to one queue, walk to any printer and release the job with your badge. Nothing is printed until you are standing there, so confidential documents no longer sit in the tray.",
		steps: []string{
			"Print as usual and choose the printer **NW-FollowMe**. It is installed on every Northwind laptop.",
			"Go to any office printer, at any site.",
			"Tap your badge on the reader next to the screen. The first time, the printer asks for your network user name and password to link the badge.",
			"Select your jobs on the screen and tap **Print**. Tap **Print all** to release everything.",
		},
		notes: []string{
			"Jobs wait for 24 hours, then they are deleted.",
			"Label and barcode printers in the warehouses are not on PrintHub; they print directly from StockPilot.",
		},
		asks: []string{
			"How do I print to the new printers? I sent it but nothing came out.", "How does the badge printing work?",
			"I'm visiting the Birmingham office, how do I print there?", "Can't find my printer in the list, only NW-FollowMe.",
		},
		subjects: []string{"How to print", "FollowMe printing", "Printing with badge", "Printer setup"},
		weight:   1.5,
	}, {
		key:   "print-add-mac",
		title: "Add the NW-FollowMe printer on a Mac",
		intro: "Windows laptops get NW-FollowMe automatically. On a Mac, add it once from Self Service.",
		steps: []string{
			"Open **Self Service** and install **PrintHub Client**.",
			"Sign in to the client with your network user name and password when it asks.",
			"Print from any app and choose **NW-FollowMe**.",
			"Release the job at a printer with your badge.",
		},
		asks:     []string{"How do I add the printer on my MacBook?", "Printing from a Mac doesn't work, NW-FollowMe isn't in the list."},
		subjects: []string{"Printer on Mac", "Mac printing"},
		weight:   0.4,
	}},
	issues: []issue{{
		key:   "print-not-printing",
		title: "Your print job does not come out",
		intro: "You printed, tapped your badge, and the printer shows nothing, or the job stays on the screen and never prints.",
		symptoms: []string{
			"The printer screen says *No jobs found* after you tap your badge.", "The job shows on the screen but the printer does nothing.",
			"The printer says *Badge not recognised*.",
		},
		causes: []cause{
			{"the job was sent to another printer than NW-FollowMe", []string{
				"On your laptop, open **Settings > Bluetooth & devices > Printers & scanners** and set **NW-FollowMe** as default.",
				"Remove old printers with names such as `LDS-2F-MFP01`; they no longer exist.",
				"Print again.",
			}},
			{"your badge is not linked to your account", []string{
				"Tap the badge, choose **Log in manually** and enter your network user name and password.",
				"The printer offers to link the badge: tap **Yes**.",
			}},
			{"the printer is out of paper, toner or has a jam", []string{
				"Check the printer's screen for a message and follow the animation to clear the jam.",
				"Release the job at another printer meanwhile: FollowMe works at all of them.",
				"Report empty toner on the IT portal with the printer name on its label; we keep spares at every site.",
			}},
		},
		asks: []string{
			"I've sent stuff to print but nothing comes out when I tap my badge.", "The printer says no jobs found.",
			"Printer on the first floor isn't printing my documents.", "My badge doesn't work on the printer since I got a new one.",
		},
		subjects: []string{"Printer not printing", "Print jobs not showing", "Badge not recognised at printer", "printing problem"},
		weight:   3,
	}},
	faqs: []faq{
		{"Can I print in colour?", "Yes: choose **Colour** in the print dialogue. Colour costs five times more than black and white and is reported per department, so use it when it matters."},
		{"Can I print from my phone?", "Yes, e-mail the document from your work mailbox to print@northwind.example. It appears in your FollowMe queue within a minute."},
		{"Where do I get toner or paper?", "Paper is in the stationery cupboard at each site. For toner, raise a ticket with the printer's name (on the sticker on its front); the site's IT contact replaces it."},
	},
	checks: []string{
		"PrintHub console: job received, waiting for release. Badge not linked. Walked the user through manual login.",
		"Printer BHM-GF-MFP02 reports toner empty. Replacement fitted by site IT.",
		"User printing to an old direct queue (LDS-2F-MFP01). Removed it and set NW-FollowMe as default.",
	},
}

var scanArea = area{
	category: "Printing/Scanning", team: teamEndpoint, system: "PrintHub", weight: 10, effort: 4,
	tags: []string{"scanning", "printhub"},
	guides: []guide{{
		key:   "scan-to-me",
		title: "Scan a document to your e-mail or NorthDrive",
		intro: "Every office printer scans. With **Scan to Me**, the file goes straight to your own mailbox; with **Scan to NorthDrive**, to a Scans folder in your NorthDrive.",
		steps: []string{
			"Tap your badge on the printer to log in.",
			"Tap **Scan to Me** or **Scan to NorthDrive**.",
			"Put the pages face up in the feeder, or face down on the glass for a single page.",
			"Change the settings if needed: colour, double-sided, file type (PDF by default).",
			"Press **Start**. The file arrives within two minutes.",
		},
		notes:    []string{"Scans of more than 50 pages are split into several files."},
		asks:     []string{"How do I scan something to myself?", "How can I scan a contract to PDF?", "Where do scans go on the new printers?"},
		subjects: []string{"How to scan", "Scan to email", "Scanning documents"},
	}},
	issues: []issue{{
		key:      "scan-not-arriving",
		title:    "Scans do not arrive in your mailbox",
		intro:    "The printer says the scan was sent, but nothing arrives.",
		symptoms: []string{"The printer shows *Scan complete* but no e-mail arrives.", "Scans used to work and stopped."},
		causes: []cause{
			{"the scan landed in Junk or was quarantined", []string{
				"Look in your **Junk Email** folder for a message from `scanner@northwind.example`.",
				"Right-click it and choose **Never block sender**.",
			}},
			{"the file was bigger than the mail limit", []string{
				"Scan in black and white at 200 dpi, or use **Scan to NorthDrive** for long documents.",
			}},
		},
		asks:     []string{"My scans aren't coming through to my email.", "Scanned a document 20 minutes ago and still nothing in my inbox."},
		subjects: []string{"Scan not received", "Scan to email not working"},
	}},
}

var laptopArea = area{
	category: "Hardware/Laptops", team: teamEndpoint, system: "Northwind laptop", topic: "laptops", weight: 45, effort: 16,
	busy: months{time.March: 1.3, time.September: 1.2},
	tags: []string{"laptop", "hardware"},
	guides: []guide{{
		key:   "laptop-bitlocker",
		title: "Find your BitLocker recovery key",
		intro: "Northwind laptops are encrypted with BitLocker. After a firmware update or a hardware change, the laptop may ask for a 48-digit recovery key at start-up. You can look it up yourself from another device.",
		steps: []string{
			"Note the **Key ID** shown on the blue BitLocker screen (the first 8 characters are enough).",
			"On your phone or another computer, go to **https://myaccount.northwind.example/devices** and sign in.",
			"Select your laptop (its name starts with your site code, for example `LDS-LT-`) and click **View BitLocker keys**.",
			"Check that the Key ID matches, then type the 48 digits on the laptop. The numbers are grouped by 6; the laptop moves on by itself.",
		},
		notes: []string{"If the laptop asks for the key at every start, raise a ticket: its security chip needs resetting."},
		asks: []string{
			"My laptop is asking for a BitLocker recovery key.", "Blue screen asking for a 48 digit key after the update, what do I do?",
			"Laptop says enter the recovery key to get going again.",
		},
		subjects: []string{"BitLocker recovery key", "Laptop asking for recovery key", "BitLocker screen"},
		weight:   1.5,
	}, {
		key:   "laptop-replace",
		title: "Report a broken laptop or request a replacement",
		intro: "Laptops are replaced every four years, or earlier when they break. Accidental damage is covered: tell us honestly what happened and you will get a loan laptop the same day at most sites.",
		steps: []string{
			"Raise a **Hardware fault** request on the IT portal with the laptop's asset tag (sticker underneath, `NW-` and 6 digits).",
			"Describe what happened and attach a photo of any damage.",
			"If you can, copy anything not already in NorthDrive onto NorthDrive now.",
			"Collect the loan or replacement laptop from your site's IT room, or we post it to your home address in PeopleFirst.",
			"Hand back the old laptop and its charger: we wipe it securely.",
		},
		notes: []string{"Spilled a drink? Switch the laptop off straight away, unplug it, turn it upside down and do not try to charge it."},
		asks: []string{
			"My laptop screen is cracked, can I get a new one?", "I spilled coffee on my laptop and now the keyboard doesn't work.",
			"My laptop is really old and slow, am I due a replacement?", "The hinge on my laptop has snapped.",
		},
		subjects: []string{"Broken laptop", "Laptop replacement", "Cracked screen", "Damaged laptop"},
		weight:   1.5,
	}},
	issues: []issue{{
		key:      "laptop-wont-start",
		title:    "Laptop does not turn on or does not charge",
		intro:    "Before you book a repair, these checks bring most laptops back to life.",
		symptoms: []string{"Nothing happens when you press the power button.", "The charging light does not come on.", "The laptop starts, then shuts down after a few seconds."},
		causes: []cause{
			{"the battery is completely drained", []string{
				"Plug in the original charger (USB-C, 65 W) directly, not through the dock, and wait 15 minutes.",
				"Press and hold the power button for 20 seconds, then press it once.",
			}},
			{"the laptop is stuck in a frozen state", []string{
				"Unplug everything, hold the power button for 30 seconds, plug the charger back in and start it.",
			}},
			{"the charger or the battery has failed", []string{
				"Try a colleague's charger of the same type.",
				"If it still does not start, raise a hardware fault with the asset tag; we swap the laptop.",
			}},
		},
		asks:     []string{"My laptop won't turn on at all.", "Laptop not charging, the light doesn't come on.", "Laptop dead this morning, was fine last night."},
		subjects: []string{"Laptop won't turn on", "Laptop not charging", "Dead laptop"},
		weight:   1.5,
	}, {
		key:      "laptop-slow",
		title:    "Your laptop is slow",
		intro:    "A slow laptop is usually a busy laptop: updates installing, too many browser tabs, or a nearly full disk.",
		symptoms: []string{"Apps take minutes to open.", "The fan runs all the time.", "Typing lags behind."},
		causes: []cause{
			{"the laptop has not been restarted for days", []string{
				"Restart it (not just close the lid). Windows finishes pending updates during the restart.",
				"Restart at least once a week.",
			}},
			{"the disk is almost full", []string{
				"Open **Settings > System > Storage** and check the free space.",
				"Turn on **Files On-Demand** in NorthDrive so files stay in the cloud until you open them.",
				"Empty the Downloads folder and the Recycle Bin.",
			}},
			{"too many programs start with Windows", []string{
				"Press **Ctrl+Shift+Esc**, open **Startup apps** and disable what you do not need.",
				"Close browser tabs you are not using: each one can take 300 MB of memory.",
			}},
		},
		asks:     []string{"My laptop is incredibly slow today.", "Everything takes ages to load on my laptop.", "Laptop is really sluggish, can someone look at it?"},
		subjects: []string{"Slow laptop", "Laptop performance", "Laptop very slow"},
	}},
	faqs: []faq{
		{"Can I take my laptop abroad?", "Yes, for work trips to most countries. Tell the Service Desk before travelling outside the UK and EU, as some countries need an export licence for encrypted laptops."},
		{"Can I install my own software on my laptop?", "Only from Software Centre. For something not listed, request it on the IT portal; we check the licence and security first."},
		{"Can I use my laptop for personal things?", "Reasonable personal use is fine, such as checking the news at lunch. Keep personal files off it: they are not backed up and are wiped when the laptop is replaced."},
	},
	runbooks: []guide{{
		key:    "rb-reimage",
		title:  "Rebuilding a laptop with Autopilot",
		intro:  "For Workplace & Endpoint technicians: a laptop with a broken Windows, or being handed to a new user.",
		before: []string{"The user's data is in NorthDrive (check with the user before wiping).", "The laptop is in the Autopilot device list with the right group tag."},
		steps: []string{
			"In Device Management, find the laptop by asset tag and check its group tag (`NW-STD`, `NW-WH` for warehouses, `NW-DEV`).",
			"Click **Wipe** and choose **Do not retain user data**.",
			"After the restart, connect the laptop to NW-Corp or a desk port; Autopilot starts on its own.",
			"Sign in with the user's account (or a technician account for a stock laptop) and wait for **Device setup** to finish, about 40 minutes.",
			"Check Software Centre for failed installs and that BitLocker shows **On**.",
			"Update the asset record with the new owner.",
		},
		notes: []string{"Never wipe a laptop under legal hold: check the asset record's **Hold** field first."},
	}},
	checks: []string{
		"Asset NW-204481, 4.5 years old, past refresh date. Ordered a replacement T14.",
		"Remote session: 97% disk full, 40 GB in Downloads. Cleared with the user.",
		"Liquid damage confirmed by the site technician. Loan laptop issued.",
	},
}

var dockArea = area{
	category: "Hardware/Monitors and docks", team: teamEndpoint, system: "USB-C dock", weight: 15, effort: 6,
	tags: []string{"dock", "monitor"},
	guides: []guide{{
		key:   "dock-setup",
		title: "Set up a dock and two monitors at a hot desk",
		intro: "Hot desks have a USB-C dock with two monitors, keyboard and mouse plugged in. One cable to the laptop does everything, including charging.",
		steps: []string{
			"Plug the dock's USB-C cable into the laptop port marked with a lightning or a screen symbol.",
			"Wait 10 seconds: the monitors wake up and the laptop starts charging.",
			"Press **Windows+P** and choose **Extend** if the screens show the same picture.",
			"Open **Settings > System > Display** and drag the screens so they match how they sit on the desk.",
		},
		notes:    []string{"Close the lid to use only the monitors, or keep it open as a third screen."},
		asks:     []string{"How do I get both monitors working at the hot desk?", "How do I extend my screen to the second monitor?", "First time at a hot desk, how do I connect my laptop?"},
		subjects: []string{"Dual monitors setup", "Hot desk monitors", "Extend display"},
	}},
	issues: []issue{{
		key:      "dock-no-display",
		title:    "Monitors stay black when the laptop is on the dock",
		intro:    "If the monitors say *No signal* when you plug in, the laptop and the dock are not talking to each other.",
		symptoms: []string{"Monitors show *No signal*.", "Only one of the two monitors works.", "The laptop charges but the screens stay black."},
		causes: []cause{
			{"the cable is in the wrong laptop port", []string{
				"Move the cable to the other USB-C port, the one marked with a lightning or screen symbol.",
			}},
			{"the dock needs resetting", []string{
				"Unplug the dock's power cable for 30 seconds, plug it back in and reconnect the laptop.",
			}},
			{"the dock firmware is out of date", []string{
				"Open Software Centre and install **Dock Firmware Update**, with the laptop connected to the dock.",
				"Do not unplug during the update.",
			}},
		},
		asks:     []string{"The monitors aren't working when I plug into the dock.", "Only one screen works at my desk.", "Docking station not detecting my screens."},
		subjects: []string{"Monitors not working", "Dock no display", "Second screen not detected"},
		weight:   1.5,
	}},
}

var peripheralArea = area{
	category: "Hardware/Peripherals", team: teamEndpoint, system: "peripherals", weight: 20, effort: 12,
	tags: []string{"peripherals", "hardware"},
	guides: []guide{{
		key:   "periph-request",
		title: "Request a headset, keyboard, mouse or other accessory",
		intro: "Standard accessories are free for your department and come from the site IT stock. Special equipment recommended by an assessment goes through Health & Safety.",
		steps: []string{
			"Open the IT portal and choose **Request > Accessories**.",
			"Pick the item: wired or wireless headset, keyboard, mouse, USB-C adapter, laptop stand, webcam.",
			"Say where you work (site and desk, or home).",
			"Collect it from the site IT room when you get the notification, usually within two working days; home workers get it by post.",
		},
		ref: &reference{title: "Standard accessories", rows: [][]string{
			{"Item", "Model", "Approval"},
			{"Headset", "Jabra Evolve2 (wired or wireless)", "None"},
			{"Keyboard and mouse", "Logitech wireless set", "None"},
			{"Webcam", "Logitech C920", "None"},
			{"Ergonomic mouse or keyboard", "Varies", "Health & Safety assessment"},
			{"Second monitor for home", "24-inch", "Line manager"},
		}},
		asks:     []string{"Can I get a new headset? Mine has stopped working.", "I need a wireless keyboard and mouse please.", "How do I order a USB-C to HDMI adapter?"},
		subjects: []string{"Headset request", "New keyboard and mouse", "Accessory request"},
		weight:   1.5,
	}},
	issues: []issue{{
		key:      "periph-headset",
		title:    "Headset or USB device not recognised",
		intro:    "When a USB headset, mouse or other device is not recognised, try these simple steps before requesting a replacement.",
		symptoms: []string{"Windows shows *USB device not recognised*.", "The headset lights up but no sound.", "The wireless mouse stops moving every few seconds."},
		causes: []cause{
			{"the USB port or hub is the problem", []string{
				"Plug the device straight into the laptop instead of the dock or a hub.", "Try another port.",
			}},
			{"the wireless receiver is too far or the battery is low", []string{
				"Move the receiver to a front port or use the extension cable supplied.", "Change or charge the battery.",
			}},
			{"the device is faulty", []string{
				"Test it on another computer.", "If it fails there too, request a replacement under **Request > Accessories**.",
			}},
		},
		asks:     []string{"My headset isn't being recognised by the laptop.", "Wireless mouse keeps freezing.", "USB device not recognised error every time I plug in my headset."},
		subjects: []string{"Headset not working", "Mouse not working", "USB device not recognised"},
	}},
}
