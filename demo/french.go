package demo

import "time"

// frenchAreas is the French knowledge base, for the Lyon and Lille sites:
// translations of the most used English articles (guide.of names the
// original) and a few articles that only exist in French. Teams, systems and
// seasonality come from the English area of the same category.
func frenchAreas() []area {
	return []area{
		frPasswordArea, frLockoutArea, frMFAArea, frVPNArea, frWifiArea,
		frPrinterArea, frMailArea, frSharedMailboxArea, frMeetingsArea,
		frPhishingArea, frAccessArea, frSoftwareArea, frNorthDriveArea,
		frExpensesArea, frPayrollArea, frPeopleFirstArea, frLaptopArea, frJoinerArea,
	}
}

var frPasswordArea = area{
	category: "Accounts/Password reset", weight: 130, tags: []string{"password", "passport"},
	guides: []guide{{
		key: "fr-pwd-selfservice", of: "pwd-selfservice",
		title: "Réinitialiser votre mot de passe Northwind avec Passport",
		intro: "Passport est notre outil de réinitialisation en libre-service. Si vous avez enregistré un numéro de mobile ou une adresse e-mail personnelle à votre arrivée, vous pouvez réinitialiser vous-même un mot de passe oublié ou expiré, à toute heure, sans attendre le Service Desk.",
		before: []string{
			"Vous êtes inscrit à Passport (l'inscription est proposée à votre première connexion).",
			"Vous avez sous la main le téléphone ou la messagerie personnelle enregistrés.",
		},
		steps: []string{
			"Ouvrez **https://passport.northwind.example** dans n'importe quel navigateur, ou cliquez sur **Mot de passe oublié ?** sur la page de connexion.",
			"Saisissez votre adresse e-mail professionnelle (par exemple `prenom.nom@northwind.example`) et validez le contrôle par image.",
			"Choisissez comment recevoir le code de vérification : SMS ou e-mail personnel.",
			"Saisissez le code à 6 chiffres. Il est valable 10 minutes.",
			"Saisissez deux fois le nouveau mot de passe : au moins 14 caractères, différent de vos 10 derniers mots de passe.",
			"Cliquez sur **Réinitialiser**, puis patientez une minute avant de vous reconnecter, le temps que le changement atteigne tous les systèmes.",
		},
		notes: []string{
			"Sur un PC Windows au bureau, verrouillez la session (**Ctrl+Alt+Suppr > Verrouiller**) puis déverrouillez-la avec le nouveau mot de passe.",
			"Mettez à jour le mot de passe dans Outlook et Teams sur votre téléphone quand ils le demandent : les anciens mots de passe enregistrés sont la première cause de verrouillage.",
		},
		asks: []string{
			"J'ai oublié mon mot de passe et je ne peux plus me connecter.", "Mon mot de passe a expiré pendant mes congés, pouvez-vous le réinitialiser ?",
			"Pouvez-vous réinitialiser mon mot de passe s'il vous plaît ? Je n'ai plus accès à rien.",
		},
		subjects: []string{"Réinitialisation mot de passe", "Mot de passe oublié", "Mot de passe expiré"},
		weight:   3,
	}, {
		key: "fr-pwd-change", of: "pwd-change",
		title: "Changer votre mot de passe avant son expiration",
		intro: "Les mots de passe Northwind expirent tous les 90 jours. Un rappel s'affiche 14 jours avant : le changer à l'avance vous évite d'être bloqué un lundi matin.",
		steps: []string{
			"Enregistrez votre travail, appuyez sur **Ctrl+Alt+Suppr** et choisissez **Modifier un mot de passe**.",
			"Saisissez l'ancien mot de passe, puis deux fois le nouveau.",
			"En télétravail, connectez-vous d'abord à NorthGate VPN pour que le PC puisse joindre un contrôleur de domaine.",
			"Verrouillez puis déverrouillez le PC avec le nouveau mot de passe.",
			"Sur votre téléphone, saisissez le nouveau mot de passe dans Outlook, Teams et le Wi-Fi NW-Corp quand ils le demandent.",
		},
		ref: &reference{title: "Règles de mot de passe", rows: [][]string{
			{"Règle", "Exigence"},
			{"Longueur", "14 caractères minimum"},
			{"Historique", "Différent de vos 10 derniers mots de passe"},
			{"Contenu", "Ne doit contenir ni votre nom ni votre identifiant"},
			{"Expiration", "Tous les 90 jours, rappels à partir du 76e jour"},
		}},
		notes: []string{"Une phrase de passe, trois mots sans rapport et un chiffre, est plus facile à retenir et suffisamment robuste."},
		asks: []string{
			"Comment changer mon mot de passe avant qu'il expire ? J'ai le rappel tous les jours.",
			"Mon mot de passe expire dans 3 jours, comment le changer depuis chez moi ?",
		},
		subjects: []string{"Rappel expiration mot de passe", "Changer mon mot de passe"},
	}},
	faqTitle: "Mots de passe : questions fréquentes",
	faqs: []faq{
		{"À quelle fréquence dois-je changer mon mot de passe ?", "Tous les 90 jours. Passport et Windows vous préviennent 14 jours avant l'expiration."},
		{"Le Service Desk peut-il me donner mon mot de passe actuel ?", "Non. Personne chez Northwind ne peut voir votre mot de passe et nous ne vous le demanderons jamais. Nous pouvons seulement en définir un nouveau après avoir vérifié votre identité."},
		{"Dois-je aussi changer le mot de passe sur mon téléphone ?", "Oui. Outlook, Teams et le Wi-Fi NW-Corp de votre téléphone gardent l'ancien mot de passe tant que vous ne saisissez pas le nouveau, et un téléphone qui réessaie l'ancien verrouille votre compte au bout de 10 tentatives."},
		{"Puis-je utiliser le même mot de passe pour PeopleFirst et mon PC ?", "Vous n'avez pas besoin d'un mot de passe distinct : PeopleFirst, SpendWise et la plupart des applications utilisent Northwind Sign-In. N'utilisez jamais ce mot de passe sur des sites extérieurs à l'entreprise."},
	},
	runbooks: []guide{{
		key:   "fr-rb-pwd-lyon",
		title: "Procédure : réinitialiser le mot de passe d'un collaborateur des sites français",
		intro: "Pour les agents du Service Desk francophone. À suivre quand un collaborateur de Lyon ou de Lille ne peut pas utiliser Passport. La vérification d'identité passe toujours en premier.",
		steps: []string{
			"Demandez le matricule, puis rappelez le collaborateur sur le numéro de mobile enregistré dans PeopleFirst, ou faites un appel vidéo et comparez avec la photo du badge.",
			"Ne réinitialisez jamais sur la foi d'un e-mail envoyé depuis une adresse personnelle.",
			"Dans **Directory Admin Console > Utilisateurs**, recherchez le compte et choisissez **Réinitialiser le mot de passe**.",
			"Cochez **L'utilisateur doit changer le mot de passe à la prochaine connexion** et générez un mot de passe à usage unique.",
			"Communiquez-le uniquement par le canal vérifié, jamais par e-mail ni par chat.",
			"Notez la méthode de vérification dans une note interne du ticket.",
		},
	}},
}

