package demo

import "time"

// accessAreas: AccessHub requests, admin rights and shared-folder permissions.
func accessAreas() []area {
	return []area{appAccessArea, adminRightsArea, folderAccessArea}
}

var appAccessArea = area{
	category: "Access/Application access", team: teamIAM, system: "AccessHub", weight: 110, effort: 16,
	busy: months{time.January: 1.2, time.September: 1.5},
	tags: []string{"access-request", "accesshub"},
	guides: []guide{{
		key:   "access-request",
		title: "Request access to an application in AccessHub",
		intro: "AccessHub (access.northwind.example) is where you ask for access to applications, shared mailboxes, Teams sites and folders. Your manager approves, sometimes the application owner too, and access is granted automatically.",
		steps: []string{
			"Go to **https://access.northwind.example** and sign in.",
			"Click **Request access** and search for the application, for example `RouteMaster` or `Ledgerline`.",
			"Choose the role you need. The description says what each role can do; if in doubt, pick the smallest.",
			"Write a short business reason: approvers reject empty ones.",
			"Click **Submit**. You can follow the request under **My requests**.",
			"Once it shows **Granted**, sign out of the application and in again, or wait 30 minutes.",
		},
		notes: []string{
			"Requests not approved within 10 working days expire. Remind your approver, or ask for the request to be reassigned if they are away.",
			"Requesting for a new starter? Use the joiner form instead, see *Request IT for a new starter*.",
		},
		asks: []string{
			"I need access to RouteMaster for my new role.", "Can I get access to Ledgerline please? My manager has agreed.",
			"How do I request access to the finance Power BI reports?", "I need access to StockPilot for the Daventry site.",
			"Please can I have access to the customs shared drive and the CargoTrack app?",
		},
		subjects: []string{"Access request", "Need access to RouteMaster", "Access to Ledgerline", "Application access", "System access please"},
		weight:   3,
	}, {
		key:   "access-approve",
		title: "Approve or reject access requests as a manager",
		intro: "When someone in your team asks for access, you get an e-mail from AccessHub. Approving takes a minute; please do it within two working days so your team is not blocked.",
		steps: []string{
			"Open the e-mail and click **Review request**, or go to **access.northwind.example > Approvals**.",
			"Check the role and the reason. Ask yourself whether the person needs it for their current job.",
			"Click **Approve** or **Reject**. A rejection needs a short comment, which the requester sees.",
			"Going on leave? Under **Settings > Delegate approvals**, name someone to approve in your absence.",
		},
		asks:     []string{"How do I approve an access request for my team member?", "I got an email from AccessHub asking me to approve something, where do I do it?", "Can I delegate my approvals while I'm on holiday?"},
		subjects: []string{"How to approve access request", "AccessHub approval", "Delegate approvals"},
	}},
	issues: []issue{{
		key:      "access-still-denied",
		title:    "Access was approved but the application still refuses you",
		intro:    "AccessHub says **Granted**, yet the application shows *access denied*. Access takes a moment to travel to every system, and applications only read it when you sign in.",
		symptoms: []string{"The application shows *SIGN-415: You don't have access to this application*.", "The menu you need is missing.", "AccessHub shows **Granted** but nothing changed."},
		causes: []cause{
			{"the application still uses your old sign-in session", []string{
				"Sign out of the application and close the browser.", "Wait 30 minutes after the approval, then sign in again.",
			}},
			{"you were given a different role from the one you need", []string{
				"In AccessHub, open **My access** and check the role name.", "Request the right role; mention the earlier request number.",
			}},
			{"the application needs a local account as well", []string{
				"Some applications (Ledgerline, RouteMaster) need the application team to set up your profile after access is granted. Reply to your ticket and we pass it on.",
			}},
		},
		asks:     []string{"My access to Ledgerline was approved yesterday but it still says access denied.", "AccessHub says granted but I can't see the reports.", "Still can't get into RouteMaster even though my manager approved it."},
		subjects: []string{"Access approved but not working", "Still access denied", "Access granted but can't log in"},
		weight:   1.5,
	}},
	faqs: []faq{
		{"How long does an access request take?", "Usually one to two working days: your manager approves, then access is granted within the hour. Requests that need the application owner too can take up to five days."},
		{"Can I request access on behalf of someone else?", "Managers can, under **Request for someone else**. Colleagues can't: ask the person to request it themselves."},
		{"My manager is on leave. Who approves my request?", "Their delegate if they set one; otherwise ask the Service Desk to reassign the approval to your manager's manager."},
		{"Why was my access removed?", "Access is reviewed every six months by managers and application owners. If you still need it, request it again and mention the review."},
	},
	runbooks: []guide{{
		key:   "rb-access-stuck",
		title: "Processing an AccessHub request stuck in provisioning",
		intro: "For Identity & Access. A request approved more than two hours ago but still in **Provisioning** needs a hand.",
		steps: []string{
			"Open the request in AccessHub admin and look at the **Provisioning log**.",
			"If the target group exists and the error is a timeout, click **Retry provisioning**.",
			"If the user is not found in the target system (Ledgerline, RouteMaster), create the local profile from the role template and retry.",
			"If the role's group was renamed or deleted, fix the role mapping under **Catalogue > Roles** and retry.",
			"Add an internal note with what you changed and tell the requester to sign out and in.",
		},
	}},
	checks: []string{
		"Request approved by the manager, waiting for the application owner.",
		"Provisioning failed on the RouteMaster connector (timeout). Retried, now granted.",
		"User added to the role group. Ledgerline profile created from the Planner template.",
		"Waiting for the line manager to approve in AccessHub.",
	},
}

