package demo

import "time"

// businessAreas: HR, payroll, finance and the logistics applications.
func businessAreas() []area {
	return []area{
		peopleFirstArea, payrollArea, expensesArea, ledgerlineArea, purchasingArea,
		routeMasterArea, stockPilotArea,
	}
}

var peopleFirstArea = area{
	category: "HR Systems/PeopleFirst", team: teamBizApps, system: "PeopleFirst", weight: 25, effort: 4,
	busy: months{time.January: 1.3, time.April: 1.2, time.December: 1.2},
	tags: []string{"peoplefirst", "hr"},
	guides: []guide{{
		key:   "pf-details",
		title: "Update your personal details and bank account in PeopleFirst",
		intro: "PeopleFirst is our HR system. Keep your address, emergency contacts and bank details up to date there; payroll reads them on the 15th of each month.",
		steps: []string{
			"Open **PeopleFirst** from apps.northwind.example.",
			"Click your photo, then **Personal information**.",
			"Choose **Edit** next to the section: address, contacts or bank details.",
			"For bank details, PeopleFirst asks you to approve an NW Verify prompt and sends a confirmation e-mail.",
			"Changes made after the 15th apply to the following month's pay.",
		},
		notes:    []string{"HR or Payroll will never ask you to change bank details by e-mail. If you receive such an e-mail, report it as phishing."},
		asks:     []string{"How do I change my bank details for my salary?", "I've moved house, where do I update my address?", "How do I add an emergency contact in PeopleFirst?"},
		subjects: []string{"Change bank details", "Update address", "PeopleFirst personal details"},
		weight:   1.5,
	}, {
		key:   "pf-leave",
		title: "Book annual leave in PeopleFirst",
		intro: "Holiday requests go through PeopleFirst. Your manager approves them and they appear in your Outlook calendar.",
		steps: []string{
			"In PeopleFirst, click **Time off > Request time off**.",
			"Choose **Annual leave**, the dates and half days if needed.",
			"Check the balance shown before you submit.",
			"Click **Submit**. Your manager gets a notification; you get an e-mail once it is approved.",
		},
		notes:    []string{"Warehouse staff on shift patterns book leave with their shift manager, who enters it in PeopleFirst."},
		asks:     []string{"How do I book a holiday?", "My leave balance looks wrong in PeopleFirst.", "Where do I request time off?"},
		subjects: []string{"Book annual leave", "Holiday request", "Leave balance"},
	}},
	issues: []issue{{
		key:      "pf-cant-see",
		title:    "PeopleFirst shows the wrong manager or team",
		intro:    "What you see in PeopleFirst, and what your manager can approve, depends on the organisation chart. When it is wrong, requests go to the wrong person.",
		symptoms: []string{"Leave requests go to your previous manager.", "As a manager, you cannot see a new team member.", "*You do not have permission to view this page*."},
		causes: []cause{
			{"HR has not yet processed your team change", []string{
				"Ask your HR Business Partner to check the change in PeopleFirst; it applies the next morning.",
			}},
			{"a delegation from your old manager is still active", []string{
				"Your previous manager removes it under **Settings > Delegations**.",
			}},
		},
		asks:     []string{"My holiday requests are still going to my old manager.", "I can't see my new starter in PeopleFirst to approve his leave.", "PeopleFirst says I don't have permission since I became a manager."},
		subjects: []string{"Wrong manager in PeopleFirst", "Can't see team in PeopleFirst", "PeopleFirst permission"},
	}},
	faqs: []faq{
		{"Who do I contact about my contract or salary?", "HR, not IT: hr@northwind.example or your HR Business Partner. The Service Desk can help with PeopleFirst access and errors only."},
		{"Can I use PeopleFirst on my phone?", "Yes, with the PeopleFirst app from Company Portal, or in the browser at apps.northwind.example."},
		{"Why does PeopleFirst log me out?", "Sessions end after 20 minutes without activity because of the personal data it holds."},
	},
}

var payrollArea = area{
	category: "HR Systems/Payroll", team: teamBizApps, system: "PeopleFirst Payroll", weight: 15, effort: 8,
	busy: months{time.April: 1.4, time.May: 1.5, time.December: 1.2},
	tags: []string{"payroll", "payslip"},
	guides: []guide{{
		key:   "pay-payslip",
		title: "Download your payslip and P60",
		intro: "Payslips are published in PeopleFirst two working days before payday. P60s appear at the end of May for the previous tax year.",
		steps: []string{
			"Open PeopleFirst and click **Pay > Payslips**.",
			"Select the month and click **Download PDF**.",
			"For P60 and P11D, go to **Pay > Tax documents**.",
			"Payslips of past years stay available for six years, also after you leave (through the leaver portal).",
		},
		asks:     []string{"Where can I find my payslip?", "I need my P60 for a mortgage application.", "Can't find last month's payslip in PeopleFirst."},
		subjects: []string{"Payslip", "P60", "Where is my payslip"},
		weight:   2,
	}},
	faqs: []faq{
		{"My pay looks wrong. Who do I ask?", "Payroll, at payroll@northwind.example, with your employee number and the month. IT cannot see or change pay."},
		{"Why can't I open my payslip PDF?", "Payslips are protected with your date of birth in the format DDMMYYYY. If that fails, open them in the browser instead of a PDF app on your phone."},
		{"When is payday?", "The last working day of the month in the UK, and the 28th in France (or the working day before)."},
	},
}

