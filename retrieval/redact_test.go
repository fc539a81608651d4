package retrieval

import (
	"fmt"
	"strings"
	"testing"
)

// pii is a labelled item: its placeholder ("email", "phone" ...) and the
// exact text it replaces.
type pii struct{ kind, value string }

type redactExample struct {
	name string
	text string
	want []pii
}

// redactExamples mix positives with the numbers help-desk text is full of
// and that must survive: dates, times, versions, ticket ids, error codes.
var redactExamples = []redactExample{
	{"email", "Please reply to marie.dupont@example.com today.", []pii{{"email", "marie.dupont@example.com"}}},
	{"email plus", "cc: j.smith+it@sub.example.co.uk,", []pii{{"email", "j.smith+it@sub.example.co.uk"}}},
	{"two emails", "from a@b.io to c-d@e-f.org", []pii{{"email", "a@b.io"}, {"email", "c-d@e-f.org"}}},
	{"not email", "ping me @john on Teams, or use user@localhost", nil},
	{"phone fr intl", "Mon numéro : +33 6 12 34 56 78", []pii{{"phone", "+33 6 12 34 56 78"}}},
	{"phone us paren", "call (555) 123-4567 after 5", []pii{{"phone", "(555) 123-4567"}}},
	{"phone fr dots", "portable 06.12.34.56.78", []pii{{"phone", "06.12.34.56.78"}}},
	{"phone us intl dashes", "+1-202-555-0143 is my desk", []pii{{"phone", "+1-202-555-0143"}}},
	{"phone fr spaces", "joignable au 01 23 45 67 89 le matin", []pii{{"phone", "01 23 45 67 89"}}},
	{"phone fr compact", "rappelez-moi au 0612345678", []pii{{"phone", "0612345678"}}},
	{"phone trunk zero", "+33 (0)6 12 34 56 78", []pii{{"phone", "+33 (0)6 12 34 56 78"}}},
	{"phone uk", "Reach me on 020 7946 0958.", []pii{{"phone", "020 7946 0958"}}},
	{"phone de", "Tel. 030 12345678", []pii{{"phone", "030 12345678"}}},
	{"phone us dashes", "my cell is 555-867-5309", []pii{{"phone", "555-867-5309"}}},
	{"phone 00 prefix", "0033 6 12 34 56 78", []pii{{"phone", "0033 6 12 34 56 78"}}},
	{"date iso", "Since 2025-03-04 the VPN drops", nil},
	{"date fr", "depuis le 04/03/2025 à 10:30", nil},
	{"date dots", "seit 04.03.2025", nil},
	{"datetime", "logged at 2025-03-04 10:30:12 UTC", nil},
	{"time", "meeting at 10:30, then 14:00-15:30", nil},
	{"version", "upgraded to v5.2.1 and build 19045.3803", nil},
	{"windows version", "Windows 10.0.19045.3803 here", nil},
	{"error code", "Error 0x80070005 when installing KB5034441", nil},
	{"kb id", "see KB-0042 and INC-2024-000123", nil},
	{"ticket numbers", "Ticket #123456789 and incident 0123456789", nil},
	{"amount", "the invoice is 1 234 567 EUR", nil},
	{"percent and ports", "CPU 95% on port 8443, PID 12345", nil},
	{"mac address", "MAC 00:1A:2B:3C:4D:5E is blocked", nil},
	{"guid", "GUID 3F2504E0-4F89-11D3-9A0C-0305E82C3301", nil},
	{"cpp scope", "std::string and Foo::Bar", nil},
	{"ipv4", "server 192.168.1.10 is down", []pii{{"ip", "192.168.1.10"}}},
	{"ipv4 cidr", "allow 10.0.0.0/8 please", []pii{{"ip", "10.0.0.0/8"}}},
	{"ipv4 in url", "open http://10.1.2.3/admin", []pii{{"ip", "10.1.2.3"}}},
	{"not ipv4", "octets 300.1.2.3 and v1.2.3.4", nil},
	{"ipv6", "from 2001:db8::8a2e:370:7334 and fe80::1%eth0", []pii{{"ip", "2001:db8::8a2e:370:7334"}, {"ip", "fe80::1%eth0"}}},
	{"ipv6 loopback", "listening on ::1", []pii{{"ip", "::1"}}},
	{"card visa", "card 4111 1111 1111 1111 exp 12/27", []pii{{"card", "4111 1111 1111 1111"}}},
	{"card dashes", "5500-0000-0000-0004", []pii{{"card", "5500-0000-0000-0004"}}},
	{"card amex", "amex 378282246310005.", []pii{{"card", "378282246310005"}}},
	{"not card luhn", "serial 4111 1111 1111 1112", nil},
	{"iban fr", "IBAN FR76 3000 6000 0112 3456 7890 189 merci", []pii{{"iban", "FR76 3000 6000 0112 3456 7890 189"}}},
	{"iban de compact", "DE89370400440532013000", []pii{{"iban", "DE89370400440532013000"}}},
	{"iban gb lower", "gb82 west 1234 5698 7654 32", []pii{{"iban", "gb82 west 1234 5698 7654 32"}}},
	{"not iban", "FR76 3000 6000 0112 3456 7890 188", nil},
	{"greeting en", "Hi Marie,\nmy laptop is slow.", []pii{{"name", "Marie"}}},
	{"greeting fr compound", "Bonjour Jean-Pierre,\nle VPN ne marche plus.", []pii{{"name", "Jean-Pierre"}}},
	{"greeting honorific", "Dear Mr. Smith,\nthanks.", []pii{{"name", "Smith"}}},
	{"greeting full name", "Bonjour Madame Marie Dupont !", []pii{{"name", "Marie Dupont"}}},
	{"signoff next line", "It works now.\nThanks,\nJohn Doe", []pii{{"name", "John Doe"}}},
	{"signoff fr", "Merci de votre aide.\nCordialement,\nMarie Dupont\nService RH", []pii{{"name", "Marie Dupont"}}},
	{"signoff same line", "Regards, Tom", []pii{{"name", "Tom"}}},
	{"signoff blank line", "Best regards,\n\nO'Brien", []pii{{"name", "O'Brien"}}},
	{"greeting team", "Hi team,\nHello IT Support,\nDear customer,", nil},
	{"greeting sentence", "Hello Can you help me", nil},
	{"signoff sentence", "Thanks for your help!\nThanks,\nThe IT Team", nil},
	{"heading like signoff", "Best Practices\nBest regards are not names", nil},
	{"quoted reply", "> Hi Paul,\n> see below", []pii{{"name", "Paul"}}},
	{"serial number", "N° de série 1234 5678 90", nil},
	{"date and hour", "the meeting is 2025 03 04 10", nil},
	{"count after phone", "+33 6 12 34 56 78 2 fois", []pii{{"phone", "+33 6 12 34 56 78"}}},
	{"phone with word", "Call me at 555 0143", []pii{{"phone", "555 0143"}}},
	{"signoff exclamation", "Thanks John!", []pii{{"name", "John"}}},
	{"signoff honorific", "Kind regards\nDr. Emily Chen", []pii{{"name", "Emily Chen"}}},
	{"mixed", "Hi Anna,\nmy IP is 172.16.0.4, call +44 20 7946 0958 or mail anna@corp.example.\nCheers,\nAnna Berg",
		[]pii{{"name", "Anna"}, {"ip", "172.16.0.4"}, {"phone", "+44 20 7946 0958"}, {"email", "anna@corp.example"}, {"name", "Anna Berg"}}},
}