var adminRightsArea = area{
	category: "Access/Admin rights", team: teamIAM, system: "Admin on Demand", weight: 15, effort: 8,
	tags: []string{"admin-rights", "privileged-access"},
	guides: []guide{{
		key:    "admin-on-demand",
		title:  "Get temporary admin rights with Admin on Demand",
		intro:  "Developers, engineers and a few other roles sometimes need to be administrators of their own laptop. Admin on Demand grants it for 60 minutes at a time, logged, after a one-off approval.",
		before: []string{"A one-off approval: request the role **Local admin (on demand)** in AccessHub. Your manager and Security approve it."},
		steps: []string{
			"Right-click the Admin on Demand icon in the system tray and choose **Request admin session**.",
			"Type the reason, for example the name of the tool you are installing.",
			"Approve the NW Verify prompt on your phone.",
			"For the next 60 minutes, Windows accepts your own password at admin prompts.",
			"Click **End session** when you are done.",
		},
		notes:    []string{"Everything you do in an admin session is logged. Installing unapproved software breaks the acceptable use policy."},
		asks:     []string{"I need admin rights to install a driver for the label printer.", "Can I get admin access on my laptop? I'm a developer.", "How do I use Admin on Demand?"},
		subjects: []string{"Admin rights request", "Local admin access", "Admin on Demand"},
	}},
	faqs: []faq{
		{"Why can't I be an administrator all the time?", "Most attacks need admin rights to do damage. Time-limited sessions give you what you need while keeping that risk small."},
		{"Who can get Admin on Demand?", "People whose job needs it: developers, engineers, some finance and warehouse systems roles. Everyone else can install what they need from Software Centre."},
		{"My admin session ended halfway through an install. What now?", "Start a new session and run the installer again; most installers resume. Sessions cannot be extended beyond 60 minutes."},
	},
}

var folderAccessArea = area{
	category: "Access/Shared folders", team: teamInfra, system: "file shares", weight: 35, effort: 12,
	tags: []string{"shared-folder", "permissions"},
	guides: []guide{{
		key:   "folder-request",
		title: "Request access to a shared folder",
		intro: "Team folders on the S: and T: drives belong to a folder owner, usually a manager in that team. Access is requested in AccessHub and approved by the owner.",
		steps: []string{
			"Find the folder's full path, for example `S:\\Finance\\Month End\\2025`. Ask a colleague who already has access if you are unsure.",
			"In AccessHub, choose **Request access > Shared folder** and paste the path.",
			"Choose **Read** or **Modify**.",
			"The owner approves; you can open the folder within 30 minutes. Restart File Explorer if it still says access denied.",
		},
		asks:     []string{"I need access to the Finance month end folder on the S drive.", "Can you give me access to S:\\Transport\\Rotas?", "How do I get into the HR shared folder?"},
		subjects: []string{"Shared folder access", "Access to S drive folder", "Folder permissions"},
		weight:   2,
	}},
	issues: []issue{{
		key:      "folder-denied",
		title:    "Access denied on a folder you used to open",
		intro:    "If a folder you used every day now says *Access is denied*, something changed with your permissions or the folder.",
		symptoms: []string{"File Explorer shows *You don't currently have permission to access this folder*.", "Files open read-only.", "The folder has disappeared from the drive."},
		causes: []cause{
			{"the folder owner reviewed access and removed you", []string{
				"Ask the folder owner; its owner is shown under **Properties > Security > Owner** of the parent folder.",
				"Request access again in AccessHub.",
			}},
			{"you changed team and your old groups were removed", []string{
				"Your new manager requests the folders you still need through AccessHub.",
			}},
			{"the folder was moved or archived", []string{
				"Check for a shortcut named `MOVED - see ...` in the old location.", "Archived folders are read-only under `S:\\Archive`.",
			}},
		},
		asks:     []string{"I'm getting access denied on the Rotas folder, I had access last week.", "Suddenly can't open the team folder on the S drive.", "The Customs folder has disappeared from my T drive."},
		subjects: []string{"Access denied on folder", "Lost access to shared folder", "Folder missing"},
	}},
	checks: []string{"User removed in last quarter's access review by the folder owner. Owner re-approved in AccessHub.", "Added to the Modify group on the folder after owner approval."},
}
