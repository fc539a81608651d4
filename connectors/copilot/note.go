package copilot

import (
	"fmt"
	"html"
	"net/url"
	"strings"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
)

// degradedNote heads a note whose draft the LLM did not write, although
// it should have: it was down, or its circuit breaker open.
const degradedNote = "The AI model was unavailable: this draft was put together from the sources alone."

// buildNote writes the note of an answer: the draft (or why there is
// none), its sources with their links, the triage, and the marker.
func buildNote(ans *assistant.Answer, marker string) Note {
	var t, h strings.Builder
	head := fmt.Sprintf("deskpilot suggests a reply (confidence %.0f%%, %s). Review it before sending.",
		100*ans.Confidence, decisionWords(ans.Decision))
	t.WriteString(head + "\n\n")
	h.WriteString("<p><strong>" + html.EscapeString(head) + "</strong></p>\n")
	if ans.Fallback != "" { // the agent should know the draft is only extractive
		t.WriteString(degradedNote + "\n\n")
		h.WriteString("<p><em>" + html.EscapeString(degradedNote) + "</em></p>\n")
	}
	draft := strings.TrimSpace(ans.Draft)
	if draft == "" {
		draft = "No draft: " + strings.TrimSpace(ans.Explanation)
	}
	t.WriteString(draft + "\n")
	for _, para := range strings.Split(draft, "\n\n") {
		h.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(strings.TrimSpace(para)), "\n", "<br>") + "</p>\n")
	}
	if len(ans.Citations) > 0 {
		// An extractive draft lists its sources itself: the text does not
		// list them twice. The HTML links them all.
		var lines []string
		h.WriteString("<p>Sources:</p>\n<ol>\n")
		for _, c := range ans.Citations {
			line, link := sourceLine(c)
			if link == "" || !strings.Contains(draft, link) {
				lines = append(lines, line)
			}
			title := html.EscapeString(c.Title)
			if link != "" {
				title = `<a href="` + html.EscapeString(link) + `">` + title + `</a>`
			}
			h.WriteString(fmt.Sprintf("<li>[%d] %s</li>\n", c.Marker, title))
		}
		h.WriteString("</ol>\n")
		if len(lines) > 0 {
			t.WriteString("\nSources:\n" + strings.Join(lines, "\n") + "\n")
		}
	}
	tri := []string{
		"Category: " + guessWords(ans.Triage.Category),
		"Team: " + guessWords(ans.Triage.Team),
		"Priority: " + guessWords(ans.Triage.Priority),
	}
	t.WriteString("\n" + strings.Join(tri, "\n") + "\n\n" + marker + "\n")
	h.WriteString("<p>" + html.EscapeString(strings.Join(tri, " · ")) + "</p>\n<p><small>" + html.EscapeString(marker) + "</small></p>")
	return Note{Text: t.String(), HTML: h.String(), Marker: marker}
}

// sourceLine is a citation as a line of the text note, and its link when
// it has an http(s) one.
func sourceLine(c assistant.Citation) (string, string) {
	line := fmt.Sprintf("[%d] %s", c.Marker, c.Title)
	if u, err := url.Parse(c.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return line + " - " + c.URL, c.URL
	}
	if c.ID != "" {
		line += fmt.Sprintf(" (%s %s)", c.Kind, c.ID)
	}
	return line, ""
}

func decisionWords(d assistant.Decision) string {
	switch d {
	case assistant.DecisionAuto:
		return "confident enough to answer on its own"
	case assistant.DecisionSuggest:
		return "for an agent to check"
	}
	return "a person should take this one"
}

// guessWords says a triage guess: its value and confidence, or that the
// field is left to the agent.
func guessWords(g triage.Guess) string {
	if g.Abstain || g.Value == "" {
		return "not sure, left to you"
	}
	return fmt.Sprintf("%s (%.0f%%)", g.Value, 100*g.Confidence)
}

// fieldsOf are the fields an answer's triage is sure of.
func fieldsOf(ans *assistant.Answer) Fields {
	pick := func(g triage.Guess) string {
		if g.Abstain {
			return ""
		}
		return g.Value
	}
	return Fields{Category: pick(ans.Triage.Category), Team: pick(ans.Triage.Team), Priority: pick(ans.Triage.Priority)}
}
