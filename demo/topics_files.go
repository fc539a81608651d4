package demo

// filesAreas: network drives, NorthDrive and getting files back.
func filesAreas() []area {
	return []area{driveArea, northDriveArea, recoveryArea}
}

var driveArea = area{
	category: "Files/Network drives", team: teamInfra, system: "network drives", weight: 18, effort: 2,
	tags: []string{"network-drive", "files"},
	guides: []guide{{
		key:   "drive-map",
		title: "Map a network drive (S:, T:, H:)",
		intro: "The S: (shared), T: (team) and H: (home) drives appear by themselves when you sign in at the office or on the VPN. If one is missing, or you need another share, map it yourself.",
		steps: []string{
			"Connect to the office network or NorthGate VPN.",
			"Open File Explorer, right-click **This PC** and choose **Map network drive**.",
			"Pick the letter and type the path: `\\\\nwfs01\\shared` for S:, `\\\\nwfs02\\teams` for T:.",
			"Tick **Reconnect at sign-in** and click **Finish**.",
		},
		ref: &reference{title: "Drive paths", rows: [][]string{
			{"Drive", "Path", "What it holds"},
			{"S:", "`\\\\nwfs01\\shared`", "Company-wide shared folders"},
			{"T:", "`\\\\nwfs02\\teams`", "Team folders"},
			{"H:", "`\\\\nwfs01\\home$\\%USERNAME%`", "Your personal drive (moving to NorthDrive)"},
		}},
		asks:     []string{"My S drive has disappeared.", "How do I map the T drive?", "I can't see the shared drive on my new laptop."},
		subjects: []string{"S drive missing", "Map network drive", "Shared drive not showing"},
		weight:   1.5,
	}},
	issues: []issue{{
		key:      "drive-red-x",
		title:    "Network drives show a red cross or are very slow",
		intro:    "A red cross on S: or T: means Windows could not reach the file server when you signed in.",
		symptoms: []string{"The drive shows a red cross in File Explorer.", "Opening the drive says *An error occurred while reconnecting S:*.", "Files take minutes to open."},
		causes: []cause{
			{"you signed in before the VPN connected", []string{
				"Connect NorthGate VPN, then double-click the drive: the cross disappears.",
				"If not, sign out and back in with the VPN connected.",
			}},
			{"the saved credentials for the file server are out of date", []string{
				"Open **Credential Manager > Windows Credentials** and remove entries for `nwfs01` and `nwfs02`.",
				"Restart the laptop.",
			}},
		},
		asks:     []string{"The S drive has a red X on it.", "Network drives are really slow today.", "It says an error occurred while reconnecting S:."},
		subjects: []string{"Red X on network drive", "Drive not reconnecting", "Shared drive slow"},
	}},
}