var frLockoutArea = area{
	category: "Accounts/Account lockout", weight: 55,
	issues: []issue{{
		key: "fr-lockout-repeat", of: "lockout-repeat",
		title: "Votre compte se verrouille sans arrêt",
		intro: "Si votre compte se verrouille encore et encore, même juste après un déverrouillage, un appareil essaie toujours un ancien mot de passe. Trouvez-le et les verrouillages s'arrêtent.",
		symptoms: []string{
			"La connexion affiche *Votre compte a été verrouillé*.", "Vous êtes de nouveau bloqué peu après un déverrouillage.",
			"Outlook sur votre téléphone redemande sans cesse votre mot de passe.",
		},
		causes: []cause{
			{"votre téléphone ou votre tablette a gardé l'ancien mot de passe", []string{
				"Sur le téléphone, ouvrez Outlook et Teams et reconnectez-vous avec le nouveau mot de passe.",
				"Oubliez le réseau Wi-Fi **NW-Corp** et reconnectez-vous avec le nouveau mot de passe.",
				"Éteignez tout ancien téléphone ou tablette qui contient encore votre compte professionnel.",
			}},
			{"un lecteur réseau ou un identifiant enregistré sur le PC utilise l'ancien mot de passe", []string{
				"Ouvrez **Panneau de configuration > Gestionnaire d'identification > Informations d'identification Windows**.",
				"Supprimez les entrées qui mentionnent `northwind` ou `nwfs`.", "Redémarrez le PC et connectez-vous avec votre mot de passe actuel.",
			}},
			{"quelqu'un d'autre essaie de se connecter avec votre compte", []string{
				"Prévenez immédiatement le Service Desk : nous vérifions d'où viennent les tentatives.",
			}},
		},
		asks: []string{
			"Mon compte se bloque tous les matins.", "Compte verrouillé pour la troisième fois aujourd'hui, pouvez-vous m'aider ?",
			"Mon compte est encore verrouillé alors que j'ai changé mon mot de passe hier.",
		},
		subjects: []string{"Compte verrouillé", "Compte bloqué", "Verrouillage du compte"},
	}},
}

