package demo

import "time"

// networkAreas: NorthGate VPN, Wi-Fi and the wired office network.
func networkAreas() []area {
	return []area{vpnArea, wifiArea, officeNetworkArea}
}

var vpnArea = area{
	category: "Network/VPN", team: teamNetwork, system: "NorthGate VPN", weight: 60, effort: 2, urgency: 0.3,
	busy: months{time.January: 1.2, time.February: 1.1, time.December: 0.8},
	tags: []string{"vpn", "remote-work"},
	guides: []guide{{
		key:    "vpn-install-windows",
		title:  "Install and connect NorthGate VPN on a Windows laptop",
		intro:  "NorthGate VPN connects your Northwind laptop to the company network from home, a hotel or a customer site. You need it for RouteMaster, the network drives and anything else that is not on the internet. Outlook, Teams and NorthDrive work without it.",
		before: []string{"A Northwind laptop (personal computers cannot connect).", "Your network password and NW Verify on your phone.", "Any working internet connection."},
		steps: []string{
			"Open **Software Centre** from the Start menu, find **NorthGate VPN** and click **Install**. Most laptops already have it.",
			"Click the NorthGate icon (a small shield) in the system tray near the clock.",
			"The portal is filled in for you: `vpn.northwind.example`. Click **Connect**.",
			"Sign in with your work e-mail address and password, then approve the NW Verify request.",
			"Wait for the shield to turn green and show **Connected**. It picks the nearest gateway (UK-North, UK-South or EU-Lyon) by itself.",
		},
		notes: []string{
			"Hotel and train Wi-Fi often need you to accept terms in a browser first. Open any website, accept, then connect the VPN.",
			"Disconnect when you finish for the day; the client reconnects on its own after a restart only if you were connected.",
		},
		asks: []string{
			"How do I set up the VPN on my laptop? I'm working from home next week.", "Where do I get the VPN from? I can't see it on my laptop.",
			"I need VPN access to get to the S: drive from home.", "First time working remotely, how do I connect to the company network?",
		},
		subjects: []string{"VPN setup", "How to connect to VPN", "VPN install", "Working from home - VPN"},
		weight:   1.5,
	}, {
		key:   "vpn-install-mac",
		title: "Set up NorthGate VPN on a Mac",
		intro: "Design, marketing and some managers use MacBooks. NorthGate VPN works the same way as on Windows, with one extra approval the first time.",
		steps: []string{
			"Open **Self Service** from the Applications folder and install **NorthGate VPN**.",
			"When macOS says *System Extension Blocked*, open **System Settings > Privacy & Security** and click **Allow** next to NorthGate.",
			"Click the shield icon in the menu bar and choose **Connect**.",
			"Sign in with your work e-mail address and password and approve in NW Verify.",
			"The shield turns green when you are connected.",
		},
		notes: []string{"If the **Allow** button does nothing, restart the Mac and try again: macOS only shows it for 30 minutes after the install."},
		asks: []string{
			"How do I install the VPN on my MacBook?", "The VPN install on my Mac says system extension blocked, what do I do?",
			"I have a Mac and can't find the VPN client.",
		},
		subjects: []string{"VPN on Mac", "MacBook VPN setup", "System extension blocked"},
		weight:   0.5,
	}},
	issues: []issue{{
		key:   "vpn-wont-connect",
		title: "NorthGate VPN does not connect",
		intro: "Most VPN problems come down to three things: the internet connection in front of the VPN, your password, or an old client. Check them in this order.",
		symptoms: []string{
			"The client stays on *Connecting...* and then shows *Gateway not responding*.",
			"You see *Authentication failed* right after typing your password.",
			"The shield icon is grey and clicking **Connect** does nothing.",
		},
		causes: []cause{
			{"the internet connection in front of the VPN is not working", []string{
				"Open a public website such as a news site. If it does not load, the problem is your Wi-Fi or broadband, not the VPN.",
				"On hotel or guest Wi-Fi, accept the terms page in the browser first.",
				"Try your phone's hotspot to rule out the home router.",
			}},
			{"your password expired or your account is locked", []string{
				"Sign in to **https://apps.northwind.example** in a browser. If that fails too, reset or unlock with Passport.",
				"After a reset, lock and unlock Windows with the new password before connecting the VPN.",
			}},
			{"the VPN client is out of date", []string{
				"Open **Software Centre > Updates** and install the NorthGate VPN update if one is listed.",
				"Restart the laptop and connect again.",
			}},
		},
		notes: []string{"Several colleagues affected at the same time? Check https://status.northwind.example before raising a ticket: it may already be a known incident."},
		asks: []string{
			"The VPN won't connect, it just keeps saying connecting.", "I can't connect to the VPN from home today.",
			"NorthGate keeps failing with authentication failed even though my password is right.", "VPN not working, I can't get to RouteMaster.",
		},
		subjects: []string{"VPN not connecting", "Can't connect to VPN", "VPN authentication failed", "VPN problem"},
		weight:   3,
	}, {
		key:   "vpn-drops",
		title: "VPN keeps disconnecting or is very slow",
		intro: "If NorthGate connects but drops every few minutes, or file copies crawl, the cause is usually the connection underneath it.",
		symptoms: []string{
			"The shield flips between green and orange.", "Teams calls freeze while the VPN is connected.",
			"Opening files on the S: drive takes minutes.",
		},
		causes: []cause{
			{"your Wi-Fi signal is weak or crowded", []string{
				"Move closer to the router or use a network cable.", "Stop large downloads or streaming on the same connection.",
			}},
			{"the VPN sends Teams and Outlook traffic through the gateway", []string{
				"Check that the client is version 6.2 or later (**About** in the shield menu); older versions do not split Microsoft 365 traffic.",
				"Update from Software Centre if needed and reconnect.",
			}},
			{"the laptop is connected to the wrong gateway", []string{
				"In the shield menu choose **Gateway > Best available** rather than a fixed gateway.",
				"If you are in France, choose **EU-Lyon**.",
			}},
		},
		asks: []string{
			"My VPN keeps dropping every 10 minutes.", "The VPN is really slow, takes ages to open anything on the shared drive.",
			"Teams calls keep freezing when I'm on the VPN.",
		},
		subjects: []string{"VPN keeps disconnecting", "VPN slow", "VPN dropping"},
	}},
	errTitle: "NorthGate VPN error codes",
	errors: []errorCode{
		{"GW-408", "Gateway not responding", "The client reached the internet but no gateway answered in time, usually because of a blocked network or a gateway incident.", "connecting to the VPN", []string{
			"Check https://status.northwind.example for an incident.", "Try another network, such as your phone's hotspot."}},
		{"AUTH-401", "Authentication failed", "The gateway rejected your user name or password.", "logging in to the VPN", []string{
			"Check that you can sign in at apps.northwind.example.", "Reset or unlock your account with Passport if needed, then connect again."}},
		{"CERT-495", "Device certificate missing or expired", "The laptop's device certificate, which proves it is a Northwind laptop, is missing or expired.", "starting the VPN", []string{
			"Connect to NW-Corp Wi-Fi or a desk port in an office for 15 minutes so the certificate renews.", "If you cannot get to an office, raise a ticket: Network can renew it remotely."}},
		{"CLI-112", "Client version not supported", "Your NorthGate client is too old for the gateways.", "connecting", []string{
			"Install the update from Software Centre > Updates.", "Restart the laptop."}},
	},
	faqs: []faq{
		{"Can I use NorthGate VPN on my personal computer?", "No. Only Northwind laptops can connect, because the VPN checks a device certificate. From a personal device, use the web apps at apps.northwind.example, which need no VPN."},
		{"Do I need the VPN for Outlook and Teams?", "No. Outlook, Teams and NorthDrive work over the internet. You need the VPN for RouteMaster, StockPilot, Ledgerline and the network drives."},
		{"Can I stay connected all day?", "Yes. The VPN disconnects you after 12 hours; just connect again."},
		{"Does the VPN work abroad?", "Yes, from most countries. Sign-ins from countries where Northwind has no operations are blocked; ask the Service Desk for a travel exception three days before you leave."},
	},
	runbooks: []guide{{
		key:   "rb-vpn-health",
		title: "Checking NorthGate VPN gateway health before troubleshooting a user",
		intro: "For Network and Service Desk agents. When VPN tickets arrive in a cluster, check the gateways first: troubleshooting laptops one by one during an incident wastes everyone's time.",
		steps: []string{
			"Open the NorthGate management console and look at **Gateways**: UK-North, UK-South and EU-Lyon should be green with fewer than 1,500 sessions each.",
			"Check **Certificates**: every gateway certificate should have more than 14 days left.",
			"Look at the authentication graph: a sudden drop in successful logins with normal traffic points at the identity provider, not the VPN.",
			"If a gateway is red, declare a major incident in the on-call channel and post the status page update.",
			"If all is green, troubleshoot the user's laptop: client version, device certificate, local network.",
		},
		code: &snippet{intro: "Quick check from the admin jump host:", lang: "bash", src: "nwgate status --all\nnwgate certs --expiring 14d\nnwgate sessions --user j.smith --last 24h"},
	}},
	checks: []string{
		"Gateway logs: repeated AUTH-401 for this user since 08:12, password expired yesterday.",
		"User on client 5.9, below the supported version. Pushed the update from Software Centre.",
		"All gateways green, no incident. Issue is the user's home router (works on phone hotspot).",
		"Device certificate expired last week. Renewed remotely.",
	},
}