var northDriveArea = area{
	category: "Files/NorthDrive", team: teamInfra, system: "NorthDrive", weight: 22, effort: 3,
	tags: []string{"northdrive", "files"},
	guides: []guide{{
		key:   "nd-setup",
		title: "Set up NorthDrive sync on your laptop",
		intro: "NorthDrive is your personal cloud storage at Northwind, 1 TB each, available from any device. It replaces the H: drive: files there are backed up and can be shared with colleagues.",
		steps: []string{
			"Click the cloud icon in the system tray (or open **NorthDrive** from the Start menu).",
			"Sign in with your work e-mail address.",
			"Accept the default folder and turn on **Back up Desktop, Documents and Pictures**.",
			"Right-click the NorthDrive folder, choose **Settings** and make sure **Files On-Demand** is on, so files only download when you open them.",
		},
		notes:    []string{"Green ticks mean a file is on the laptop; a cloud icon means it is online only."},
		asks:     []string{"How do I set up NorthDrive on my new laptop?", "Where should I save my files so they're backed up?", "How do I move my H drive files to NorthDrive?"},
		subjects: []string{"NorthDrive setup", "Where to save files", "Backup my files"},
		weight:   1.3,
	}, {
		key:   "nd-share",
		title: "Share a file with someone outside Northwind",
		intro: "Share customer and supplier documents as NorthDrive links rather than attachments: you can see who opened them and stop sharing at any time.",
		steps: []string{
			"Right-click the file and choose **Share**.",
			"Choose **Specific people** and type the external e-mail address.",
			"Untick **Allow editing** unless they need to change it.",
			"Set an expiry date under **Link settings** (30 days by default).",
			"Click **Send**. They receive a code by e-mail to open it.",
		},
		notes:    []string{"Files labelled *Confidential* cannot be shared outside Northwind. See the data-handling articles."},
		asks:     []string{"How do I send a big file to a customer?", "Can I share a folder with our supplier?", "The file is too big to email to the haulier, what's the best way to send it?"},
		subjects: []string{"Share file externally", "Send large file", "Share with supplier"},
	}},
	issues: []issue{{
		key:      "nd-sync",
		title:    "NorthDrive is not syncing",
		intro:    "If the NorthDrive icon shows a red cross or the *Sync pending* arrows never stop, one of these is the usual cause.",
		symptoms: []string{"The cloud icon shows a red circle.", "Files show *Sync pending* for hours.", "You see copies named `report-LDS-LT-0412.xlsx`."},
		causes: []cause{
			{"a file name or path is too long or has invalid characters", []string{
				"Click the cloud icon to see which file is stuck.", "Rename it: no `\" * : < > ? / \\ |` and keep the full path under 400 characters.",
			}},
			{"the same file was edited in two places", []string{
				"Open both copies, keep the right content in the original and delete the copy with the computer name.",
				"Edit shared files from the browser or with co-authoring in Office, not offline copies.",
			}},
			{"NorthDrive is signed out or paused", []string{
				"Click the cloud icon. If it says **Paused**, click **Resume**; if it asks you to sign in, do so.",
			}},
		},
		asks:     []string{"NorthDrive has a red cross and isn't syncing.", "My files aren't syncing to NorthDrive.", "I've got loads of duplicate files with my computer name on the end."},
		subjects: []string{"NorthDrive not syncing", "Sync errors", "Duplicate files NorthDrive"},
		weight:   1.5,
	}},
	faqs: []faq{
		{"How much can I store in NorthDrive?", "1 TB each. Team files belong in Teams or on the T: drive so they stay when people leave."},
		{"Is NorthDrive backed up?", "Yes. Deleted files stay in the recycle bin for 93 days and earlier versions are kept for a year."},
		{"Can I use NorthDrive on my personal computer?", "Through the browser at drive.northwind.example, yes. The sync app is for Northwind laptops only."},
	},
}

var recoveryArea = area{
	category: "Files/File recovery", team: teamInfra, system: "backups", weight: 12, effort: 6, urgency: 0.3,
	tags: []string{"restore", "backup"},
	guides: []guide{{
		key:   "restore-versions",
		title: "Get back a deleted file or an earlier version yourself",
		intro: "Most lost files can be recovered in a minute without a ticket: NorthDrive and the network drives keep deleted files and earlier versions.",
		steps: []string{
			"**NorthDrive:** open drive.northwind.example, click **Recycle bin**, select the file and click **Restore**. Deleted files stay 93 days.",
			"**Earlier version in NorthDrive or Teams:** right-click the file, choose **Version history** and restore the version you want.",
			"**S: or T: drive:** right-click the folder that held the file and choose **Restore previous versions**. Snapshots are taken at 07:00, 12:00 and 17:00 and kept 30 days.",
			"Copy the restored file somewhere safe before opening it.",
		},
		notes:    []string{"Older than 30 days on a network drive? Raise a ticket with the full path and the date: we can restore from backup up to a year back."},
		asks:     []string{"I accidentally deleted a folder on the S drive, can it be recovered?", "I saved over a spreadsheet, can I get yesterday's version back?", "Deleted a file from NorthDrive by mistake."},
		subjects: []string{"Restore deleted file", "Recover previous version", "File deleted by mistake"},
		weight:   1.5,
	}},
	runbooks: []guide{{
		key:   "rb-restore",
		title: "Restoring files from backup for a user",
		intro: "For Infrastructure & Storage. Use it when a user needs files older than the 30-day snapshots, or a whole folder restored.",
		steps: []string{
			"Confirm the user has access to the folder today: never restore files into a place they could not see before.",
			"Get the full path and the date the files were last known good.",
			"In the backup console, browse the file server job for that date and select the files.",
			"Restore to a new folder named `RESTORED-<ticket number>` beside the original, never over it.",
			"Tell the user where the files are and ask them to move what they need within 7 days; then delete the restore folder.",
		},
		notes: []string{"Restores of another person's mailbox or drive need HR or Legal approval in the ticket."},
	}},
}
