package demo

import "time"

// accountAreas: passwords, lockouts, MFA and single sign-on.
func accountAreas() []area {
	return []area{passwordArea, lockoutArea, mfaArea, ssoArea}
}

var passwordArea = area{
	category: "Accounts/Password reset", team: teamDesk, system: "Passport", weight: 130, effort: 0.3,
	busy: months{time.January: 1.45, time.April: 1.2, time.July: 1.15, time.October: 1.2},
	tags: []string{"password", "passport"},
	guides: []guide{{
		key:   "pwd-selfservice",
		title: "Reset your Northwind password with Passport",
		intro: "Passport is our self-service password tool. If you registered a mobile number or a personal e-mail address when you joined, you can reset a forgotten or expired password yourself, at any hour, without waiting for the Service Desk.",
		before: []string{
			"You registered for Passport (the registration prompt appears at your first sign-in).",
			"You have the phone or the personal mailbox you registered with you.",
		},
		steps: []string{
			"Go to **https://passport.northwind.example** from any browser, or click **Forgot password?** on the sign-in page.",
			"Enter your work e-mail address (for example `first.last@northwind.example`) and complete the picture check.",
			"Choose how to receive your verification code: text message or personal e-mail.",
			"Type the 6-digit code. It is valid for 10 minutes.",
			"Enter a new password twice. It must be at least 14 characters long and must not match any of your last 10 passwords.",
			"Click **Reset password**, then wait about a minute before signing in so the change reaches every system.",
		},
		notes: []string{
			"On a Windows laptop in the office, lock the screen (**Ctrl+Alt+Del > Lock**) and unlock it with the new password so Windows picks it up.",
			"Update the password on your phone in Outlook and Teams when they ask. Old saved passwords are the most common cause of lockouts.",
		},
		asks: []string{
			"I forgot my password and can't log in.", "I've forgotten my password after coming back from leave, can you reset it?",
			"My password has expired and I can't remember the old one to change it.", "Could you please reset my password? I can't get into anything.",
			"Need a password reset please, I've tried everything I can think of.",
		},
		subjects: []string{"Password reset", "Forgot password", "Reset my password please", "Can't log in - forgotten password", "password expired"},
		weight:   3,
	}, {
		key:   "pwd-change",
		title: "Change your password before it expires",
		intro: "Northwind passwords expire every 90 days. You get a reminder 14 days before; changing it early saves you from being locked out on a Monday morning.",
		steps: []string{
			"Save your work, then press **Ctrl+Alt+Del** and choose **Change a password**.",
			"Enter your current password, then the new one twice.",
			"If you are working remotely, connect to NorthGate VPN first so the laptop can reach a domain controller.",
			"Lock and unlock the laptop with the new password.",
			"On your phone, type the new password in Outlook, Teams and the NW-Corp Wi-Fi profile when they ask.",
		},
		ref: &reference{title: "Password rules", rows: [][]string{
			{"Rule", "Requirement"},
			{"Length", "At least 14 characters"},
			{"History", "Not one of your last 10 passwords"},
			{"Content", "Must not contain your name or user name"},
			{"Expiry", "Every 90 days, reminders from day 76"},
		}},
		notes: []string{"A passphrase, three unrelated words and a number, is easier to remember and strong enough."},
		asks: []string{
			"How do I change my password before it expires? I keep getting the reminder.",
			"I got a warning that my password expires in 3 days, how do I change it from home?",
			"Where do I change my password on my laptop?",
		},
		subjects: []string{"Password expiry reminder", "How to change password", "password expires soon"},
	}},
	issues: []issue{{
		key:   "pwd-not-accepted",
		title: "Your new password is not accepted",
		intro: "When Passport or Windows refuses a new password, the message rarely says why. These are the reasons we see most.",
		symptoms: []string{
			"Passport shows *The password does not meet the policy requirements*.",
			"Windows says *Unable to update the password*.",
			"The reset seems to work, but the new password is rejected at sign-in.",
		},
		causes: []cause{
			{"the new password is too short or contains your name", []string{
				"Use at least 14 characters.", "Leave out your first name, last name and user name, even inside a longer word.",
				"Try a passphrase: three random words and a number.",
			}},
			{"the password was used before", []string{
				"Pick something completely new: Passport remembers your last 10 passwords, including small variations such as a different number at the end.",
				"Avoid reusing a password from another site.",
			}},
			{"the change has not reached every system yet", []string{
				"Wait five minutes after the reset.", "Lock and unlock your laptop with the new password.",
				"If you work remotely, connect to NorthGate VPN first, then lock and unlock.",
			}},
		},
		asks: []string{
			"It won't accept my new password, it keeps saying it doesn't meet the requirements.",
			"I reset my password through Passport but the new one doesn't work.",
			"I'm trying to change my password and it keeps being rejected even though it's long enough.",
		},
		subjects: []string{"New password not accepted", "Password doesn't meet requirements", "password change not working"},
	}, {
		key:   "pwd-no-code",
		title: "Passport does not send a verification code",
		intro: "Passport needs to send you a code before it lets you reset your password. If the code never arrives, one of the following is usually to blame.",
		symptoms: []string{
			"The text message with the code never arrives.", "Passport says *No authentication methods registered*.",
			"The code arrives but Passport says *Code expired*.",
		},
		causes: []cause{
			{"the phone number in Passport is out of date", []string{
				"Call the Service Desk on ext. " + deskExt + " (" + deskPhone + "); the agent checks your identity and sets a one-time password.",
				"Once signed in, open **passport.northwind.example > My methods** and update your mobile number.",
			}},
			{"you never registered for Passport", []string{
				"Ask the Service Desk for a one-time password; we check your identity by video call or in person.",
				"Sign in and complete the registration prompt: add a mobile number and a personal e-mail address.",
			}},
			{"the text message is delayed or you asked for several codes", []string{
				"Wait two minutes and press **Send again** only once: every new request cancels the previous code.",
				"Choose the personal e-mail option instead of text message.",
			}},
		},
		asks: []string{
			"I'm trying to reset my password but Passport never sends me the code.",
			"Passport says I have no verification methods registered, how do I reset my password?",
			"Not getting the text message to reset my password, I changed phones last month.",
		},
		subjects: []string{"Not receiving reset code", "Passport code not arriving", "Can't reset password - no SMS"},
	}},
	faqTitle: "Passwords: frequently asked questions",
	faqs: []faq{
		{"How often do I have to change my password?", "Every 90 days. Passport and Windows remind you 14 days before the expiry date. Shared warehouse devices follow different rules, managed by IT."},
		{"Can the Service Desk tell me my current password?", "No. Nobody at Northwind can see your password, and we will never ask you for it. We can only set a new one after checking who you are."},
		{"Do I need to change my password on my phone as well?", "Yes. Outlook, Teams and the NW-Corp Wi-Fi on your phone keep using the old password until you type the new one, and a phone that keeps trying the old one will lock your account after 10 attempts."},
		{"Can I use the same password for PeopleFirst and my laptop?", "You don't need a separate one: PeopleFirst, SpendWise and most company applications use Northwind Sign-In, so your network password is the only one you need. Never reuse it on websites outside the company."},
	},
	runbooks: []guide{{
		key:    "rb-pwd-reset",
		title:  "Resetting a user's password after an identity check",
		intro:  "For Service Desk agents, when a user cannot use Passport. An identity check comes first, every time: password resets are the favourite trick of social engineers.",
		before: []string{"Role **Helpdesk Operator** in the Directory Admin Console.", "The user's record open in PeopleFirst, to see their registered mobile number and badge photo."},
		steps: []string{
			"Verify identity: ask for the employee number, then call the user back on the mobile number held in PeopleFirst, or hold a video call and compare with the badge photo.",
			"Never reset on the strength of an e-mail from a personal address or a call from an unknown number.",
			"Open **Directory Admin Console > Users**, search the user and choose **Reset password**.",
			"Tick **User must change password at next sign-in** and generate a one-time password.",
			"Give the one-time password over the verified channel only, never by e-mail or chat.",
			"Add an internal note to the ticket with the identity check you used.",
		},
		notes: []string{"A manager asking on behalf of a team member is not an identity check. Call the user."},
	}},
	checks: []string{
		"Identity checked by call-back to the mobile number in PeopleFirst. One-time password set.",
		"Passport audit log: three failed code attempts this morning, then a successful reset.",
		"User not registered in Passport. Reset done after a video identity check, asked them to register.",
	},
}