var expensesArea = area{
	category: "Finance Systems/Expenses", team: teamBizApps, system: "SpendWise", weight: 28, effort: 6,
	busy: months{time.March: 1.3, time.December: 1.3},
	tags: []string{"expenses", "spendwise"},
	guides: []guide{{
		key:   "exp-claim",
		title: "Submit an expense claim in SpendWise",
		intro: "Claim work expenses within 60 days in SpendWise. Photos of receipts are enough: keep the paper only for amounts above £250.",
		steps: []string{
			"Open **SpendWise** from apps.northwind.example or the SpendWise app on your phone.",
			"Tap **New expense** and photograph the receipt; SpendWise reads the date and amount.",
			"Choose the category (travel, hotel, meals, mileage, other) and the cost centre.",
			"Add who attended for meals with customers.",
			"Group expenses into a report and click **Submit**. Your manager approves, Finance checks, and you are paid with the next weekly run.",
		},
		notes:    []string{"Company card transactions appear in SpendWise by themselves; you just add the receipt."},
		asks:     []string{"How do I claim back my train tickets?", "How do I submit expenses?", "I paid for a team lunch, how do I claim it?"},
		subjects: []string{"Expense claim", "How to claim expenses", "SpendWise help"},
		weight:   2,
	}, {
		key:   "exp-mileage",
		title: "Claim mileage for business journeys in your own car",
		intro: "Mileage in your own vehicle is paid per mile at HMRC rates. SpendWise calculates the distance from the addresses.",
		steps: []string{
			"In SpendWise, choose **New expense > Mileage**.",
			"Enter the start and end addresses, or the site names; add stops if needed.",
			"Deduct your usual commute if the journey starts from home on a working day.",
			"Give the business reason and submit with your next report.",
		},
		ref: &reference{title: "Mileage rates", rows: [][]string{
			{"Vehicle", "First 10,000 miles", "Above 10,000 miles"},
			{"Car or van", "45p", "25p"},
			{"Motorcycle", "24p", "24p"},
			{"Bicycle", "20p", "20p"},
		}},
		asks:     []string{"How do I claim mileage for driving to the Birmingham depot?", "What's the mileage rate?", "Do I claim mileage from home or from the office?"},
		subjects: []string{"Mileage claim", "Mileage rate"},
	}},
	issues: []issue{{
		key:      "exp-rejected",
		title:    "Your expense claim was rejected or is stuck",
		intro:    "SpendWise sends a report back when something is missing, and reports wait when the approver is away.",
		symptoms: []string{"The report shows *Returned* with a comment.", "The report has been *Pending approval* for more than a week.", "The receipt upload fails with *File not supported*."},
		causes: []cause{
			{"a receipt or the attendee list is missing", []string{
				"Open the report, read the comment, add what is missing and resubmit.",
			}},
			{"your approver is away", []string{
				"In SpendWise, open the report and click **Remind approver**.", "After five days, Finance can reassign it: mention the report number to the Service Desk.",
			}},
			{"the receipt file is in a format SpendWise does not read", []string{
				"Upload JPG, PNG or PDF files under 10 MB. Photos from an iPhone in HEIC format must be exported as JPG.",
			}},
		},
		asks:     []string{"My expense claim has been pending for 3 weeks.", "SpendWise won't accept my receipt photo.", "My expenses got rejected and I don't understand why."},
		subjects: []string{"Expenses stuck", "Receipt upload failed", "Expense claim rejected"},
	}},
	faqs: []faq{
		{"When do I get paid for expenses?", "Approved claims are paid every Thursday into the bank account held in PeopleFirst."},
		{"I lost a receipt. Can I still claim?", "Yes, up to £50, with a short declaration in the expense line. Above that, ask the supplier for a copy."},
		{"Can I claim in euros?", "Yes, enter the amount in euros: SpendWise converts at the rate of the transaction date."},
		{"How do I get a company credit card?", "Your manager requests it from Finance if you travel more than once a month."},
	},
}