// redactHeldOut were written after Redact was tuned on redactExamples. The
// first 28 never changed the code; of the 23 after them, one (the IPv6
// prefix) failed on first run and was then fixed.
var redactHeldOut = []redactExample{
	{"email upper", "Contact IT.Helpdesk@Contoso.COM for access", []pii{{"email", "IT.Helpdesk@Contoso.COM"}}},
	{"email in angle", "From: Paul Martin <paul.martin@acme.fr>", []pii{{"email", "paul.martin@acme.fr"}}},
	{"phone be", "gsm 0475 12 34 56", []pii{{"phone", "0475 12 34 56"}}},
	{"phone intl compact", "WhatsApp +447700900123", []pii{{"phone", "+447700900123"}}},
	{"phone us dots", "fax 212.555.0199", []pii{{"phone", "212.555.0199"}}},
	{"phone ext", "desk (020) 7946-0958 ext 12", []pii{{"phone", "(020) 7946-0958"}}},
	{"phone nl", "bel me op 06-12345678", []pii{{"phone", "06-12345678"}}},
	{"date us", "due 03/04/2025 and 3/4/25", nil},
	{"cve", "patch CVE-2024-21412 now", nil},
	{"versions list", "tested 1.2.3, 10.4.1 and 2.0.0-rc1", nil},
	{"build number", "Office build 16.0.17328.20162", nil},
	{"sizes", "disk 512 GB, 1 024 MB free, 8 x 16 GB", nil},
	{"order number", "order 2024-000123-77 shipped", nil},
	{"hex color", "brand color #1A2B3C", nil},
	{"ipv4 private", "gateway 10.20.30.1, dns 8.8.8.8", []pii{{"ip", "10.20.30.1"}, {"ip", "8.8.8.8"}}},
	{"ipv6 full", "2001:0db8:85a3:0000:0000:8a2e:0370:7334 blocked", []pii{{"ip", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"}}},
	{"time range", "available 09:00 - 17:30", nil},
	{"card mastercard", "MC 5105105105105100 declined", []pii{{"card", "5105105105105100"}}},
	{"iban es", "ES91 2100 0418 4502 0005 1332", []pii{{"iban", "ES91 2100 0418 4502 0005 1332"}}},
	{"iban nl", "rekening NL91ABNA0417164300", []pii{{"iban", "NL91ABNA0417164300"}}},
	{"greeting de", "Hallo Herr Müller,\ndas Passwort geht nicht.", []pii{{"name", "Müller"}}},
	{"greeting es", "Hola Lucía,\nno puedo entrar.", []pii{{"name", "Lucía"}}},
	{"signoff de", "Mit freundlichen Grüßen\nKarl-Heinz Schmidt", []pii{{"name", "Karl-Heinz Schmidt"}}},
	{"signoff nl", "Met vriendelijke groet,\nJan van der Berg", []pii{{"name", "Jan van der Berg"}}},
	{"signoff dash", "Thanks - Priya", []pii{{"name", "Priya"}}},
	{"greeting everyone", "Hello everyone,\nBonjour à tous,", nil},
	{"signoff product", "Thanks,\nMicrosoft Teams keeps crashing", nil},
	{"not greeting mid line", "I said hi Marie, no answer", nil},
	{"phone fr label", "Tél : 06 12 34 56 78", []pii{{"phone", "06 12 34 56 78"}}},
	{"phone de mobile", "Mobile: +49 171 1234567", []pii{{"phone", "+49 171 1234567"}}},
	{"phone fr dots label", "téléphone 01.23.45.67.89", []pii{{"phone", "01.23.45.67.89"}}},
	{"phone compact intl", "+33612345678", []pii{{"phone", "+33612345678"}}},
	{"two us phones", "phone number 555.123.4567 or (555)123-4567", []pii{{"phone", "555.123.4567"}, {"phone", "(555)123-4567"}}},
	{"id not phone", "ID: 0612345678", nil},
	{"ip range", "between 10.0.0.1 and 10.0.0.254", []pii{{"ip", "10.0.0.1"}, {"ip", "10.0.0.254"}}},
	{"ip with port", "RDP to 10.10.10.10:3389", []pii{{"ip", "10.10.10.10"}}},
	{"ipv6 prefix", "route 2001:db8::/32 added", []pii{{"ip", "2001:db8::/32"}}},
	{"ipv4 prefix", "see RFC 1918 ranges 172.16.0.0/12", []pii{{"ip", "172.16.0.0/12"}}},
	{"kernel", "Kernel 5.15.0-91-generic", nil},
	{"extension", "Call ext. 4567", nil},
	{"postcode", "Postcode 75008, Paris", nil},
	{"timestamp", "Timestamps 12:30:45.123", nil},
	{"card ending", "card ending 1111", nil},
	{"iban be", "IBAN: BE68 5390 0754 7034", []pii{{"iban", "BE68 5390 0754 7034"}}},
	{"greeting double surname", "Dear Dr. García López,", []pii{{"name", "García López"}}},
	{"greeting mrs", "Hello Mrs Thompson!", []pii{{"name", "Thompson"}}},
	{"greeting fr all", "Salut à tous,", nil},
	{"signoff team", "Regards,\nIT Service Desk", nil},
	{"signoff accent", "Merci beaucoup,\nÉlodie", []pii{{"name", "Élodie"}}},
	{"signoff iphone", "Thanks,\n\nSent from my iPhone", nil},
	{"greeting mme", "Bonsoir Mme Lefèvre,", []pii{{"name", "Lefèvre"}}},
}

// kindNames maps placeholders back to kinds for scoring.
var kindNames = map[piiKind]string{
	piiEmail: "email", piiPhone: "phone", piiIP: "ip", piiCard: "card", piiIBAN: "iban", piiName: "name",
}

func TestRedactPrecisionRecall(t *testing.T) {
	tests := []struct {
		name                    string
		examples                []redactExample
		minPrecision, minRecall float64
	}{
		{"tuning set", redactExamples, 0.97, 0.97},
		{"held out", redactHeldOut, 0.9, 0.85},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, fp, fn := 0, 0, 0
			for _, ex := range tt.examples {
				got := map[pii]int{}
				for _, s := range findPII(ex.text) {
					got[pii{kindNames[s.kind], ex.text[s.start:s.end]}]++
				}
				for _, w := range ex.want {
					if got[w] > 0 {
						tp++
						got[w]--
					} else {
						fn++
						t.Logf("%s: missed %s %q", ex.name, w.kind, w.value)
					}
				}
				for g, n := range got {
					if n > 0 {
						fp += n
						t.Logf("%s: false %s %q", ex.name, g.kind, g.value)
					}
				}
			}
			precision := float64(tp) / float64(max(tp+fp, 1))
			recall := float64(tp) / float64(max(tp+fn, 1))
			t.Logf("%d examples: precision %.3f, recall %.3f (tp %d, fp %d, fn %d)", len(tt.examples), precision, recall, tp, fp, fn)
			if precision < tt.minPrecision || recall < tt.minRecall {
				t.Errorf("precision %.3f (min %.2f), recall %.3f (min %.2f)", precision, tt.minPrecision, recall, tt.minRecall)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
		counts         RedactCounts
	}{
		{"nothing", "VPN keeps disconnecting since v5.2.1", "VPN keeps disconnecting since v5.2.1", RedactCounts{}},
		{"placeholders", "Hi Marie,\nmail marie@example.com or call +33 6 12 34 56 78.\nThanks,\nJean",
			"Hi [name],\nmail [email] or call [phone].\nThanks,\n[name]", RedactCounts{Email: 1, Phone: 1, Name: 2}},
		{"numbers", "ip 10.0.0.1 card 4111-1111-1111-1111 iban DE89 3704 0044 0532 0130 00",
			"ip [ip] card [card] iban [iban]", RedactCounts{IP: 1, Card: 1, IBAN: 1}},
		{"idempotent", "Hi [name],\n[email] [phone]", "Hi [name],\n[email] [phone]", RedactCounts{}},
		{"url digits kept", "see https://kb.example.com/article/0612345678?x=1", "see https://kb.example.com/article/0612345678?x=1", RedactCounts{}},
		{"email in url", "https://x.example/?u=bob@example.com", "https://x.example/?u=[email]", RedactCounts{Email: 1}},
		{"empty", "", "", RedactCounts{}},
		{"invalid utf8", "Hi \xff\xfe,\n+33 6 12 34 56 78", "Hi \xff\xfe,\n[phone]", RedactCounts{Phone: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, counts := Redact(tt.in)
			if got != tt.want {
				t.Errorf("Redact:\n got %q\nwant %q", got, tt.want)
			}
			if counts != tt.counts {
				t.Errorf("counts %+v, want %+v", counts, tt.counts)
			}
			if counts.Total() != strings.Count(got, "[")-strings.Count(tt.in, "[") {
				t.Errorf("Total %d does not match the placeholders written", counts.Total())
			}
		})
	}
}

// TestRedactHostile checks that long or adversarial inputs end (the test
// timeout catches super-linear behaviour) and keep their length bounded.
func TestRedactHostile(t *testing.T) {
	mb := 1 << 20
	tests := []struct{ name, in string }{
		{"digits", strings.Repeat("1", mb)},
		{"digit groups", strings.Repeat("12 ", mb/3)},
		{"phones", strings.Repeat("+33 6 12 34 56 78 ", mb/18)},
		{"ats", strings.Repeat("a@", mb/2)},
		{"emails", strings.Repeat("a.b@c.de ", mb/9)},
		{"dots", strings.Repeat("1.", mb/2)},
		{"colons", strings.Repeat("a:", mb/2)},
		{"iban shapes", strings.Repeat("FR76 ", mb/5)},
		{"greetings", strings.Repeat("Hi Marie,\n", mb/10)},
		{"signoffs", strings.Repeat("Thanks,\n", mb/8)},
		{"binary", string(randomBytes(mb))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Redact(tt.in)
			if len(got) > len(tt.in)*4 {
				t.Errorf("output grew from %d to %d bytes", len(tt.in), len(got))
			}
		})
	}
}

// sampleMessage is a 2 KB ticket thread with a bit of everything.
func sampleMessage() string {
	var b strings.Builder
	b.WriteString("Hi Marie,\n\n")
	for i := 0; b.Len() < 1800; i++ {
		fmt.Fprintf(&b, "Since 2025-03-0%d 10:3%d the VPN client v5.2.%d drops every few minutes with error 0x80070005 (see KB-00%d). ", i%9+1, i%10, i, 40+i)
		if i%3 == 0 {
			b.WriteString("My laptop is on 192.168.1.10 and you can call me on +33 6 12 34 56 78 or write to jean.martin@example.com. ")
		}
	}
	b.WriteString("\n\nCordialement,\nJean Martin\n")
	return b.String()
}

func BenchmarkRedact(b *testing.B) {
	msg := sampleMessage()
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		Redact(msg)
	}
}
