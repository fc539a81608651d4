package demo

import "time"

// messagingAreas: e-mail, calendars, shared mailboxes, Teams and meetings.
func messagingAreas() []area {
	return []area{mailboxArea, calendarArea, sharedMailboxArea, chatArea, meetingsArea}
}

var mailboxArea = area{
	category: "Email/Mailbox", team: teamMessaging, system: "Outlook", topic: "e-mail", weight: 50, effort: 2,
	busy: months{time.August: 1.15, time.December: 1.1},
	tags: []string{"email", "outlook"},
	guides: []guide{{
		key:   "mail-phone",
		title: "Set up your Northwind e-mail on a phone",
		intro: "Use the Outlook app, on a company phone or on your own: it keeps work mail in a protected container. The built-in Mail apps are blocked.",
		steps: []string{
			"Install **Microsoft Outlook** from the App Store or Google Play.",
			"Open it, tap **Add account** and enter your work e-mail address.",
			"Sign in with your network password and approve in NW Verify.",
			"On a personal phone, Outlook asks you to install **Company Portal** and set a PIN. Follow the prompts; we only manage the work apps, never your photos or messages.",
			"Allow notifications when asked.",
		},
		notes: []string{"Teams and NorthDrive sign in on their own once Outlook is set up."},
		asks: []string{
			"How do I get my work emails on my phone?", "I want to add my Northwind email to my new iPhone.",
			"Can I get work email on my personal Android phone?",
		},
		subjects: []string{"Email on phone", "Work email on mobile", "Outlook on my phone"},
		weight:   1.5,
	}, {
		key:   "mail-ooo",
		title: "Turn on your out-of-office reply",
		intro: "Set an automatic reply before you go on leave, so people know who to contact. You can schedule it in advance and send different messages inside and outside Northwind.",
		steps: []string{
			"In Outlook on Windows, click **File > Automatic Replies**. In Outlook on the web, go to **Settings > Mail > Automatic replies**.",
			"Choose **Send automatic replies** and tick **Only send during this time range**.",
			"Set the start and end dates.",
			"Write the message for people inside Northwind, with who to contact while you are away.",
			"On the **Outside my organisation** tab, write a shorter message, without phone numbers or travel details.",
			"Click **OK**.",
		},
		notes: []string{"Forgot before leaving? Outlook on your phone can do it too: **Settings > your account > Automatic replies**."},
		asks: []string{
			"How do I set up an out of office?", "I'm going on holiday tomorrow, how do I put an auto reply on?",
			"Can you turn on my out-of-office? I'm already on leave and can't get to my laptop.",
		},
		subjects: []string{"Out of office", "Auto reply", "OOO setup"},
	}},
	issues: []issue{{
		key:   "mail-not-receiving",
		title: "Outlook is not sending or receiving e-mail",
		intro: "If new messages stop arriving or yours stay in the Outbox, check these causes, from the most common.",
		symptoms: []string{
			"The status bar at the bottom of Outlook says *Disconnected* or *Working offline*.",
			"Messages sit in the **Outbox** in italics.", "Colleagues say they sent you something that never arrived.",
		},
		causes: []cause{
			{"Outlook is set to work offline", []string{
				"On the **Send / Receive** tab, check that **Work Offline** is not highlighted; click it to switch it off.",
				"Press **F9** to send and receive.",
			}},
			{"your mailbox is full", []string{
				"Look at the mailbox size under **File > Info**. Above 49 GB, Outlook stops sending.",
				"Empty **Deleted Items** and delete large attachments from **Sent Items**.",
				"See *Your mailbox is almost full* for the archive option.",
			}},
			{"the Outlook profile is damaged", []string{
				"Close Outlook and open Outlook on the web at https://mail.northwind.example. If mail works there, the problem is the desktop app.",
				"Open **Control Panel > Mail > Show Profiles**, add a new profile, and set it as the default.",
				"Open Outlook; it downloads your mailbox again, which can take an hour.",
			}},
		},
		asks: []string{
			"I'm not receiving any emails since this morning.", "My emails are stuck in the outbox and won't send.",
			"Outlook says disconnected and nothing is coming in.", "People say they emailed me but I haven't got anything.",
		},
		subjects: []string{"Not receiving emails", "Emails stuck in outbox", "Outlook disconnected", "email not working"},
		weight:   2.5,
	}, {
		key:   "mail-full",
		title: "Your mailbox is almost full",
		intro: "Mailboxes hold 50 GB. From 45 GB you get a warning; at 49 GB Outlook stops sending. Archiving keeps old mail searchable without counting against the limit.",
		symptoms: []string{
			"A yellow bar in Outlook says *Your mailbox is almost full*.",
			"You receive an e-mail from *Microsoft Outlook* about mailbox size.", "Messages bounce back with *552 Mailbox full*.",
		},
		causes: []cause{
			{"large attachments take most of the space", []string{
				"In Outlook, search with `size:>10MB` to list big messages.",
				"Save attachments you need to NorthDrive, then delete the messages.",
				"Empty **Deleted Items**: right-click it and choose **Empty Folder**.",
			}},
			{"old mail has never been archived", []string{
				"Ask for **Online Archive** on the IT portal: it is free and gives a second 100 GB mailbox.",
				"Once it appears in Outlook, mail older than two years moves there on its own.",
			}},
		},
		asks: []string{
			"Outlook says my mailbox is full, what can I delete?", "I'm getting warnings that my mailbox is almost full.",
			"Can I get more space in my mailbox?",
		},
		subjects: []string{"Mailbox full", "Mailbox size warning", "Need more mailbox space"},
	}},
	errTitle: "E-mail bounce messages (NDRs) explained",
	errors: []errorCode{
		{"550 5.1.1", "Recipient address rejected: user unknown", "The address you wrote to does not exist: a typo, or the person has left.", "sending an email to a customer", []string{
			"Check the spelling of the address.", "Ask the recipient for their current address."}},
		{"552 5.2.2", "Mailbox full", "The recipient's mailbox is full.", "emailing a colleague", []string{
			"Send again later, or use Teams to warn the recipient."}},
		{"550 5.7.1", "Delivery not authorised", "You are not allowed to send to that address, usually a restricted distribution list.", "sending to the all-staff list", []string{
			"Ask the owner of the list for permission.", "For company-wide announcements, contact Internal Communications."}},
		{"554 5.6.211", "Message too large", "The message with its attachments is larger than 35 MB.", "sending a big attachment", []string{
			"Share the file from NorthDrive as a link instead of attaching it."}},
	},
	faqs: []faq{
		{"How big can attachments be?", "35 MB per message, inside and outside Northwind. For anything bigger, share a link from NorthDrive."},
		{"How do I recall a message I sent by mistake?", "In Outlook on Windows, open the sent message and choose **Message > Actions > Recall This Message**. It only works inside Northwind and only if the recipient has not opened it; otherwise send a short correction."},
		{"Can I forward my work e-mail to my personal address?", "No. Automatic forwarding outside Northwind is blocked to protect customer data. Use the Outlook app on your phone instead."},
	},
	checks: []string{
		"Message trace: mail delivered to the mailbox, Outlook profile not syncing. Rebuilt the profile remotely.",
		"Mailbox at 49.6 GB. Enabled Online Archive.",
		"Outlook on the web works, desktop stuck offline.",
	},
}