var lockoutArea = area{
	category: "Accounts/Account lockout", team: teamDesk, system: "Northwind directory", weight: 55, effort: 0.3,
	busy: months{time.January: 1.35, time.April: 1.15, time.October: 1.15},
	tags: []string{"lockout", "account"},
	guides: []guide{{
		key:   "lockout-selfunlock",
		title: "Unlock your account yourself",
		intro: "After 10 wrong passwords in 15 minutes your account locks for 30 minutes. You don't have to wait, and you don't have to call us: Passport unlocks it in a minute.",
		steps: []string{
			"On your phone or any computer, open **https://passport.northwind.example**.",
			"Choose **Unlock my account** and enter your work e-mail address.",
			"Type the verification code you receive by text message or personal e-mail.",
			"Sign in with your current password: unlocking does not change it.",
			"If you don't remember the password either, choose **Reset password** instead.",
		},
		notes: []string{"If you get locked again within the hour, something is still using an old password. See *Your account keeps getting locked out*."},
		asks: []string{
			"My account is locked, can you unlock it please?", "Please unlock my account, I typed my password wrong too many times.",
			"It says my account is locked out. How do I get back in?",
		},
		subjects: []string{"Account locked", "Please unlock my account", "locked out", "Unlock account"},
		weight:   2,
	}},
	issues: []issue{{
		key:   "lockout-repeat",
		title: "Your account keeps getting locked out",
		intro: "If your account locks again and again, even right after an unlock, a device somewhere is still trying an old password. Find it and the lockouts stop.",
		symptoms: []string{
			"Sign-in says *Your account has been locked*.", "You get locked out again shortly after being unlocked.",
			"Outlook on your phone keeps asking for your password.",
		},
		causes: []cause{
			{"your phone or tablet still has the old password saved", []string{
				"On your phone, open Outlook and Teams and sign in again with the new password.",
				"Forget the **NW-Corp** Wi-Fi network and reconnect with the new password.",
				"Switch off any old phone or tablet that still has your work account, or remove the account from it.",
			}},
			{"a mapped drive or saved credential on your laptop uses the old password", []string{
				"Open **Control Panel > Credential Manager > Windows Credentials**.",
				"Remove the entries that mention `northwind` or `nwfs`.",
				"Restart the laptop and sign in with your current password.",
			}},
			{"someone else is trying to sign in as you", []string{
				"Tell the Service Desk straight away: we check where the failed attempts come from.",
				"If they come from outside Northwind, Security Operations resets your password and reviews your MFA methods with you.",
			}},
		},
		asks: []string{
			"My account keeps getting locked every morning.", "I've been locked out of my account 3 times today, please help.",
			"Account locked again!! I only changed my password yesterday.", "I'm locked out of my laptop again, it says the account is locked.",
		},
		subjects: []string{"Account keeps locking", "Locked out again", "Repeated lockouts", "account locked AGAIN"},
		weight:   2,
	}},
	runbooks: []guide{{
		key:   "rb-unlock",
		title: "Unlocking an AD account in the admin console",
		intro: "For Service Desk agents. Use it when a user is locked out and cannot use Passport, for example because they never registered.",
		steps: []string{
			"Confirm the caller's identity (employee number and a call-back to the mobile number in PeopleFirst).",
			"Open **Directory Admin Console** and search the user by name or user name.",
			"On the **Account** tab, check **Lockout status**: it shows the domain controller and the time of the last bad password.",
			"Click **Unlock account**. Do not reset the password unless the user has also forgotten it.",
			"If the lockout source is a device (the console shows the calling computer or `ActiveSync`), tell the user which one and ask them to update it.",
			"Add an internal note with the lockout source.",
		},
		code:  &snippet{intro: "From the admin jump host, the same in PowerShell:", lang: "powershell", src: "Get-ADUser -Identity j.smith -Properties LockedOut,BadLogonCount,LastBadPasswordAttempt\nUnlock-ADAccount -Identity j.smith"},
		notes: []string{"If the same account locks more than three times in a day, reassign to Identity & Access with the list of lockout sources."},
	}},
	checks: []string{
		"Lockout source: ActiveSync (user's old iPhone). Unlocked, asked user to remove the account from the old phone.",
		"Lockout source: LDS-LT-0412 (user's own laptop), stale credential for \\\\nwfs01. Cleared with the user.",
		"Bad password attempts from an IP outside our ranges. Passed to Security Operations.",
	},
}

