package retrieval

// The profiles below are written by hand: the most frequent function words
// of each language plus the words people use when they ask a service desk
// for help. Words that English-speaking IT has lent to every language
// (email, login, VPN, Wi-Fi, Teams, OK) are left out on purpose: they say
// nothing about the language of the sentence around them. A word listed
// under several languages counts as a weaker clue for each.

// langWordLists holds the word profiles, indexed like langTags.
var langWordLists = [numLangs]string{
	// en
	`the a an and or but is are was were be been being am to of in on at for with from by
	it it's its this that these those my your our their his her i i'm i've i'd you we they he she
	me us them not no can cannot can't could couldn't would should will won't do does did don't
	doesn't didn't isn't aren't wasn't have has had haven't hasn't there here what when why how
	where who which after before since again still keeps keep kept any some all just now get got
	getting gets working work works worked anymore help need needs want new out up down off
	please thanks thank hi hello hey dear regards cheers issue problem broken unable slow
	password printer laptop computer screen access account reset locked disconnecting
	disconnected keeps connect connecting connection network drive shared folder file files
	open opening phone meeting request same every time morning today yesterday if so as about
	into like then than also because while through only even other more most very much many
	error message install installed update updated crash crashes crashing freezes stuck
	loading sign signed forgot forgotten expired missing doesnt cant wont dont im ive
	setup set show shows showing says said tried try trying able anyone someone nothing
	tomorrow week last first should way too been being let know think see look looks`,
	// fr
	`le la les l' un une des du de d' et ou mais est sont été être a ai as avons avez ont
	je j' tu il elle on nous vous ils elles me m' te se s' ce c' cet cette ces ça cela ceci
	mon ma mes ton ta tes son sa ses notre votre nos vos leur leurs ne n' pas plus rien jamais
	que qu' qui quoi dont où quand comment pourquoi dans sur sous avec sans pour par chez
	depuis pendant après avant aussi très bien encore déjà toujours merci bonjour bonsoir
	salut cordialement svp s'il plaît marche marchent fonctionne fonctionnent problème mot
	passe ordinateur imprimante écran réseau connexion compte accès erreur courriel
	messagerie logiciel installer mise jour bloqué bloquée oublié réinitialiser poste
	clavier souris demande besoin aide peux peut pouvez pourriez arrive fait faire suis
	êtes était avoir y en au aux lors matin aujourd'hui hier déconnecte lent lente
	impossible ouvrir affiche s'affiche depuis ce matin veuillez madame monsieur votre
	mise à jour tout tous toute toutes quelque chose car donc alors comme cependant lorsque
	dois doit faut nouveau nouvelle ancien fichier fichiers dossier partagé bureau appel
	réunion téléphone portable redémarrer redémarré redémarrage semaine dernier dernière`,
	// de
	`der die das den dem des ein eine einen einem einer und oder aber ist sind war waren
	sein habe hat haben hatte ich du er sie es wir ihr mich mir mein meine meinen meinem
	dein unser nicht kein keine kann können konnte muss soll wird werden wurde mit von zu
	zum zur auf für bei nach aus über unter seit im am auch noch schon nur sehr bitte danke
	hallo grüße gruß freundlichen funktioniert geht mehr passwort kennwort drucker rechner
	bildschirm netzwerk verbindung konto zugang fehler fehlermeldung anmeldung anmelden
	gesperrt vergessen zurücksetzen neu neue neuen heute gestern wie was warum wenn dass
	immer wieder leider morgen woche ordner datei dateien freigegeben sich einrichten
	hilfe brauche benötige öffnen startet neustart wo wer welche diese dieser dieses
	man da dann denn doch jetzt gibt keinen guten tag liebe lieber sehr geehrte herr frau`,
	// es
	`el la los las un una unos unas y o pero es son está están estoy ser estar he ha han hay
	yo tú él ella nosotros usted ustedes me te se nos le les lo mi mis tu su sus nuestro no
	ni que qué quien cuando cómo como por para con sin en de del al desde hasta sobre también
	muy ya todavía aún gracias hola saludos favor funciona contraseña impresora ordenador
	computadora pantalla red conexión cuenta acceso error correo puedo puede puedes necesito
	ayuda bloqueada bloqueado olvidé restablecer hoy ayer problema más este esta esto
	archivo archivos carpeta compartida equipo abrir abre sale aparece mensaje reunión
	semana mañana buenos buenas días tardes estimado estimada atentamente cuál donde
	porque pero algo nada todo todos nuevo nueva sesión iniciar reiniciar funcionando`,
	// nl
	`de het een en of maar is zijn was waren ben heb heeft hebben had ik jij je hij zij ze
	wij we jullie u mij me mijn jouw uw ons onze niet geen kan kunnen kon moet wil wordt
	worden werd met van voor op aan in uit bij naar over om te sinds ook nog al alleen erg
	heel graag alstublieft bedankt dank hallo groeten werkt meer wachtwoord computer scherm
	netwerk verbinding toegang fout foutmelding inloggen geblokkeerd vergeten opnieuw
	vandaag gisteren hoe wat waarom als dat dit deze die er hier daar wanneer goedemorgen
	beste vriendelijke groet bestand bestanden map gedeelde openen lukt niks niets iets
	wachtwoorden doet deed vanochtend morgen week nieuwe nieuw mee zou zal kunt mag hulp`,
	// it
	`il lo la i gli le un uno una e o ma è sono era essere ho hai ha abbiamo hanno io tu lui
	lei noi voi loro mi ti si ci vi mio mia miei mie tuo suo nostro non che chi cosa quando
	come perché per con senza in di del della dello dei delle al alla da dal dalla nel nella
	sul sulla su anche ancora già molto più grazie ciao buongiorno saluti cordiali funziona
	stampante schermo rete connessione accesso errore posta riesco posso può aiuto
	bloccato bloccata dimenticato reimpostare oggi ieri problema questo questa sempre
	cartella condivisa aprire apre messaggio riunione settimana domani nuovo nuova
	gentile salve ecco dopo prima però qualcosa niente tutto tutti funzionare computer`,
	// pt
	`o a os as um uma uns umas e ou mas é são está estão estou ser estar foi tenho tem têm
	temos eu tu você ele ela nós vocês eles elas me te se nos lhe meu minha meus minhas seu
	sua nosso não nem que quem quando como por para com sem em no na nos nas de do da dos das
	ao à desde até sobre também muito já ainda obrigado obrigada olá oi bom dia
	atenciosamente funciona senha impressora computador tela rede conexão conta acesso
	erro consigo posso pode preciso ajuda bloqueada bloqueado esqueci redefinir hoje ontem
	problema mais este esta isso arquivo arquivos pasta compartilhada abrir abre aparece
	mensagem reunião semana amanhã novo nova prezado prezada tudo todos nada algo depois
	antes porque onde sessão reiniciar funcionando`,
}