var frMFAArea = area{
	category: "Accounts/MFA", weight: 65,
	guides: []guide{{
		key: "fr-mfa-newphone", of: "mfa-newphone",
		title: "Installer NW Verify sur un nouveau téléphone",
		intro: "Quand vous changez de téléphone, transférez NW Verify avant de réinitialiser ou de rendre l'ancien. S'il n'est plus disponible, le Service Desk peut vous fournir un passe d'accès temporaire.",
		steps: []string{
			"Gardez NW Verify installé sur l'**ancien** téléphone pour le moment.",
			"Sur un ordinateur, ouvrez **https://login.northwind.example/security-info** et connectez-vous.",
			"Cliquez sur **Ajouter une méthode > Application d'authentification** et choisissez **NW Verify**.",
			"Sur le nouveau téléphone, installez NW Verify depuis l'App Store ou Google Play, puis touchez **Ajouter un compte > Compte professionnel**.",
			"Scannez le QR code affiché sur l'ordinateur.",
			"Validez la notification de test, puis supprimez l'ancien téléphone de la liste des méthodes.",
		},
		notes:    []string{"Plus d'ancien téléphone ? Appelez le Service Desk : après vérification de votre identité, nous créons un passe d'accès temporaire valable 8 heures."},
		asks:     []string{"J'ai un nouveau téléphone, comment transférer l'application d'authentification ?", "J'ai changé de portable et je ne peux plus valider les connexions."},
		subjects: []string{"MFA nouveau téléphone", "NW Verify sur nouveau portable"},
		weight:   2,
	}, {
		key: "fr-mfa-number-matching", of: "mfa-number-matching", fresh: true,
		title: "Correspondance de nombres dans NW Verify : ce qui change",
		intro: "NW Verify vous demande désormais de saisir le nombre à deux chiffres affiché sur l'écran de connexion, au lieu de simplement toucher **Approuver**. Cela bloque les attaquants qui envoient des demandes en rafale en espérant que vous en acceptiez une.",
		steps: []string{
			"Connectez-vous comme d'habitude sur votre ordinateur.", "Repérez le nombre à deux chiffres affiché sur la page de connexion.",
			"Sur votre téléphone, ouvrez la notification NW Verify et saisissez ce nombre.",
			"Touchez **Oui**. Si vous n'êtes pas à l'origine de la connexion, touchez **Non, ce n'est pas moi** et signalez-le.",
		},
		asks:     []string{"L'application me demande maintenant un nombre, où le trouver ?", "NW Verify veut un code à deux chiffres, c'est normal ?"},
		subjects: []string{"MFA demande un nombre", "NW Verify code à deux chiffres"},
	}},
}

var frVPNArea = area{
	category: "Network/VPN", weight: 60,
	guides: []guide{{
		key: "fr-vpn-install-windows", of: "vpn-install-windows",
		title: "Installer et connecter NorthGate VPN sur un PC Windows",
		intro: "NorthGate VPN relie votre PC Northwind au réseau de l'entreprise depuis chez vous, un hôtel ou un site client. Il est nécessaire pour RouteMaster et les lecteurs réseau ; Outlook, Teams et NorthDrive fonctionnent sans.",
		steps: []string{
			"Ouvrez le **Centre logiciel** depuis le menu Démarrer, cherchez **NorthGate VPN** et cliquez sur **Installer** (il est déjà présent sur la plupart des PC).",
			"Cliquez sur l'icône NorthGate (un petit bouclier) près de l'horloge.",
			"Le portail `vpn.northwind.example` est déjà renseigné : cliquez sur **Connecter**.",
			"Connectez-vous avec votre adresse e-mail professionnelle et votre mot de passe, puis validez la demande NW Verify.",
			"Attendez que le bouclier passe au vert. La passerelle la plus proche (EU-Lyon pour la France) est choisie automatiquement.",
		},
		notes:    []string{"Le Wi-Fi des hôtels et des trains demande souvent d'accepter des conditions dans le navigateur : faites-le avant de lancer le VPN."},
		asks:     []string{"Comment installer le VPN sur mon PC ? Je serai en télétravail la semaine prochaine.", "J'ai besoin du VPN pour accéder au lecteur S: depuis chez moi."},
		subjects: []string{"Installation VPN", "Télétravail VPN", "Accès VPN"},
	}},
	issues: []issue{{
		key: "fr-vpn-wont-connect", of: "vpn-wont-connect",
		title: "NorthGate VPN ne se connecte pas",
		intro: "La plupart des problèmes de VPN viennent de trois choses : la connexion internet, votre mot de passe ou un client trop ancien. Vérifiez-les dans cet ordre.",
		symptoms: []string{
			"Le client reste sur *Connexion...* puis affiche *La passerelle ne répond pas*.",
			"Le message *Échec de l'authentification* s'affiche juste après la saisie du mot de passe.",
		},
		causes: []cause{
			{"la connexion internet ne fonctionne pas", []string{
				"Ouvrez un site public. S'il ne s'affiche pas, le problème vient de votre box ou du Wi-Fi, pas du VPN.",
				"Essayez le partage de connexion de votre téléphone.",
			}},
			{"votre mot de passe a expiré ou votre compte est verrouillé", []string{
				"Connectez-vous sur **https://apps.northwind.example** dans un navigateur. Si cela échoue aussi, réinitialisez ou déverrouillez avec Passport.",
				"Après une réinitialisation, verrouillez puis déverrouillez Windows avec le nouveau mot de passe avant de lancer le VPN.",
			}},
			{"le client VPN n'est pas à jour", []string{
				"Ouvrez **Centre logiciel > Mises à jour** et installez la mise à jour de NorthGate VPN.", "Redémarrez le PC et reconnectez-vous.",
			}},
		},
		asks:     []string{"Le VPN ne se connecte pas, il reste sur « Connexion... ».", "Impossible de me connecter au VPN depuis chez moi aujourd'hui.", "NorthGate affiche échec de l'authentification alors que mon mot de passe est bon."},
		subjects: []string{"VPN ne se connecte pas", "Problème VPN", "Échec connexion VPN"},
		weight:   3,
	}},
}

