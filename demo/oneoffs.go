package demo

// oneOffs are requests no KB article answers: odd hardware, favours,
// things that are not IT at all. About 15 % of tickets come from them; the
// slots keep the repeats from reading alike.
var oneOffs = []oneOff{
	{
		category: "Operations Systems/StockPilot WMS", team: teamLogistics, effort: 8, weight: 1.5,
		subjects: []string{"{0} in {1} not working", "{0} broken - {1}", "Problem with {0} ({1})"},
		asks: []string{
			"The {0} in {1} has stopped working, it just shows a red error light. Can someone come and look?",
			"{1}: the {0} is dead again. We're working around it but it's slowing us down.",
		},
		answers: []string{
			"I've raised a call with the supplier for the {0} in {1}; their engineer is booked for tomorrow morning. In the meantime please use the one in the next bay.",
			"Our site technician had a look: the {0} in {1} had a failed power supply. It has been swapped and tested, it's working again.",
		},
		slots: [][]string{{"label printer", "weighbridge terminal", "dock door screen", "pallet wrapper terminal"}, {"Bay 4", "Goods In", "the dispatch office", "dock 12"}},
	},
	{
		category: "General/Facilities and AV", team: teamDesk, effort: 16, weight: 1.2,
		subjects: []string{"{0} not working", "{0} - {1}", "Broken {0}"},
		asks:     []string{"The {0} at {1} isn't working, it's been off since Monday.", "Who looks after the {0} at {1}? It shows a blank screen."},
		answers: []string{
			"The {0} at {1} is looked after by the Facilities AV contractor rather than IT. I've passed your ticket to Facilities, who will arrange a visit and update you directly.",
		},
		slots: [][]string{{"TV in the canteen", "digital signage screen in reception", "projector in the training room", "big screen in the warehouse office"}, {"Leeds", "Birmingham", "Daventry", "Felixstowe"}},
	},
	{
		category: "General/Facilities and AV", team: teamDesk, effort: 24, weight: 1,
		subjects: []string{"AV equipment for {0}", "Projector and mics for {0}", "Equipment for {0}"},
		asks:     []string{"We need a projector, a couple of microphones and a speaker for {0} next Friday. Is that something IT can provide?", "Can we borrow AV kit for {0}? About 80 people."},
		answers: []string{
			"We've booked the portable AV kit (projector, two wireless microphones and a speaker) for {0}. A technician will set it up an hour before the start and collect it afterwards.",
		},
		slots: [][]string{{"the town hall", "the Christmas party", "the quarterly all-hands", "a customer visit", "the long-service awards"}},
	},
	{
		category: "General/Other", team: teamDesk, effort: 1, weight: 1.2,
		subjects: []string{"Help with my {0}", "Personal {0} question", "{0} problem"},
		asks:     []string{"Sorry, bit of a cheeky one: can someone help me with my personal {0}? It stopped working last night.", "Could IT have a quick look at my {0} at lunch? It's not a work one."},
		answers: []string{
			"Sorry, we can only support Northwind devices and accounts, so we can't help with your personal {0}. The manufacturer's support site or a local repair shop is your best bet.",
		},
		slots: [][]string{{"iPad", "home printer", "broadband router", "son's laptop", "smart TV"}},
	},
	{
		category: "General/Other", team: teamInfra, effort: 40, weight: 0.8,
		subjects: []string{"Email export for {0}", "Data export request - {0}", "Need mailbox search for {0}"},
		asks:     []string{"For {0} we need all emails between our team and the customer from last year. Can IT export them?", "Legal have asked for a search of mailboxes for {0}. What do you need from us?"},
		answers: []string{
			"Mailbox searches need written approval from Legal or HR. Once {0} has that approval attached to this ticket, we run the search and share the export in a restricted NorthDrive folder with the requester only.",
			"Legal's approval is now attached. The export for {0} is ready: 1,214 messages, shared with you in a restricted NorthDrive folder. The link expires in 30 days.",
		},
		slots: [][]string{{"a customer dispute", "the annual audit", "an HR investigation", "a freight claim"}},
	},
	{
		category: "Hardware/Laptops", team: teamEndpoint, effort: 6, weight: 1,
		subjects: []string{"Files on my old laptop", "Need data from old laptop", "Old laptop handed in {0}"},
		asks:     []string{"I handed my old laptop in {0} and I've realised some files weren't in NorthDrive. Can you get them back?", "Is it possible to recover a folder from the laptop I returned {0}?"},
		answers: []string{
			"I checked with the site technician: your old laptop was still in the cupboard waiting to be wiped. We copied the Documents folder into your NorthDrive under Recovered-old-laptop.",
			"Sorry, returned laptops are wiped within 14 days and yours was wiped already, so the files cannot be recovered. Anything that was in NorthDrive or on the S: drive is still there.",
		},
		slots: [][]string{{"last month", "in March", "before Christmas", "two weeks ago"}},
	},
	{
		category: "Mobile/Handheld scanners", team: teamLogistics, effort: 24, weight: 0.8,
		subjects: []string{"Broken mount on {1}", "{0} mount on {1}"},
		asks:     []string{"The {0} mount on forklift {1} has snapped, the terminal is just lying on the seat.", "Can someone fix the {0} holder on {1}? It won't clip in."},
		answers: []string{
			"Mounts are covered by the forklift maintenance contract. I've logged it with the fleet engineers for {1}; until then, please take a handheld scanner from the rack instead of the {0}.",
		},
		slots: [][]string{{"vehicle terminal", "scanner holster"}, {"FL-07", "FL-12", "FL-21", "reach truck 3"}},
	},
	{
		category: "Operations Systems/RouteMaster TMS", team: teamLogistics, effort: 8, weight: 1,
		subjects: []string{"Truck {0} not showing in RouteMaster", "No tracking for {0}", "Telematics {0}"},
		asks:     []string{"The telematics unit in truck {0} isn't sending positions to RouteMaster since yesterday.", "Vehicle {0} is missing from the live map, the driver says everything looks normal in the cab."},
		answers: []string{
			"The telematics portal shows the unit in {0} last reported yesterday at 14:32. The fleet workshop found a blown fuse on the unit and replaced it; the vehicle is reporting again.",
			"The unit in {0} had lost its mobile data connection after a SIM change. The provider reactivated it and positions are coming through again.",
		},
		slots: [][]string{{"YX21 KFP", "YX70 BDE", "LK19 TZU", "BD68 WMC"}},
	},
	{
		category: "Software/Installation", team: teamEndpoint, effort: 16, weight: 1,
		subjects: []string{"Install {0}", "Request for {0}", "Accessibility software: {0}"},
		asks:     []string{"Could you install {0} on my laptop? Occupational health recommended it.", "I need {0} set up please, it's not in Software Centre."},
		answers: []string{
			"{0} is now installed on your laptop and licensed to you. Restart once before using it. If it needs adjusting, our accessibility champion in Workplace can sit with you for half an hour.",
		},
		slots: [][]string{{"Dragon speech recognition", "a screen reader", "a Polish language pack", "a screen magnifier"}},
	},
	{
		category: "Software/Installation", team: teamEndpoint, effort: 8, weight: 0.8,
		subjects: []string{"{0} portal doesn't work in Edge", "Customer portal needs old browser", "Can't open {0} portal"},
		asks:     []string{"The {0} booking portal says it only works in Internet Explorer. How am I supposed to book slots?", "{0}'s supplier portal won't load in Chrome or Edge."},
		answers: []string{
			"We've added the {0} portal to the Internet Explorer mode list in Edge. Close Edge completely, open the portal again and it will show the IE icon in the address bar.",
		},
		slots: [][]string{{"Harrowgate Foods", "Beckett Retail", "Mersey Pharma", "Port of Tyne"}},
	},
	{
		category: "General/Other", team: teamNetwork, effort: 24, weight: 0.7,
		subjects: []string{"Phone for {0}", "Desk phone needed - {0}"},
		asks:     []string{"We need a desk phone at {0} so drivers can call in. Is that possible?", "The old handset at {0} has died, can we have a replacement?"},
		answers: []string{
			"We've ordered a Teams desk phone for {0}. It will be set up with the existing number and delivered by Thursday; the site technician will wall-mount it.",
		},
		slots: [][]string{{"the gatehouse", "reception", "the night shift office", "the driver's room"}},
	},
	{
		category: "General/Other", team: teamEndpoint, effort: 30, weight: 0.8,
		subjects: []string{"Old equipment collection", "Collect old monitors from {1}", "Recycling IT kit"},
		asks:     []string{"Could someone collect about {0} old monitors and some keyboards from {1}? We're clearing the room.", "We have {0} old screens in {1} that need to go."},
		answers: []string{
			"We'll collect the {0} monitors from {1} on Thursday morning for certified recycling. Please leave them together with a note saying IT collection.",
		},
		slots: [][]string{{"6", "10", "15", "20"}, {"the old training room", "the storage cupboard", "the third floor", "the mezzanine office"}},
	},
	{
		category: "Files/File recovery", team: teamInfra, effort: 16, weight: 0.6,
		subjects: []string{"Recover files from {0}", "Data on a {0}"},
		asks:     []string{"Can IT recover photos from a {0}? We need them for an insurance claim.", "I've got an important spreadsheet on a {0} and it won't open on any computer."},
		answers: []string{
			"We don't have the specialist tools for a {0} in-house. With your manager's approval we can send it to our data recovery partner: about £300 and five working days. Let me know if you want to go ahead.",
		},
		slots: [][]string{{"damaged USB stick", "dashcam SD card", "scratched CD", "water-damaged external drive"}},
	},
	{
		category: "Network/Office connectivity", team: teamSecurity, effort: 8, weight: 0.9,
		subjects: []string{"Website blocked: {0}", "Can't access {0}", "Unblock {0}"},
		asks:     []string{"The {0} is blocked by the web filter and I need it for my job.", "I get a 'blocked by Northwind policy' page on {0}."},
		answers: []string{
			"Security reviewed the {0}: it is legitimate and was miscategorised by the filter. It is now allowed for everyone; clear your browser cache if the block page still shows.",
			"Security reviewed the {0} and it is not safe to allow (it hosts downloads flagged as malicious). Please ask the provider for another way to get the information.",
		},
		slots: [][]string{{"customs tariff lookup site", "supplier's document portal", "freight exchange website", "port community system"}},
	},
	{
		category: "Hardware/Peripherals", team: teamEndpoint, effort: 40, weight: 0.9,
		subjects: []string{"{0} after DSE assessment", "Request: {0}"},
		asks:     []string{"My workstation assessment recommended a {0}. How do I get one?", "Occupational health says I need a {0}, can IT order it?"},
		answers: []string{
			"Health & Safety have approved the {0} from your assessment and it's ordered. It should arrive at your site within 10 working days; the site technician will fit it.",
		},
		slots: [][]string{{"monitor arm", "sit-stand desk converter", "vertical mouse", "split keyboard"}},
	},
	{
		category: "Collaboration/Chat and channels", team: teamMessaging, effort: 16, weight: 0.7,
		subjects: []string{"Phone number in Teams", "Teams calling for {0}"},
		asks:     []string{"Can I get a phone number in Teams so customers can call me directly? I'm in {0}.", "Our {0} team needs to make outside calls from Teams."},
		answers: []string{
			"Teams Phone is available for customer-facing roles with manager approval, which we now have. Your number is assigned and shows under Calls in Teams after a restart. Calls to the UK and France are included.",
		},
		slots: [][]string{{"Sales", "Customer Service", "Transport Planning", "Customs Brokerage"}},
	},
	{
		category: "Collaboration/Meetings and rooms", team: teamMessaging, effort: 16, weight: 1,
		subjects: []string{"{0} broken in {1}", "Meeting room {1}: {0}"},
		asks:     []string{"The {0} in meeting room {1} is broken.", "{1} room: the {0} doesn't work, we had to move our meeting."},
		answers: []string{
			"The AV engineer replaced the {0} in {1} this morning and tested a Teams call from the room. Thanks for reporting it.",
		},
		slots: [][]string{{"camera", "ceiling microphone", "HDMI cable", "touch panel"}, {"Pennine", "Humber", "Severn", "the Boardroom"}},
	},
	{
		category: "Access/Application access", team: teamIAM, effort: 16, weight: 0.7,
		subjects: []string{"Shared login for {0}", "Generic account for {0} PC"},
		asks:     []string{"We need one shared login for the PC at {0} so everyone on shift can use it.", "Can we have a generic account for the {0} computer? People keep forgetting to log out."},
		answers: []string{
			"Shared accounts aren't allowed because we can't tell who did what. Instead we've set up the PC at {0} in kiosk mode: it shows only the visitor and delivery apps and signs out by itself after 5 minutes.",
		},
		slots: [][]string{{"the gatehouse", "the canteen", "the training room", "Goods In"}},
	},
	{
		category: "Operations Systems/RouteMaster TMS", team: teamLogistics, effort: 12, weight: 1,
		subjects: []string{"{0} not receiving delivery confirmations", "EDI issue with {0}", "POD messages to {0}"},
		asks:     []string{"{0} say they haven't received our delivery confirmations since Monday.", "Customer {0} is chasing proof-of-delivery messages that should be automatic."},
		answers: []string{
			"The EDI feed to {0} had been failing since their certificate change on Monday. We installed their new certificate and resent the 34 queued messages; they have confirmed receipt.",
		},
		slots: [][]string{{"Harrowgate Foods", "Beckett Retail", "Mersey Pharma", "Calder Home Stores"}},
	},
	{
		category: "General/Facilities and AV", team: teamDesk, effort: 8, weight: 0.8,
		subjects: []string{"Clocking terminal wrong time", "Time clock at {0}"},
		asks:     []string{"The clocking-in terminal at {0} shows the wrong time since the clocks changed.", "Time clock at {0} is an hour out, people are worried about their pay."},
		answers: []string{
			"The clocking terminals are managed by the payroll time-and-attendance supplier. They resynchronised the terminal at {0}; payroll will correct any clockings from the last two days.",
		},
		slots: [][]string{{"the main gate", "the warehouse entrance", "the workshop", "Goods In"}},
	},
	{
		category: "Software/Updates", team: teamEndpoint, effort: 6, weight: 0.9,
		subjects: []string{"Macro not working after update", "{0} spreadsheet broken", "Excel macros blocked"},
		asks:     []string{"Our {0} spreadsheet macro stopped working after the Office update.", "Excel says macros have been blocked in the {0} file we use every day."},
		answers: []string{
			"Office now blocks macros in files that came from the internet or e-mail. We've moved the {0} workbook to a trusted location on the T: drive, where its macros run. Please open it from there from now on.",
		},
		slots: [][]string{{"rota", "fuel reconciliation", "customs tariff", "driver hours"}},
	},
	{
		category: "Security/Data handling", team: teamSecurity, effort: 16, weight: 0.6,
		subjects: []string{"CCTV footage request", "Need CCTV from {0}"},
		asks:     []string{"We need the CCTV footage from {0} on {1}, there was damage to a trailer.", "Can IT pull the camera recordings of {0} from {1}?"},
		answers: []string{
			"CCTV is run by Site Security rather than IT. I've forwarded your request for {0} ({1}) to them with the data protection form; recordings are kept 30 days, so they will extract it today.",
		},
		slots: [][]string{{"the yard", "the loading bay", "the car park", "dock 3"}, {"Tuesday night", "last Friday", "the weekend"}},
	},
	{
		category: "General/Other", team: teamDesk, effort: 4, weight: 1,
		subjects: []string{"{0}", "Problem with {0}"},
		asks:     []string{"Not sure who to ask: {0}.", "Hi, {0}. Can you help or pass it on?"},
		answers:  []string{"That one is for Facilities rather than IT. I've passed it to facilities@northwind.example with your details, and they will contact you directly."},
		slots:    [][]string{{"the heating on the second floor isn't working", "my chair is broken", "the coffee machine in the kitchen is leaking", "the lift is stuck on the ground floor"}},
	},
	{
		category: "Mobile/Smartphones", team: teamEndpoint, effort: 16, weight: 0.8,
		subjects: []string{"Roaming charges on my phone", "Phone bill {0}"},
		asks:     []string{"My company phone bill shows {0} of roaming charges from my trip. Is that right?", "Finance asked me about {0} roaming on my work phone."},
		answers: []string{
			"The roaming bundle wasn't added before your trip, so the calls were charged per minute ({0}). We've added the bundle now and asked the provider for a goodwill credit. Next time, add it from the IT portal under Request > Travel a few days before you go.",
		},
		slots: [][]string{{"£180", "£95", "£420", "£260"}},
	},
	{
		category: "Network/VPN", team: teamNetwork, effort: 24, weight: 0.7,
		subjects: []string{"VPN for {0}", "Remote access for {0}"},
		asks:     []string{"Can {0} get VPN access? They need to reach our StockPilot server.", "How do we give {0} remote access for a week?"},
		answers: []string{
			"Third parties don't get NorthGate VPN accounts. We've set up access for {0} through the supplier remote access portal instead: each session is approved by you and recorded, and the access ends on the date you gave.",
		},
		slots: [][]string{{"the auditors", "the WMS vendor", "a freelance developer", "our scanner supplier"}},
	},
	{
		category: "Hardware/Laptops", team: teamEndpoint, effort: 24, weight: 0.8,
		subjects: []string{"{0} loan laptops", "Loan laptops for {1}"},
		asks:     []string{"We need {0} loan laptops for {1} next week.", "Could we borrow {0} laptops for {1}?"},
		answers: []string{
			"{0} loan laptops are booked for {1}. They will be ready in the site IT room on Monday with a temporary sign-in sheet; please bring them back by Friday.",
		},
		slots: [][]string{{"3", "5", "8"}, {"the audit team", "a training course", "new agency drivers"}},
	},
	{
		category: "Printing/Printers", team: teamEndpoint, effort: 30, weight: 0.6,
		subjects: []string{"Printer for home", "Home printer request"},
		asks:     []string{"I work from home 3 days a week, can I have a printer at home? I'm in {0}.", "Is there any way to get a small printer for home working? {0} team."},
		answers: []string{
			"Home printers are provided only where the role needs printed documents and the manager approves, which is the case here. A small mono printer is on its way by post; it will print directly over USB.",
			"Home printers aren't provided for {0} roles. Please print in the office with FollowMe, or ask your manager if there is a specific need.",
		},
		slots: [][]string{{"Payroll", "Customs Brokerage", "Finance", "HR"}},
	},
}