var ledgerlineArea = area{
	category: "Finance Systems/Ledgerline ERP", team: teamBizApps, system: "Ledgerline", weight: 15, effort: 8, urgency: 0.3,
	busy: months{time.January: 1.3, time.April: 1.4, time.July: 1.2, time.October: 1.2},
	tags: []string{"ledgerline", "erp", "finance"},
	guides: []guide{{
		key:   "ll-invoice-approve",
		title: "Approve supplier invoices in Ledgerline",
		intro: "Supplier invoices that don't match a purchase order need a budget holder's approval. Ledgerline sends a daily digest of what is waiting for you.",
		steps: []string{
			"Open Ledgerline from apps.northwind.example (VPN needed outside the office).",
			"Go to **Payables > My approvals**.",
			"Open each invoice, check the PDF against what was delivered, and the cost code.",
			"Click **Approve**, or **Query** with a comment for Accounts Payable.",
		},
		notes:    []string{"Invoices not approved within 10 days are escalated to your manager; late payments cost us supplier discounts."},
		asks:     []string{"How do I approve invoices in Ledgerline?", "I've got 20 invoices waiting for approval, where do I find them?", "Ledgerline keeps emailing me about approvals, what do I do?"},
		subjects: []string{"Invoice approval", "Ledgerline approvals", "Approve invoices"},
	}},
	issues: []issue{{
		key:      "ll-period-closed",
		title:    "Ledgerline will not let you post: period closed",
		intro:    "Finance closes each accounting period on the fourth working day of the following month. After that, postings for that period are refused.",
		symptoms: []string{"Ledgerline shows *LL-2210: Period is closed for posting*.", "Journals stay in *Draft*."},
		causes: []cause{
			{"the accounting period is closed", []string{
				"Post into the current open period, with the original date in the description.",
				"If it must go into the closed period, ask the Financial Controller, who can reopen it for a day.",
			}},
			{"you do not have posting rights for that company", []string{
				"Check your roles under **My profile > Companies**.", "Request the posting role for that company in AccessHub.",
			}},
		},
		asks:     []string{"I can't post a journal in Ledgerline, it says the period is closed.", "Ledgerline error LL-2210 when posting accruals."},
		subjects: []string{"Period closed Ledgerline", "Can't post journal", "LL-2210"},
	}},
	errTitle: "Ledgerline error messages",
	errors: []errorCode{
		{"LL-1042", "Cost centre not valid for this account", "The cost centre and account combination is blocked by the chart of accounts rules.", "posting an invoice", []string{
			"Check the cost centre in the **Cost centre lookup**.", "Ask the management accountant for the right combination."}},
		{"LL-2210", "Period is closed for posting", "The accounting period you are posting into is closed.", "posting a journal", []string{
			"Post into the current period.", "Ask the Financial Controller if it must go into the closed one."}},
		{"LL-3307", "Session expired", "Ledgerline ends sessions after 30 minutes idle, or when the VPN drops.", "saving a journal", []string{
			"Reconnect the VPN if needed.", "Sign in again; drafts are saved every 5 minutes."}},
	},
}

var purchasingArea = area{
	category: "Finance Systems/Purchasing", team: teamBizApps, system: "Ledgerline Purchasing", weight: 12, effort: 8,
	tags: []string{"purchasing", "ledgerline"},
	guides: []guide{{
		key:   "po-requisition",
		title: "Raise a purchase requisition",
		intro: "Anything bought from a supplier needs a purchase order before it is ordered: no PO, no pay. Requisitions become POs once approved.",
		steps: []string{
			"In Ledgerline, go to **Purchasing > New requisition**.",
			"Choose the supplier. If it is not listed, ask Procurement to set it up first.",
			"Add lines: description, quantity, price, delivery site, cost centre.",
			"Attach the quote.",
			"Submit. Approval follows the limits in the table; the PO is e-mailed to the supplier automatically.",
		},
		ref: &reference{title: "Approval limits", rows: [][]string{
			{"Amount (excl. VAT)", "Approver"},
			{"Up to £1,000", "Budget holder"},
			{"£1,000 to £25,000", "Budget holder and department head"},
			{"Above £25,000", "Plus Finance Director, with three quotes"},
		}},
		asks:     []string{"How do I raise a PO for a new supplier?", "How do I create a purchase requisition in Ledgerline?", "Who needs to approve a £5,000 order?"},
		subjects: []string{"Purchase order", "Raise a requisition", "PO approval"},
	}},
	faqs: []faq{
		{"How do I add a new supplier?", "Procurement sets up suppliers after checking their details: send the supplier form from the intranet to procurement@northwind.example."},
		{"The PO went to the wrong supplier address. Can IT fix it?", "Procurement can update the supplier record; then cancel and re-issue the PO from Ledgerline."},
		{"Can I use my company card instead of a PO?", "For one-off purchases under £500 from suppliers we don't use regularly, yes. Everything else needs a PO."},
	},
}