var calendarArea = area{
	category: "Email/Calendar", team: teamMessaging, system: "Outlook calendar", weight: 20, effort: 2,
	tags: []string{"calendar", "outlook"},
	guides: []guide{{
		key:   "cal-share",
		title: "Share your calendar or open a colleague's",
		intro: "Everyone at Northwind can see when you are free or busy. To let someone see the details, or manage your meetings, share your calendar with more rights.",
		steps: []string{
			"In Outlook, go to the calendar, right-click **Calendar** in the folder list and choose **Sharing permissions**.",
			"Click **Add**, choose the person and pick a level: **Can view all details**, **Can edit** or **Delegate**.",
			"Click **OK**. They receive an invitation to open your calendar.",
			"To open someone else's, click **Add calendar > From address book** and choose them.",
		},
		notes: []string{"Delegates can accept meetings on your behalf; give it only to assistants who manage your diary."},
		asks: []string{
			"How do I share my calendar with my assistant?", "I need to see my manager's calendar, how do I add it?",
			"Can you give my PA edit access to my calendar?",
		},
		subjects: []string{"Share calendar", "Calendar access", "Open colleague's calendar"},
		weight:   1.5,
	}, {
		key:   "cal-rooms",
		title: "Book a meeting room in Outlook",
		intro: "Every meeting room has its own calendar. Add the room to the meeting like a person: if it is free, it accepts automatically.",
		steps: []string{
			"Create a new meeting in Outlook.",
			"Click **Room Finder** (or **Rooms** in Outlook on the web) and pick the building and floor.",
			"Choose a room that shows as available and add it.",
			"Send the invitation. The room replies with an acceptance within a minute.",
		},
		notes:    []string{"Rooms release automatically if nobody checks in on the panel outside within 15 minutes of the start."},
		asks:     []string{"How do I book a meeting room?", "The meeting room didn't accept my booking, how do rooms work?", "Where do I find the room list for Birmingham?"},
		subjects: []string{"Book meeting room", "Room booking", "Meeting room calendar"},
	}},
	issues: []issue{{
		key:   "cal-missing",
		title: "Meetings are missing, duplicated or at the wrong time",
		intro: "Calendars get out of step when a phone and the laptop disagree, or when someone else edits your meetings.",
		symptoms: []string{
			"A meeting shows twice.", "A meeting you accepted has disappeared.",
			"Meetings show one hour early or late after travelling.",
		},
		causes: []cause{
			{"a delegate or an old phone changed your meetings", []string{
				"Check **Sharing permissions** on your calendar and remove people who should not edit it.",
				"Remove your work account from old phones and tablets.",
			}},
			{"the time zone of the laptop or phone is wrong", []string{
				"In Windows, open **Settings > Time & language** and turn on **Set time zone automatically**.",
				"In Outlook, check **File > Options > Calendar > Time zones**.",
			}},
			{"the Outlook cache is out of date", []string{
				"Check the calendar in Outlook on the web. If it is right there, close Outlook.",
				"Right-click the calendar, choose **Properties > Clear Offline Items**, then reopen Outlook.",
			}},
		},
		asks: []string{
			"Meetings keep disappearing from my calendar.", "All my meetings are showing twice in Outlook.",
			"My calendar is showing everything an hour out since I got back from Spain.",
		},
		subjects: []string{"Calendar meetings missing", "Duplicate meetings", "Calendar wrong time"},
	}},
}