var frWifiArea = area{
	category: "Network/Wi-Fi", weight: 30,
	guides: []guide{{
		key: "fr-wifi-corp", of: "wifi-corp",
		title: "Se connecter au Wi-Fi NW-Corp",
		intro: "NW-Corp est le Wi-Fi des collaborateurs dans tous les bureaux et entrepôts Northwind. Les PC Northwind s'y connectent automatiquement grâce à un certificat ; les téléphones professionnels utilisent votre mot de passe réseau.",
		steps: []string{
			"Sur un PC Northwind, cliquez sur l'icône Wi-Fi et choisissez **NW-Corp** : la connexion est automatique.",
			"Sur un téléphone professionnel, choisissez **NW-Corp**, méthode EAP **PEAP**, certificat CA **Utiliser les certificats système**, domaine `northwind.example`.",
			"Saisissez votre adresse e-mail professionnelle comme identité, puis votre mot de passe réseau.",
		},
		notes:    []string{"Les appareils personnels ne sont pas autorisés sur NW-Corp : utilisez NW-Guest."},
		asks:     []string{"Comment connecter mon téléphone pro au Wi-Fi du bureau ?", "Quel est le mot de passe du Wi-Fi ?"},
		subjects: []string{"Mot de passe Wi-Fi", "Connexion Wi-Fi bureau"},
	}, {
		key: "fr-wifi-guest", of: "wifi-guest",
		title: "Wi-Fi invités et appareils personnels (NW-Guest)",
		intro: "Les visiteurs, les prestataires et vos appareils personnels utilisent NW-Guest, qui donne accès à internet uniquement.",
		steps: []string{
			"Demandez le code du jour à l'accueil.", "Connectez-vous à **NW-Guest** et ouvrez un site : la page d'accueil s'affiche.",
			"Saisissez le code et acceptez les conditions. L'accès est valable jusqu'à minuit.",
			"Pour un événement avec de nombreux visiteurs, demandez des codes sur le portail IT cinq jours ouvrés à l'avance.",
		},
		asks:     []string{"Nous recevons des visiteurs demain, comment ont-ils accès au Wi-Fi ?", "Quel est le code du Wi-Fi invité aujourd'hui ?"},
		subjects: []string{"Wi-Fi invité", "Code NW-Guest"},
	}},
}

var frPrinterArea = area{
	category: "Printing/Printers", weight: 40,
	guides: []guide{{
		key: "fr-print-followme", of: "print-followme",
		title: "Imprimer avec PrintHub FollowMe (impression sécurisée)",
		intro: "Toutes les imprimantes de bureau Northwind utilisent PrintHub FollowMe : vous imprimez vers une file unique, puis vous libérez le document sur n'importe quelle imprimante avec votre badge.",
		steps: []string{
			"Imprimez normalement en choisissant l'imprimante **NW-FollowMe**.",
			"Allez à n'importe quelle imprimante de bureau, sur n'importe quel site.",
			"Passez votre badge sur le lecteur. La première fois, saisissez votre identifiant et votre mot de passe réseau pour associer le badge.",
			"Sélectionnez vos documents à l'écran et touchez **Imprimer**.",
		},
		notes:    []string{"Les documents sont conservés 24 heures, puis supprimés."},
		asks:     []string{"Comment imprimer sur les nouvelles imprimantes ? J'ai lancé l'impression mais rien ne sort.", "Comment fonctionne l'impression avec le badge ?"},
		subjects: []string{"Impression badge", "Comment imprimer", "Imprimante FollowMe"},
	}},
	issues: []issue{{
		key: "fr-print-not-printing", of: "print-not-printing",
		title:    "Votre document ne s'imprime pas",
		intro:    "Vous avez lancé l'impression, passé votre badge, et l'imprimante n'affiche rien ou n'imprime pas.",
		symptoms: []string{"L'écran de l'imprimante indique *Aucun document trouvé*.", "L'imprimante affiche *Badge non reconnu*."},
		causes: []cause{
			{"le document a été envoyé à une autre imprimante que NW-FollowMe", []string{
				"Dans **Paramètres > Bluetooth et appareils > Imprimantes et scanners**, définissez **NW-FollowMe** comme imprimante par défaut.",
				"Supprimez les anciennes imprimantes (par exemple `LYO-1-MFP01`), qui n'existent plus.", "Relancez l'impression.",
			}},
			{"votre badge n'est pas associé à votre compte", []string{
				"Passez le badge, choisissez **Connexion manuelle** et saisissez votre identifiant et votre mot de passe.",
				"Acceptez l'association du badge.",
			}},
			{"l'imprimante manque de papier ou de toner, ou a un bourrage", []string{
				"Suivez les instructions à l'écran pour dégager le bourrage.", "Libérez le document sur une autre imprimante en attendant.",
			}},
		},
		asks:     []string{"J'ai lancé une impression mais rien ne sort quand je passe mon badge.", "L'imprimante du premier étage n'imprime plus mes documents.", "Mon nouveau badge ne fonctionne pas sur l'imprimante."},
		subjects: []string{"Imprimante n'imprime pas", "Problème d'impression", "Badge non reconnu"},
		weight:   3,
	}},
}