var mfaArea = area{
	category: "Accounts/MFA", team: teamIAM, system: "NW Verify", weight: 65, effort: 1,
	busy: months{time.June: 1.5, time.July: 1.2, time.September: 1.2},
	tags: []string{"mfa", "nw-verify"},
	guides: []guide{{
		key:   "mfa-newphone",
		title: "Set up NW Verify on a new phone",
		intro: "When you change phones, move NW Verify before you wipe or hand back the old one. If the old phone is already gone, the Service Desk can give you a Temporary Access Pass.",
		steps: []string{
			"Keep NW Verify installed on your **old** phone for now.",
			"On a computer, go to **https://login.northwind.example/security-info** and sign in.",
			"Click **Add sign-in method > Authenticator app** and choose **NW Verify**.",
			"On the new phone, install NW Verify from the App Store or Google Play and tap **Add account > Work account**.",
			"Scan the QR code shown on the computer.",
			"Approve the test notification, then delete the old phone from your list of methods.",
		},
		notes: []string{"No old phone? Call the Service Desk: after an identity check we issue a Temporary Access Pass valid for 8 hours, which lets you register the new phone."},
		asks: []string{
			"I got a new phone, how do I move the authenticator app?", "I've changed my phone and now I can't approve sign-ins.",
			"New mobile - I need to set up NW Verify again and the old phone was already traded in.",
		},
		subjects: []string{"MFA on new phone", "New phone - authenticator", "Verify app new phone", "Moving NW Verify to new phone"},
		weight:   2,
	}, {
		key:   "mfa-number-matching",
		title: "Number matching in NW Verify: what changed",
		intro: "NW Verify now asks you to type the two-digit number shown on the sign-in screen instead of just tapping **Approve**. It stops attackers who send prompt after prompt hoping you will tap one.",
		steps: []string{
			"Sign in as usual on your computer.",
			"Look at the two-digit number shown on the sign-in page.",
			"On your phone, open the NW Verify notification and type that number.",
			"Tap **Yes**. If you did not start a sign-in, tap **No, it's not me** and report it to the Service Desk.",
		},
		notes: []string{"No number box in the notification? Update NW Verify from your app store."},
		asks: []string{
			"The authenticator now asks me for a number, where do I find it?", "NW Verify wants me to enter a number but I don't see one.",
			"What is this new number thing when I log in?",
		},
		subjects: []string{"MFA asks for a number", "Number matching?", "Verify app asking for a code"},
		weight:   1.5,
		fresh:    true,
	}},
	issues: []issue{{
		key:   "mfa-no-push",
		title: "NW Verify notifications do not arrive",
		intro: "You sign in, the page says it sent a notification to your phone, and nothing happens. It is almost always the phone, not your account.",
		symptoms: []string{
			"The sign-in page says *We sent a notification to your phone* but nothing appears.",
			"Notifications arrive several minutes late.", "NW Verify shows *Account needs attention*.",
		},
		causes: []cause{
			{"notifications for NW Verify are off or the phone is saving battery", []string{
				"In your phone settings, find NW Verify and allow notifications.",
				"Turn off battery saving, or exclude NW Verify from it.",
				"Open the NW Verify app itself: pending requests show there even without a notification.",
			}},
			{"the phone's clock is wrong", []string{
				"Set date and time to automatic in your phone settings.",
				"On the sign-in page, choose **Use a verification code** and type the 6-digit code from NW Verify.",
			}},
			{"the app was reinstalled or restored from a backup and lost its keys", []string{
				"Register NW Verify again, as in *Set up NW Verify on a new phone*.",
				"If you cannot sign in at all, ask the Service Desk for a Temporary Access Pass.",
			}},
		},
		asks: []string{
			"I'm not getting the MFA notification on my phone.", "The approve notification never comes through so I can't sign in to anything.",
			"NW Verify stopped working after my phone updated.", "MFA isn't working, no prompt on my phone at all.",
		},
		subjects: []string{"MFA not working", "No MFA prompt", "Authenticator not receiving notifications", "NW Verify not working"},
		weight:   2,
	}},
	faqs: []faq{
		{"Can I use text messages instead of the app?", "Only as a backup method. The app is required because text messages can be intercepted. If you cannot use a smartphone, request a hardware security key in AccessHub."},
		{"Do I need MFA in the office?", "Not on NW-Corp Wi-Fi or a wired desk connection from a Northwind laptop: the laptop itself counts as the second factor. You are asked when you sign in from home, from a phone or from a new browser."},
		{"How long does \"Remember this device\" last?", "14 days on a Northwind laptop and 1 day on any other device. Clearing your browser's cookies resets it."},
		{"I'm travelling without my phone. What now?", "Call the Service Desk before you travel if you can. We can issue a Temporary Access Pass valid for up to 8 hours at a time, after an identity check."},
	},
	runbooks: []guide{{
		key:   "rb-tap",
		title: "Issuing a Temporary Access Pass",
		intro: "For Service Desk and Identity & Access agents, when a user has lost the phone with NW Verify or is setting up a new one without the old.",
		steps: []string{
			"Verify identity by video call: compare the face with the badge photo in PeopleFirst and ask for the employee number.",
			"In **Identity Admin > Users > Authentication methods**, choose **Add method > Temporary Access Pass**.",
			"Set the lifetime to 8 hours at most, and **one-time use** unless the user is travelling.",
			"Read the pass to the user during the call; never send it by e-mail or chat.",
			"Ask the user to register NW Verify at login.northwind.example/security-info straight away.",
			"Add an internal note: identity check, lifetime, reason.",
		},
	}, {
		key:   "rb-mfa-reset",
		title: "Resetting a user's MFA registration",
		intro: "Use it when a user's NW Verify registration is broken beyond repair, or after a suspected compromise (then together with Security Operations).",
		steps: []string{
			"Confirm the request comes from the user, with the same identity check as for a Temporary Access Pass.",
			"In **Identity Admin > Users > Authentication methods**, click **Require re-register MFA**.",
			"Click **Revoke all sessions** so every device signs in again.",
			"Issue a Temporary Access Pass if the user has no other method.",
			"Record what you did in an internal note; for a suspected compromise, link the Security ticket.",
		},
	}},
	checks: []string{
		"Sign-in logs: MFA prompts sent, none answered. Device registered 2 years ago, user has a new phone.",
		"Issued a one-time Temporary Access Pass (8 h) after a video identity check.",
		"User's NW Verify shows an old phone only. Removed it after the new one was registered.",
	},
}