var wifiArea = area{
	category: "Network/Wi-Fi", team: teamNetwork, system: "Northwind Wi-Fi", weight: 30, effort: 2,
	busy: months{time.September: 1.4},
	tags: []string{"wifi", "network"},
	guides: []guide{{
		key:   "wifi-corp",
		title: "Connect to the NW-Corp Wi-Fi network",
		intro: "NW-Corp is the staff Wi-Fi in every Northwind office and distribution centre. Northwind laptops join it automatically with a certificate; company phones join with your network password.",
		steps: []string{
			"On a Northwind laptop, click the Wi-Fi icon and choose **NW-Corp**. It connects without asking for anything.",
			"On a company phone, choose **NW-Corp**, set **EAP method** to **PEAP** and **CA certificate** to **Use system certificates**, with domain `northwind.example`.",
			"Enter your work e-mail address as the identity and your network password.",
			"Accept the certificate for `radius.northwind.example` if asked.",
		},
		notes: []string{"Personal phones and laptops are not allowed on NW-Corp. Use NW-Guest instead."},
		ref: &reference{title: "Which network to use", rows: [][]string{
			{"Network", "For", "How you sign in"},
			{"NW-Corp", "Northwind laptops and company phones", "Certificate or network password"},
			{"NW-Guest", "Visitors and personal devices", "Daily code from reception"},
			{"NW-Ops", "Handheld scanners and warehouse devices", "Managed by IT"},
		}},
		asks: []string{
			"How do I connect my work phone to the office Wi-Fi?", "What's the Wi-Fi password for the office?",
			"My laptop won't join NW-Corp since I came back from holiday.",
		},
		subjects: []string{"Wi-Fi password", "Connect to office Wi-Fi", "NW-Corp access"},
		weight:   1.5,
	}, {
		key:   "wifi-guest",
		title: "Wi-Fi for visitors and personal devices (NW-Guest)",
		intro: "Visitors, contractors and your own personal devices use NW-Guest. It gives internet access only, not the company network.",
		steps: []string{
			"Ask reception for today's access code, or look at the screen in the visitor area.",
			"Connect to **NW-Guest** and open any website; the welcome page appears.",
			"Enter the code and accept the terms. Access lasts until midnight.",
			"For events with many visitors, request event codes on the IT portal five working days before.",
		},
		asks: []string{
			"We have visitors tomorrow, how do they get on the Wi-Fi?", "What's the guest Wi-Fi code today?",
			"Can I get Wi-Fi for a supplier who is here all week?",
		},
		subjects: []string{"Guest Wi-Fi", "Wi-Fi for visitors", "NW-Guest code"},
	}},
	issues: []issue{{
		key:   "wifi-no-internet",
		title: "Connected to Wi-Fi but nothing loads",
		intro: "Your laptop says it is connected, yet websites and Outlook do not load. Work through these checks.",
		symptoms: []string{
			"Windows shows *No internet, secured* under the network name.", "Websites time out but Teams says it is reconnecting.",
			"It works for colleagues sitting next to you.",
		},
		causes: []cause{
			{"the laptop joined NW-Guest instead of NW-Corp", []string{
				"Click the Wi-Fi icon, disconnect from NW-Guest and choose **NW-Corp**.",
				"Right-click NW-Guest and choose **Forget** so the laptop does not pick it again.",
			}},
			{"the laptop kept an address from another network", []string{
				"Turn Wi-Fi off and on again.", "If it still fails, open a Command Prompt and run `ipconfig /release`, then `ipconfig /renew`.",
			}},
			{"the access point in that area is overloaded or down", []string{
				"Try another room or floor.", "Raise a ticket with your exact location (building, floor, nearest meeting room) so Network can check the access point.",
			}},
		},
		asks: []string{
			"My laptop says connected to Wi-Fi but no internet.", "Wi-Fi on the 2nd floor keeps dropping out.",
			"Nothing loads on the office Wi-Fi today but my phone is fine.",
		},
		subjects: []string{"Wi-Fi no internet", "Wi-Fi keeps dropping", "Office Wi-Fi not working"},
		weight:   2,
	}},
	faqs: []faq{
		{"Can I connect my personal phone to the office Wi-Fi?", "Yes, to NW-Guest, with the daily code from reception. NW-Corp is for Northwind devices only."},
		{"Why does the Wi-Fi ask me to sign in again after I change my password?", "Company phones sign in to NW-Corp with your network password. After a change, forget the network and join again with the new password, or your account may get locked."},
		{"Is there Wi-Fi in the warehouses?", "Yes. NW-Ops covers the warehouse floors for scanners and forklift terminals, and NW-Corp covers offices, canteens and meeting rooms."},
	},
	checks: []string{
		"Controller shows the client associating to AP-BHM-2F-07, which is overloaded at 64 clients. Raised with Network.",
		"Laptop was on NW-Guest. Moved it to NW-Corp.",
	},
}