var sharedMailboxArea = area{
	category: "Email/Shared mailboxes and lists", team: teamMessaging, system: "Outlook", weight: 22, effort: 6,
	tags: []string{"shared-mailbox", "distribution-list"},
	guides: []guide{{
		key:    "smb-add",
		title:  "Open a shared mailbox in Outlook",
		intro:  "Team addresses such as `bookings@`, `customs@` or `payroll@` are shared mailboxes. Once you have access, Outlook adds them under your own mailbox within an hour.",
		before: []string{"Access to the mailbox, requested in AccessHub and approved by its owner."},
		steps: []string{
			"Restart Outlook about an hour after your access is approved; the mailbox appears in the folder list.",
			"If it does not, click **File > Account Settings > Account Settings**, select your account and click **Change > More Settings > Advanced**.",
			"Click **Add**, type the shared mailbox name (for example `bookings`) and click **OK**.",
			"In Outlook on the web, right-click **Folders** and choose **Add shared folder or mailbox**.",
		},
		asks: []string{
			"I've been given access to the bookings mailbox but I can't see it in Outlook.", "How do I add the customs shared mailbox?",
			"I need access to the payroll@ mailbox please.",
		},
		subjects: []string{"Shared mailbox access", "Add shared mailbox", "Can't see shared mailbox"},
		weight:   1.5,
	}, {
		key:   "dl-request",
		title: "Request a distribution list or change its members",
		intro: "Distribution lists send one e-mail to a group. Each list has an owner who manages the members.",
		steps: []string{
			"To join or leave a list, open Outlook on the web, go to **Groups > Discover** and search for it. Owners approve requests.",
			"To create a list, fill in the **New distribution list** form on the IT portal: name, owner, members, and whether people outside Northwind may write to it.",
			"To find out who owns a list, open it in the address book and look at **Owner**.",
		},
		notes: []string{"Lists that write to all staff at a site are managed by Internal Communications."},
		asks: []string{
			"Can you create a distribution list for the night shift supervisors?", "Please add me to the Felixstowe-customs list.",
			"Who owns the transport-planning email group?",
		},
		subjects: []string{"New distribution list", "Add me to email group", "Distribution list owner"},
	}},
	issues: []issue{{
		key:      "smb-sent-items",
		title:    "Mail sent from a shared mailbox does not appear in its Sent Items",
		intro:    "By default, Outlook saves a message you send from a shared address in *your* Sent Items, so your colleagues cannot see it was answered.",
		symptoms: []string{"Replies sent as `bookings@` only show in your own Sent Items.", "Colleagues answer the same customer twice."},
		causes: []cause{
			{"the shared mailbox is not set to keep a copy of sent mail", []string{
				"Raise a ticket naming the shared mailbox; Messaging turns on **Save sent items in the shared mailbox**.",
				"It applies to everyone who uses the mailbox from then on.",
			}},
			{"you send from your own address with the shared one in From by hand", []string{
				"Add the shared mailbox as a separate account instead, as in *Open a shared mailbox in Outlook*.",
			}},
		},
		asks: []string{
			"When I send from the bookings mailbox it goes into my own sent items.", "The team can't see what I've sent from the shared inbox.",
		},
		subjects: []string{"Shared mailbox sent items", "Sent items from shared mailbox"},
		weight:   0.8,
	}},
	checks: []string{"Granted Full Access and Send As on the shared mailbox after owner approval in AccessHub."},
}