// oneOffsFR are the French one-offs, from the Lyon and Lille sites.
var oneOffsFR = []oneOff{
	{
		category: "General/Facilities and AV", team: teamDesk, effort: 8, weight: 1,
		subjects: []string{"Badgeuse à l'heure incorrecte", "Badgeuse {0}"},
		asks:     []string{"La badgeuse de {0} affiche une mauvaise heure depuis le changement d'heure.", "La pointeuse de {0} a une heure de décalage, les collègues s'inquiètent pour leur paie."},
		answers:  []string{"Les badgeuses sont gérées par le prestataire de gestion des temps. Il a resynchronisé celle de {0} ; le service paie corrigera les pointages des deux derniers jours."},
		slots:    [][]string{{"l'entrée du quai", "l'atelier", "l'accueil"}},
	},
	{
		category: "General/Facilities and AV", team: teamDesk, effort: 24, weight: 1,
		subjects: []string{"Vidéoprojecteur pour {0}", "Matériel pour {0}"},
		asks:     []string{"Nous aurions besoin d'un vidéoprojecteur et de deux micros pour {0} vendredi prochain.", "Peut-on emprunter du matériel audiovisuel pour {0} ?"},
		answers:  []string{"Le kit audiovisuel mobile (vidéoprojecteur, deux micros sans fil, enceinte) est réservé pour {0}. Un technicien l'installera une heure avant le début."},
		slots:    [][]string{{"la réunion du CSE", "la formation sécurité", "la visite client", "la fête de fin d'année"}},
	},
	{
		category: "General/Other", team: teamDesk, effort: 4, weight: 1,
		subjects: []string{"{0}", "Problème : {0}"},
		asks:     []string{"Je ne sais pas à qui m'adresser : {0}.", "Bonjour, {0}. Pouvez-vous transmettre ?"},
		answers:  []string{"Cette demande relève des services généraux et non de l'informatique. Je l'ai transmise à services-generaux@northwind.example, qui vous recontacteront directement."},
		slots:    [][]string{{"le chauffage ne fonctionne pas au premier étage", "la machine à café fuit", "ma chaise est cassée", "la porte du quai 2 reste bloquée"}},
	},
	{
		category: "Software/Installation", team: teamEndpoint, effort: 16, weight: 0.8,
		subjects: []string{"Installation {0}", "Demande : {0}"},
		asks:     []string{"Pourriez-vous installer {0} sur mon PC ? La médecine du travail me l'a recommandé.", "J'ai besoin de {0}, il n'est pas dans le Centre logiciel."},
		answers:  []string{"{0} est installé sur votre PC et la licence vous est attribuée. Redémarrez une fois avant de l'utiliser."},
		slots:    [][]string{{"un logiciel de dictée vocale", "une loupe d'écran", "le pack de langue polonaise", "un lecteur d'écran"}},
	},
	{
		category: "Operations Systems/StockPilot WMS", team: teamLogistics, effort: 8, weight: 1.2,
		subjects: []string{"Imprimante d'étiquettes quai {0}", "Étiquettes blanches quai {0}"},
		asks:     []string{"L'imprimante d'étiquettes du quai {0} sort des étiquettes blanches.", "Quai {0} : l'imprimante d'étiquettes ne fonctionne plus, on bloque les expéditions."},
		answers:  []string{"Le technicien du site a remplacé la tête d'impression de l'imprimante du quai {0} et fait un test : les étiquettes sortent correctement."},
		slots:    [][]string{{"3", "5", "7", "12"}},
	},
	{
		category: "Operations Systems/RouteMaster TMS", team: teamLogistics, effort: 12, weight: 1,
		subjects: []string{"{0} ne reçoit plus nos avis d'expédition", "EDI {0}"},
		asks:     []string{"Le client {0} ne reçoit plus nos avis d'expédition depuis lundi.", "{0} nous relance pour les preuves de livraison, normalement c'est automatique."},
		answers:  []string{"Le flux EDI vers {0} échouait depuis le changement de leur certificat. Nous avons installé le nouveau certificat et renvoyé les messages en attente ; le client a confirmé la réception."},
		slots:    [][]string{{"Lumière Distribution", "Fromageries Bréval", "Rhône Pharma", "Maison Garance"}},
	},
	{
		category: "Files/File recovery", team: teamInfra, effort: 16, weight: 0.6,
		subjects: []string{"Récupérer des fichiers sur {0}", "Données sur {0}"},
		asks:     []string{"Est-il possible de récupérer des photos sur {0} ? C'est pour un dossier d'assurance.", "J'ai un fichier important sur {0} qui ne s'ouvre plus."},
		answers:  []string{"Nous n'avons pas les outils pour {0} en interne. Avec l'accord de votre responsable, nous pouvons l'envoyer à notre partenaire de récupération de données : environ 350 € et cinq jours ouvrés."},
		slots:    [][]string{{"une clé USB abîmée", "une carte SD de caméra embarquée", "un disque dur externe tombé"}},
	},
	{
		category: "Mobile/Smartphones", team: teamEndpoint, effort: 16, weight: 0.7,
		subjects: []string{"Frais d'itinérance", "Facture téléphone {0}"},
		asks:     []string{"Ma facture de téléphone pro indique {0} de frais d'itinérance après mon déplacement.", "La comptabilité me demande pourquoi j'ai {0} de hors forfait."},
		answers:  []string{"L'option internationale n'avait pas été ajoutée avant votre déplacement, d'où {0} facturés à la minute. Elle est ajoutée désormais et nous avons demandé un geste commercial à l'opérateur. La prochaine fois, faites la demande sur le portail IT quelques jours avant le départ."},
		slots:    [][]string{{"95 €", "210 €", "340 €"}},
	},
}