var officeNetworkArea = area{
	category: "Network/Office connectivity", team: teamNetwork, system: "office network", weight: 12, effort: 4,
	tags: []string{"network", "lan"},
	guides: []guide{{
		key:   "net-flush-dns",
		title: "Refresh your network connection (flush DNS, renew IP address)",
		intro: "When some internal sites fail to load while others work, or after an office network change, refreshing the laptop's network settings fixes it more often than not.",
		steps: []string{
			"Save your work and close the VPN if it is connected.",
			"Open the Start menu, type `cmd` and choose **Command Prompt**.",
			"Run `ipconfig /flushdns`, then `ipconfig /release`, then `ipconfig /renew`.",
			"Restart the laptop and try the site again.",
		},
		code:  &snippet{intro: "The commands:", lang: "bat", src: "ipconfig /flushdns\nipconfig /release\nipconfig /renew"},
		notes: []string{"You don't need admin rights for these commands."},
		asks: []string{
			"Some internal websites won't load on my laptop but work for others.", "The intranet says site can't be reached, only for me.",
			"After the office move my laptop can't open RouteMaster.",
		},
		subjects: []string{"Intranet not loading", "Internal site can't be reached", "Network issue on my laptop"},
	}},
	issues: []issue{{
		key:   "net-desk-port",
		title: "No network on a desk or dock cable",
		intro: "In the offices, desk network ports are patched on request. A cable plugged into an unpatched port gives you nothing at all.",
		symptoms: []string{
			"Windows shows *Network cable unplugged* although a cable is plugged in.", "The network icon shows a globe with a no-entry sign.",
			"The dock's network light is off.",
		},
		causes: []cause{
			{"the desk port is not patched", []string{
				"Note the port label on the floor box or wall plate (for example `LDS-2-118`).",
				"Raise a ticket with that label; Network patches it, usually the same day.",
				"Use NW-Corp Wi-Fi meanwhile.",
			}},
			{"the cable or dock is faulty", []string{
				"Plug the cable straight into the laptop if it has a port, or swap the cable with a neighbour's.",
				"If it works without the dock, see the articles on docks and monitors.",
			}},
		},
		asks: []string{
			"The network cable at my desk doesn't work.", "I moved desks and there's no network through the dock.",
			"Hot desk 2-118 has no network connection.",
		},
		subjects: []string{"No network at desk", "Network port not working", "Desk cable no connection"},
	}},
	checks: []string{"Port LDS-2-118 not patched. Patched to the access switch, user confirmed link up."},
}
