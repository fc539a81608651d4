package confluence

import (
	"strings"
	"testing"

	"deskpilot/retrieval"
)

func TestStorageHTML(t *testing.T) {
	tests := []struct {
		name, storage, want string
	}{
		{"plain HTML stays", `<p>Open the <strong>VPN</strong> app &amp; reset.</p>`, `<p>Open the <strong>VPN</strong> app &amp; reset.</p>`},
		{"code macro", `<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter>` +
			`<ac:plain-text-body><![CDATA[if [ $a -lt 3 ]; then echo "<ok>"; fi]]></ac:plain-text-body></ac:structured-macro>`,
			`<pre>if [ $a -lt 3 ]; then echo &#34;&lt;ok&gt;&#34;; fi</pre>`},
		{"titled panel", `<ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Careful</ac:parameter>` +
			`<ac:parameter ac:name="icon">true</ac:parameter><ac:rich-text-body><p>Back up first.</p></ac:rich-text-body></ac:structured-macro>`,
			`<div><p><strong>Careful</strong></p><p>Back up first.</p></div>`},
		{"bodiless macros leave nothing", `<p>a</p><ac:structured-macro ac:name="toc"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro>` +
			`<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">ITSM-1</ac:parameter></ac:structured-macro><p>b</p>`, `<p>a</p><p>b</p>`},
		{"link to a page without body", `<p>See <ac:link><ri:page ri:content-title="VPN setup" ri:space-key="IT"/></ac:link>.</p>`, `<p>See VPN setup.</p>`},
		{"link with a body", `<p>See <ac:link><ri:page ri:content-title="VPN setup"/><ac:plain-text-link-body><![CDATA[the guide]]></ac:plain-text-link-body></ac:link>.</p>`,
			`<p>See the guide.</p>`},
		{"link to an attachment", `<ac:link><ri:attachment ri:filename="vpn.pdf"/></ac:link>`, `vpn.pdf`},
		{"image and emoticon dropped", `<p>Hi <ac:emoticon ac:name="smile"/><ac:image ac:alt="x"><ri:attachment ri:filename="a.png"/></ac:image>there</p>`, `<p>Hi there</p>`},
		{"task list", `<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Install the client</ac:task-body></ac:task></ac:task-list>`,
			`<ul><li>Install the client</li></ul>`},
		{"html macro's body dropped", `<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>x()</script>]]></ac:plain-text-body></ac:structured-macro>`, ``},
		{"adf extension: its fallback", `<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute><ac:adf-content><p>node</p></ac:adf-content></ac:adf-node>` +
			`<ac:adf-fallback><div><p>fallback</p></div></ac:adf-fallback></ac:adf-extension>`, `<div><p>fallback</p></div>`},
		{"time", `<p>Due <time datetime="2025-02-01" /></p>`, `<p>Due 2025-02-01</p>`},
		{"layout", `<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>left</p></ac:layout-cell><ac:layout-cell><p>right</p></ac:layout-cell></ac:layout-section></ac:layout>`,
			`<div><p>left</p></div><div><p>right</p></div>`},
		{"unclosed macro", `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x := 1]]>`, `<pre>x := 1</pre>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := storageHTML(tt.storage); got != tt.want {
				t.Errorf("storageHTML:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestStorageCleaned: what the cleaner of retrieval makes of a converted
// page, as the import will.
func TestStorageCleaned(t *testing.T) {
	storage := `<h1>VPN</h1><p>Reset your token:</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[vpn reset --all]]></ac:plain-text-body></ac:structured-macro>` +
		`<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">Note</ac:parameter><ac:rich-text-body><p>Takes a minute.</p></ac:rich-text-body></ac:structured-macro>`
	got := retrieval.CleanText(storageHTML(storage), retrieval.FormatHTML)
	for _, want := range []string{"# VPN", "Reset your token:", "vpn reset --all", "Note", "Takes a minute."} {
		if !strings.Contains(got, want) {
			t.Errorf("cleaned text lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ac:") || strings.Contains(got, "CDATA") {
		t.Errorf("cleaned text shows storage markup:\n%s", got)
	}
}