var chatArea = area{
	category: "Collaboration/Chat and channels", team: teamMessaging, system: "Microsoft Teams", weight: 22, effort: 2,
	tags: []string{"teams", "chat"},
	guides: []guide{{
		key:   "teams-create",
		title: "Create a team or a channel in Microsoft Teams",
		intro: "A team is for a group that works together over time, with its own files; a channel is a topic inside a team. Before creating a team, check whether a channel in an existing one would do.",
		steps: []string{
			"In Teams, click **Teams > Join or create a team > Create team**.",
			"Choose **From scratch**, then **Private** (members only) or **Public** (anyone at Northwind can join).",
			"Name it following the convention `Site - Department - Purpose`, for example `BHM - Goods In - Rota`.",
			"Add at least one other owner so the team survives holidays and leavers.",
			"To add a channel, click **...** next to the team name and choose **Add channel**.",
		},
		notes:    []string{"Teams with no activity for 12 months are archived; owners get a warning 30 days before."},
		asks:     []string{"How do I create a new team in Teams for my department?", "Can I make a private channel for the managers?", "Can you set up a Teams team for our project?"},
		subjects: []string{"Create new team", "Teams channel", "New Teams team request"},
	}},
	issues: []issue{{
		key:   "teams-signin",
		title: "Teams will not sign in or keeps showing an old status",
		intro: "Teams keeps a local cache. When it gets out of date, Teams loops on sign-in, shows yesterday's messages or a status that never changes.",
		symptoms: []string{
			"Teams shows *We're sorry - we've run into an issue*.", "Your status stays *Away* while you are working.",
			"New chat messages arrive on your phone but not on the laptop.",
		},
		causes: []cause{
			{"the Teams cache is damaged", []string{
				"Right-click the Teams icon in the taskbar and choose **Quit**.",
				"Press **Windows+R**, type `%appdata%\\Microsoft\\Teams` and delete the contents of that folder.",
				"Start Teams again and sign in.",
			}},
			{"you are signed in to an old guest account", []string{
				"Click your picture at the top right and check which organisation is selected: it should be **Northwind Logistics**.",
				"Switch organisation if needed.",
			}},
		},
		asks: []string{
			"Teams won't let me sign in, it just says we've run into an issue.", "My Teams status is always away even when I'm working.",
			"Teams on my laptop isn't showing new messages.",
		},
		subjects: []string{"Teams not working", "Teams sign in problem", "Teams status stuck"},
		weight:   2,
	}},
	faqs: []faq{
		{"Can I chat with people outside Northwind in Teams?", "Yes, with people whose companies use Teams too: search for their e-mail address. Guests can also be added to a team by its owner, after approval."},
		{"How long are Teams chats kept?", "Chats and channel messages are kept for three years, then deleted automatically, in line with our retention policy."},
		{"Can I record a Teams meeting?", "Yes, if you organise it or present in it. Tell the attendees first; recordings are saved to NorthDrive and expire after 120 days."},
	},
}