var frMailArea = area{
	category: "Email/Mailbox", weight: 50,
	guides: []guide{{
		key: "fr-mail-ooo", of: "mail-ooo",
		title: "Activer votre message d'absence",
		intro: "Programmez une réponse automatique avant de partir en congés, pour indiquer qui contacter en votre absence.",
		steps: []string{
			"Dans Outlook sous Windows, cliquez sur **Fichier > Réponses automatiques**. Dans Outlook sur le web : **Paramètres > Courrier > Réponses automatiques**.",
			"Choisissez **Envoyer des réponses automatiques** et cochez **Envoyer uniquement pendant cette période**.",
			"Indiquez les dates de début et de fin.",
			"Rédigez le message interne avec la personne à contacter.",
			"Dans l'onglet **En dehors de mon organisation**, rédigez un message plus court, sans numéro de téléphone.",
		},
		asks:     []string{"Comment mettre un message d'absence ?", "Je pars en vacances demain, comment activer la réponse automatique ?"},
		subjects: []string{"Message d'absence", "Réponse automatique"},
	}},
	issues: []issue{{
		key: "fr-mail-not-receiving", of: "mail-not-receiving",
		title:    "Outlook n'envoie ou ne reçoit plus de messages",
		intro:    "Si les nouveaux messages n'arrivent plus ou si les vôtres restent dans la boîte d'envoi, vérifiez ces causes, de la plus fréquente à la plus rare.",
		symptoms: []string{"La barre d'état d'Outlook indique *Déconnecté* ou *Hors connexion*.", "Les messages restent dans la **Boîte d'envoi**."},
		causes: []cause{
			{"Outlook est en mode hors connexion", []string{
				"Dans l'onglet **Envoi/Réception**, vérifiez que **Travailler hors connexion** n'est pas activé ; cliquez dessus pour le désactiver.",
				"Appuyez sur **F9** pour envoyer et recevoir.",
			}},
			{"votre boîte aux lettres est pleine", []string{
				"Vérifiez la taille sous **Fichier > Informations** : au-delà de 49 Go, Outlook n'envoie plus.",
				"Videz les **Éléments supprimés** et supprimez les grosses pièces jointes des **Éléments envoyés**.",
			}},
			{"le profil Outlook est endommagé", []string{
				"Fermez Outlook et ouvrez Outlook sur le web (https://mail.northwind.example). Si le courrier fonctionne, le problème vient de l'application.",
				"Dans **Panneau de configuration > Courrier > Afficher les profils**, créez un nouveau profil et définissez-le par défaut.",
			}},
		},
		asks:     []string{"Je ne reçois plus aucun e-mail depuis ce matin.", "Mes messages restent bloqués dans la boîte d'envoi.", "Outlook indique déconnecté."},
		subjects: []string{"Ne reçois plus d'e-mails", "Messages bloqués dans la boîte d'envoi", "Outlook déconnecté"},
		weight:   2.5,
	}},
}