var ssoArea = area{
	category: "Accounts/Single sign-on", team: teamIAM, system: "Northwind Sign-In", weight: 25, effort: 2,
	tags: []string{"sso", "sign-in"},
	guides: []guide{{
		key:   "sso-apps",
		title: "Open company applications with Northwind Sign-In",
		intro: "Northwind Sign-In (login.northwind.example) is the one sign-in page for most company applications: PeopleFirst, SpendWise, Ledgerline, RouteMaster and the Teams web app. Sign in once and the others open without asking again.",
		steps: []string{
			"Go to **https://apps.northwind.example**, your launch pad with a tile for every application you have access to.",
			"Sign in with your work e-mail address and network password, then approve in NW Verify if asked.",
			"Click a tile. The application opens without another password.",
			"Pin the tiles you use most with the star icon.",
		},
		notes: []string{"No tile for an application you need? You probably don't have access yet: request it in AccessHub."},
		asks: []string{
			"Where do I log in to all the company apps? I keep losing the links.", "Is there one page with all our systems on it?",
			"How do I get to PeopleFirst and SpendWise without typing my password every time?",
		},
		subjects: []string{"Link to company apps", "Where are the app links?", "Single sign-on question"},
		weight:   0.6,
	}},
	issues: []issue{{
		key:   "sso-loop",
		title: "Stuck in a sign-in loop",
		intro: "You sign in, the application starts to open, and you land back on the Northwind Sign-In page. Round and round. The browser is usually the culprit.",
		symptoms: []string{
			"The browser keeps returning to the Northwind Sign-In page.", "The page shows *SIGN-302: Session could not be established*.",
			"It works on a colleague's laptop but not on yours.",
		},
		causes: []cause{
			{"old cookies from a previous session confuse the browser", []string{
				"Open a private window and try again.", "If that works, clear the cookies for `login.northwind.example` and for the application's site.",
				"Close every browser window and open the application again.",
			}},
			{"you are signed in with a personal account in the same browser", []string{
				"Sign out of personal accounts, or use a separate browser profile for work.",
				"In Edge or Chrome, click your profile picture and choose **Add profile**, then use that profile for work.",
			}},
			{"the application was never granted to you", []string{
				"Check in AccessHub, under **My access**, whether you have the application.",
				"If not, request it there; your manager approves it.",
			}},
		},
		asks: []string{
			"When I try to open PeopleFirst I just get sent back to the login page over and over.",
			"I'm stuck in a loop signing in to SpendWise.", "Sign-in keeps looping in Chrome, it works on my colleague's laptop.",
		},
		subjects: []string{"Login loop", "Keeps redirecting to sign-in", "SSO loop", "Can't get past the login page"},
	}},
	errors: []errorCode{
		{"SIGN-101", "Your account is disabled", "The account was disabled, usually by the leaver process or after a long absence.", "signing in", []string{
			"Ask your manager to confirm your employment status in PeopleFirst.", "Contact the Service Desk, who re-enable the account once HR confirms."}},
		{"SIGN-204", "Device not compliant", "Your device is missing an update or encryption, so access to company data is blocked.", "opening Outlook on my laptop", []string{
			"On a laptop, open Software Centre, install pending updates and restart.", "On a phone, open the Company Portal app and tap **Check status**."}},
		{"SIGN-302", "Session could not be established", "The browser's sign-in cookie is invalid or blocked.", "opening an application", []string{
			"Allow cookies for login.northwind.example.", "Clear the cookies and try in a private window."}},
		{"SIGN-415", "You don't have access to this application", "You are not in the group that gives access to the application.", "opening RouteMaster", []string{
			"Request access in AccessHub; your manager approves it.", "Wait 30 minutes after approval, then sign out and in again."}},
		{"SIGN-520", "Sign-in blocked from this location", "The sign-in came from a country where Northwind has no operations, or through an anonymous proxy.", "logging in from abroad", []string{
			"Turn off any personal VPN or proxy.", "Travelling for work? Ask the Service Desk for a travel exception at least 3 days before you leave."}},
	},
	faqs: []faq{
		{"What is Northwind Sign-In?", "The single sign-on page, login.northwind.example, that most company applications use. You sign in once with your network password and NW Verify, and the applications open without asking again."},
		{"Why do I have to sign in again every day on my own computer?", "On devices Northwind does not manage, sessions last one day. On a Northwind laptop they last 14 days unless you clear your cookies."},
		{"Can I use Northwind Sign-In for websites outside the company?", "Only for services IT has connected to it, listed on apps.northwind.example. Never type your Northwind password on other websites, even if they look similar."},
	},
}