var meetingsArea = area{
	category: "Collaboration/Meetings and rooms", team: teamMessaging, system: "RoomLink", weight: 18, effort: 3,
	tags: []string{"meetings", "rooms", "audio-visual"},
	guides: []guide{{
		key:   "room-join",
		title: "Start a Teams meeting from a RoomLink meeting room",
		intro: "Meeting rooms with a RoomLink touch panel join Teams meetings in one tap, with the room's camera, microphone and screen.",
		steps: []string{
			"Book the room in the meeting invitation so the meeting shows on the panel.",
			"On the touch panel on the table, tap **Join** next to your meeting.",
			"To share your screen, join the meeting from your laptop too, with **audio off**, and click **Share**.",
			"For a meeting not booked with the room, tap **Join with an ID** and type the meeting ID and passcode from the invitation.",
			"Tap **End meeting** on the panel when you finish.",
		},
		notes:    []string{"Joining from your laptop with sound on in the same room causes echo. Always choose **Audio off** on the laptop."},
		asks:     []string{"How do I use the screen in the meeting room for a Teams call?", "How do I join a Teams meeting from the room panel?", "We've got a client call in the boardroom, how does the RoomLink thing work?"},
		subjects: []string{"Meeting room screen", "RoomLink help", "Teams meeting in room"},
		weight:   1.3,
	}},
	issues: []issue{{
		key:      "meet-audio",
		title:    "No sound or microphone in Teams meetings",
		intro:    "If people cannot hear you, or you cannot hear them, Teams is usually using another device than the one you think.",
		symptoms: []string{"Others say *we can't hear you*.", "You hear nothing although the meeting is running.", "The headset works in other apps but not in Teams."},
		causes: []cause{
			{"Teams is using the wrong speaker or microphone", []string{
				"In the meeting, click **More > Settings > Device settings**.",
				"Pick your headset under both **Speaker** and **Microphone**.",
				"Use **Make a test call** from Teams settings before important meetings.",
			}},
			{"the microphone is blocked by Windows privacy settings", []string{
				"Open **Settings > Privacy & security > Microphone**.",
				"Turn on **Let desktop apps access your microphone**.",
			}},
			{"the headset is faulty or not charged", []string{
				"Try it on your phone. If it fails there too, request a replacement on the IT portal.",
			}},
		},
		asks:     []string{"Nobody can hear me in Teams meetings.", "I can't hear anything in Teams calls but YouTube works.", "My headset mic doesn't work in Teams."},
		subjects: []string{"No audio in Teams", "Microphone not working", "Can't hear in meetings"},
		weight:   2,
	}},
	checks: []string{"RoomLink panel in BHM-Boardroom offline since the power cut. Rebooted remotely, back online."},
}