var frSharedMailboxArea = area{
	category: "Email/Shared mailboxes and lists", weight: 22,
	guides: []guide{{
		key: "fr-smb-add", of: "smb-add",
		title: "Ouvrir une boîte aux lettres partagée dans Outlook",
		intro: "Les adresses d'équipe comme `exploitation-lyon@` ou `service-client-fr@` sont des boîtes partagées. Une fois l'accès accordé, Outlook les ajoute sous votre boîte dans l'heure.",
		steps: []string{
			"Redémarrez Outlook environ une heure après l'approbation : la boîte apparaît dans la liste des dossiers.",
			"Sinon, cliquez sur **Fichier > Paramètres du compte**, sélectionnez votre compte, puis **Modifier > Paramètres supplémentaires > Options avancées**.",
			"Cliquez sur **Ajouter**, saisissez le nom de la boîte partagée et validez.",
		},
		asks:     []string{"J'ai l'accès à la boîte exploitation-lyon mais je ne la vois pas dans Outlook.", "Comment ajouter la boîte partagée du service client ?"},
		subjects: []string{"Boîte partagée", "Accès boîte aux lettres partagée"},
	}},
}

var frMeetingsArea = area{
	category: "Collaboration/Meetings and rooms", weight: 18,
	issues: []issue{{
		key: "fr-meet-audio", of: "meet-audio",
		title:    "Pas de son ou de micro dans les réunions Teams",
		intro:    "Si personne ne vous entend, ou si vous n'entendez rien, Teams utilise généralement un autre périphérique que celui que vous croyez.",
		symptoms: []string{"Les participants disent *on ne t'entend pas*.", "Le casque fonctionne dans les autres applications mais pas dans Teams."},
		causes: []cause{
			{"Teams utilise le mauvais haut-parleur ou micro", []string{
				"Pendant la réunion, cliquez sur **Plus > Paramètres > Paramètres de l'appareil**.",
				"Choisissez votre casque pour le **Haut-parleur** et le **Microphone**.",
			}},
			{"le micro est bloqué par les paramètres de confidentialité de Windows", []string{
				"Ouvrez **Paramètres > Confidentialité et sécurité > Microphone**.", "Activez **Autoriser les applications de bureau à accéder au microphone**.",
			}},
		},
		asks:     []string{"Personne ne m'entend dans les réunions Teams.", "Je n'entends rien dans les appels Teams.", "Le micro de mon casque ne marche pas dans Teams."},
		subjects: []string{"Pas de son Teams", "Micro ne fonctionne pas"},
		weight:   2,
	}},
}

var frPhishingArea = area{
	category: "Security/Phishing", weight: 35,
	guides: []guide{{
		key: "fr-phish-report", of: "phish-report",
		title: "Signaler un e-mail suspect (hameçonnage)",
		intro: "Si un e-mail vous demande de cliquer, de payer, de vous connecter ou d'ouvrir une pièce jointe et qu'il vous semble bizarre, signalez-le. Cela prend cinq secondes et permet à l'équipe Sécurité de vérifier si d'autres l'ont reçu.",
		steps: []string{
			"Ne cliquez sur aucun lien, n'ouvrez aucune pièce jointe et ne répondez pas.",
			"Dans Outlook, sélectionnez le message et cliquez sur **Report Phish** dans le ruban.",
			"Confirmez : le message quitte votre boîte et part à Security Operations.",
			"Si vous avez déjà cliqué ou saisi votre mot de passe, appelez immédiatement le Service Desk au poste " + deskExt + ".",
		},
		notes:    []string{"Le service informatique ne vous demandera jamais votre mot de passe par e-mail."},
		asks:     []string{"J'ai reçu un e-mail bizarre qui me demande de mettre à jour mes coordonnées bancaires, est-ce normal ?", "Mail suspect d'un transporteur avec une pièce jointe, est-ce du phishing ?"},
		subjects: []string{"E-mail suspect", "Phishing ?", "Mail frauduleux"},
		weight:   2,
	}},
}

var frAccessArea = area{
	category: "Access/Application access", weight: 110,
	guides: []guide{{
		key: "fr-access-request", of: "access-request",
		title: "Demander l'accès à une application dans AccessHub",
		intro: "AccessHub (access.northwind.example) permet de demander l'accès aux applications, boîtes partagées, équipes Teams et dossiers. Votre responsable valide, parfois aussi le propriétaire de l'application, puis l'accès est accordé automatiquement.",
		steps: []string{
			"Ouvrez **https://access.northwind.example** et connectez-vous.",
			"Cliquez sur **Demander un accès** et recherchez l'application, par exemple `RouteMaster`.",
			"Choisissez le rôle nécessaire ; en cas de doute, prenez le plus restreint.",
			"Indiquez une justification courte : les demandes sans justification sont refusées.",
			"Cliquez sur **Envoyer** et suivez la demande dans **Mes demandes**.",
			"Quand elle passe à **Accordé**, déconnectez-vous de l'application puis reconnectez-vous.",
		},
		asks:     []string{"J'ai besoin d'un accès à RouteMaster pour mon nouveau poste.", "Pouvez-vous me donner accès à Ledgerline ? Mon responsable est d'accord.", "Comment demander l'accès à StockPilot pour le site de Lille ?"},
		subjects: []string{"Demande d'accès", "Accès RouteMaster", "Accès application"},
		weight:   3,
	}},
}