// langTrigramLists holds trigrams that mark one or two languages; '_'
// stands for the edge of a word.
var langTrigramLists = [numLangs]string{
	// en
	`_th the he_ ing ng_ _wh _yo you nd_ and ed_ ly_ ght igh _kn ck_ ay_ ey_ _sh sh_ tch
	't_ 's_ 'm_ 'll 've 're ful ou_ ous wor ss_ ow_ oul _yo hat ith wit thi all ble`,
	// fr
	`eau aux oir ois oit _qu que eux eur ais ait ez_ _j' _l' _d' _n' _c' _s' _m' ée_ té_ _ét
	ès_ ère ien ouv ou_ oin ssi eil gne ont ons _ch mme ous qu' ais ées eme ête ach`,
	// de
	`sch ich cht ung _ge ein ei_ ie_ _zu tz_ eit nn_ hr_ ch_ ier rei ers gen ter erk _ei
	ert nde st_ lt_ _wi aus uch hen`,
	// es
	`ció ón_ os_ as_ ado ada _ll dad uy_ ido mos ndo nte ñ ara ien ued ues _qu que
	ía_ ías ero`,
	// nl
	`ij_ ijk ijn aar aan aat oor ook oon ee_ een uw_ _ge cht oe_ oet oek uit jk_ sch _zi
	ft_ _wa ken lij erd`,
	// it
	`zio gli _gl che chi tto tta lla del ità sco _pe nte ndo iam ere are ire tti _qu que
	ono llo`,
	// pt
	`ção ões ão_ nho nha nhe lha lho lhe _nã çõe ado ada os_ as_ ido mos ndo nte _qu que
	ém_ ês_`,
}