var frSoftwareArea = area{
	category: "Software/Installation", weight: 55,
	guides: []guide{{
		key: "fr-sw-centre", of: "sw-centre",
		title: "Installer un logiciel depuis le Centre logiciel",
		intro: "Le Centre logiciel est le magasin d'applications des PC Northwind. Tout ce qu'il contient est licencié et testé, et s'installe sans droits d'administrateur.",
		steps: []string{
			"Cliquez sur **Démarrer**, tapez `Centre logiciel` et ouvrez-le.",
			"Parcourez **Applications** ou recherchez le logiciel par son nom.",
			"Cliquez sur l'application puis sur **Installer**. Les éléments marqués **Demander** doivent d'abord être approuvés.",
			"Laissez le PC allumé et connecté jusqu'à l'état **Installé**.",
		},
		asks:     []string{"Comment installer Visio ?", "Pouvez-vous m'installer 7-Zip ?", "Où trouver Power BI pour mon PC ?"},
		subjects: []string{"Installation logiciel", "Demande d'installation"},
		weight:   2,
	}},
}

var frNorthDriveArea = area{
	category: "Files/NorthDrive", weight: 22,
	issues: []issue{{
		key: "fr-nd-sync", of: "nd-sync",
		title:    "NorthDrive ne synchronise plus",
		intro:    "Si l'icône NorthDrive affiche une croix rouge ou si la synchronisation ne se termine jamais, l'une des causes suivantes est généralement en jeu.",
		symptoms: []string{"L'icône nuage affiche un rond rouge.", "Des fichiers restent *En attente de synchronisation* pendant des heures."},
		causes: []cause{
			{"un nom de fichier est trop long ou contient des caractères interdits", []string{
				"Cliquez sur l'icône nuage pour voir le fichier bloqué.", "Renommez-le sans `\" * : < > ? / \\ |` et gardez le chemin complet sous 400 caractères.",
			}},
			{"NorthDrive est déconnecté ou en pause", []string{
				"Cliquez sur l'icône nuage : s'il indique **En pause**, cliquez sur **Reprendre** ; s'il demande de vous connecter, faites-le.",
			}},
		},
		asks:     []string{"NorthDrive a une croix rouge et ne synchronise plus.", "Mes fichiers ne se synchronisent plus dans NorthDrive."},
		subjects: []string{"NorthDrive ne synchronise pas", "Erreur de synchronisation"},
	}},
}

var frExpensesArea = area{
	category: "Finance Systems/Expenses", weight: 28,
	guides: []guide{{
		key: "fr-exp-claim", of: "exp-claim",
		title: "Saisir une note de frais dans SpendWise",
		intro: "Déclarez vos frais professionnels dans SpendWise dans les 60 jours. Une photo du justificatif suffit ; conservez l'original uniquement au-delà de 250 €.",
		steps: []string{
			"Ouvrez **SpendWise** depuis apps.northwind.example ou l'application mobile.",
			"Touchez **Nouvelle dépense** et photographiez le justificatif : SpendWise lit la date et le montant.",
			"Choisissez la catégorie (transport, hôtel, repas, indemnités kilométriques, autre) et le centre de coût.",
			"Pour un repas avec des clients, indiquez les participants.",
			"Regroupez les dépenses dans une note et cliquez sur **Soumettre**. Votre responsable valide, la comptabilité contrôle, et le remboursement arrive avec la paie.",
		},
		notes:    []string{"En France, les indemnités kilométriques suivent le barème fiscal en vigueur ; SpendWise calcule la distance à partir des adresses."},
		asks:     []string{"Comment me faire rembourser mes billets de train ?", "Comment saisir une note de frais ?", "J'ai payé un déjeuner d'équipe, comment le déclarer ?"},
		subjects: []string{"Note de frais", "Remboursement de frais", "Aide SpendWise"},
		weight:   2,
	}},
}

var frPayrollArea = area{
	category: "HR Systems/Payroll", weight: 15,
	guides: []guide{{
		key:   "fr-pay-bulletin",
		title: "Consulter votre bulletin de paie (France)",
		intro: "Pour les salariés de Northwind Logistique France, les bulletins de paie sont déposés dans le coffre-fort numérique PeopleFirst le 26 de chaque mois. Ils sont conservés pendant 50 ans, même après votre départ.",
		steps: []string{
			"Ouvrez PeopleFirst depuis apps.northwind.example.", "Cliquez sur **Paie > Mes bulletins (France)**.",
			"Sélectionnez le mois et cliquez sur **Télécharger le PDF**.",
			"L'attestation fiscale annuelle se trouve dans **Paie > Documents fiscaux**.",
		},
		notes:    []string{"Pour toute question sur le contenu du bulletin (heures supplémentaires, mutuelle, prélèvement à la source), contactez le service paie : paie-france@northwind.example."},
		asks:     []string{"Où trouver mon bulletin de paie ?", "Je n'arrive pas à télécharger ma fiche de paie du mois dernier.", "J'ai besoin de mes trois derniers bulletins pour un dossier de location."},
		subjects: []string{"Bulletin de paie", "Fiche de paie", "Où est ma fiche de paie"},
		weight:   2,
	}},
}

var frPeopleFirstArea = area{
	category: "HR Systems/PeopleFirst", weight: 25,
	busy: months{time.May: 1.3, time.December: 1.3},
	guides: []guide{{
		key:   "fr-pf-conges",
		title: "Poser des congés payés ou des RTT dans PeopleFirst",
		intro: "Les salariés des sites français posent leurs congés payés et leurs jours de RTT dans PeopleFirst. Votre responsable valide et l'absence apparaît dans votre calendrier Outlook.",
		steps: []string{
			"Dans PeopleFirst, cliquez sur **Absences > Nouvelle demande**.",
			"Choisissez le type : **Congés payés**, **RTT** ou **Congé exceptionnel**.",
			"Indiquez les dates et, si besoin, la demi-journée.",
			"Vérifiez le solde affiché, puis cliquez sur **Envoyer**.",
		},
		ref: &reference{title: "Périodes de référence", rows: [][]string{
			{"Type", "Période", "À poser avant"},
			{"Congés payés", "1er juin - 31 mai", "31 mai"},
			{"RTT", "Année civile", "31 décembre"},
		}},
		notes:    []string{"Les RTT non posés au 31 décembre sont perdus, sauf accord de votre responsable."},
		asks:     []string{"Comment poser une journée de RTT ?", "Mon solde de congés payés est faux dans PeopleFirst.", "Où faire ma demande de congés ?"},
		subjects: []string{"Poser des RTT", "Demande de congés", "Solde de congés"},
		weight:   1.5,
	}},
}

var frLaptopArea = area{
	category: "Hardware/Laptops", weight: 45,
	guides: []guide{{
		key:   "fr-laptop-azerty",
		title: "Passer le clavier en AZERTY ou QWERTY sur un PC Northwind",
		intro: "Les PC livrés par le siège au Royaume-Uni sont parfois configurés en QWERTY. Vous pouvez ajouter la disposition française et passer de l'une à l'autre en un raccourci.",
		steps: []string{
			"Ouvrez **Paramètres > Heure et langue > Langue et région**.",
			"À côté de **Français (France)**, cliquez sur **...** puis **Options de langue**. Si la langue n'est pas listée, ajoutez-la avec **Ajouter une langue**.",
			"Sous **Claviers**, cliquez sur **Ajouter un clavier** et choisissez **Français (AZERTY)**.",
			"Passez d'une disposition à l'autre avec **Windows+Espace**.",
			"Supprimez le clavier que vous n'utilisez pas pour éviter les changements accidentels.",
		},
		notes:    []string{"Sur l'écran de connexion, la disposition utilisée est celle du dernier clavier choisi : attention au mot de passe."},
		asks:     []string{"Mon clavier tape des Q à la place des A, comment remettre l'AZERTY ?", "Le clavier de mon nouveau PC est en anglais.", "Comment ajouter le clavier français ?"},
		subjects: []string{"Clavier QWERTY", "Passer en AZERTY", "Clavier en anglais"},
	}},
}

var frJoinerArea = area{
	category: "Joiners & Leavers/Joiner", weight: 35,
	guides: []guide{{
		key: "fr-joiner-request", of: "joiner-request",
		title:  "Préparer l'arrivée d'un nouveau collaborateur",
		intro:  "Les responsables demandent en un seul formulaire tout ce dont un nouveau collaborateur a besoin : compte, PC, téléphone, accès. Envoyez-le au moins 10 jours ouvrés avant l'arrivée pour que tout soit prêt le premier jour.",
		before: []string{"Le collaborateur existe dans PeopleFirst (les RH le créent à la signature du contrat)."},
		steps: []string{
			"Sur le portail IT, choisissez **Demande > Nouvel arrivant**.",
			"Recherchez la personne par son nom : le formulaire reprend les informations de PeopleFirst.",
			"Choisissez le matériel : PC portable standard, téléphone si le poste le nécessite, casque.",
			"Ajoutez les accès, ou choisissez **Copier les accès de** un collègue au même poste.",
			"Envoyez. Vous recevez un récapitulatif trois jours avant l'arrivée.",
		},
		asks:     []string{"J'ai un nouvel arrivant lundi, que dois-je faire pour l'informatique ?", "Nous accueillons 4 intérimaires à Lille la semaine prochaine, pouvez-vous préparer leurs comptes ?"},
		subjects: []string{"Nouvel arrivant", "Arrivée collaborateur", "Préparation poste nouvel arrivant"},
		weight:   2,
	}},
}
