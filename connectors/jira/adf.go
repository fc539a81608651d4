package jira

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// adfNode is a node of the Atlassian Document Format, the JSON rich text
// of API v3 bodies.
type adfNode struct {
	Type    string         `json:"type"`
	Text    string         `json:"text"`
	Attrs   map[string]any `json:"attrs"`
	Content []adfNode      `json:"content"`
	Marks   []struct {
		Type  string         `json:"type"`
		Attrs map[string]any `json:"attrs"`
	} `json:"marks"`
}

// maxADFDepth bounds the nesting rendered; deeper content is dropped, so
// that a hostile document costs no more than a deep one.
const maxADFDepth = 64

// adfText turns a body into plain text: an ADF document rendered with the
// desk's cleaned-text conventions ("#" headings, "- " and "1. " list
// items, fenced code, " | " table cells, blank lines between blocks), or
// a string body (wiki markup of older APIs) as it is.
func adfText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var doc adfNode
	if len(raw) == 0 || json.Unmarshal(raw, &doc) != nil {
		return ""
	}
	return strings.TrimSpace(strings.Join(blocks(doc.Content, 0), "\n\n"))
}

// blocks renders block nodes, leaving out the empty ones.
func blocks(nodes []adfNode, depth int) []string {
	var out []string
	for _, n := range nodes {
		if s := strings.TrimRight(block(n, depth+1), " \n"); strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// block renders one block node.
func block(n adfNode, depth int) string {
	if depth > maxADFDepth {
		return ""
	}
	switch n.Type {
	case "paragraph":
		return inline(n.Content, depth)
	case "heading":
		level := min(max(int(num(n.Attrs["level"])), 1), 6)
		return strings.Repeat("#", level) + " " + inline(n.Content, depth)
	case "bulletList", "orderedList", "taskList", "decisionList":
		return list(n, depth)
	case "codeBlock":
		return "```\n" + inline(n.Content, depth) + "\n```"
	case "blockquote":
		return prefixLines(strings.Join(blocks(n.Content, depth), "\n\n"), "> ", "> ")
	case "rule":
		return "---"
	case "table":
		var rows []string
		for _, row := range n.Content {
			var cells []string
			for _, cell := range row.Content {
				cells = append(cells, strings.Join(blocks(cell.Content, depth+1), " "))
			}
			rows = append(rows, strings.Join(cells, " | "))
		}
		return strings.Join(rows, "\n")
	case "media", "mediaSingle", "mediaGroup", "mediaInline", "extension", "bodiedExtension":
		return ""
	case "expand", "nestedExpand":
		title, _ := n.Attrs["title"].(string)
		return strings.Join(append([]string{title}, blocks(n.Content, depth)...), "\n\n")
	case "text", "hardBreak", "mention", "emoji", "inlineCard", "status", "date":
		return inline([]adfNode{n}, depth)
	}
	return strings.Join(blocks(n.Content, depth), "\n\n") // doc, panel, layouts, listItem
}

// list renders a list's items, each marked and its further lines
// indented under its text.
func list(n adfNode, depth int) string {
	var lines []string
	for i, item := range n.Content {
		marker := "- "
		switch {
		case n.Type == "orderedList":
			start := 1
			if n.Attrs["order"] != nil {
				start = int(num(n.Attrs["order"]))
			}
			marker = strconv.Itoa(start+i) + ". "
		case item.Attrs["state"] == "DONE" || item.Attrs["state"] == "DECIDED":
			marker = "- [x] "
		case n.Type == "taskList":
			marker = "- [ ] "
		}
		body := strings.Join(blocks(item.Content, depth), "\n")
		if item.Type == "taskItem" || item.Type == "decisionItem" {
			body = inline(item.Content, depth)
		}
		lines = append(lines, prefixLines(body, marker, strings.Repeat(" ", len(marker))))
	}
	return strings.Join(lines, "\n")
}

// inline renders inline nodes.
func inline(nodes []adfNode, depth int) string {
	var b strings.Builder
	for _, n := range nodes {
		switch n.Type {
		case "text":
			b.WriteString(n.Text)
			for _, m := range n.Marks {
				if href, _ := m.Attrs["href"].(string); m.Type == "link" && href != "" && href != n.Text {
					b.WriteString(" (" + href + ")")
				}
			}
		case "hardBreak":
			b.WriteString("\n")
		case "mention", "status":
			b.WriteString(str(n.Attrs["text"]))
		case "emoji":
			if t := str(n.Attrs["text"]); t != "" {
				b.WriteString(t)
			} else {
				b.WriteString(str(n.Attrs["shortName"]))
			}
		case "inlineCard", "blockCard", "embedCard":
			b.WriteString(str(n.Attrs["url"]))
		case "date":
			if ms, err := strconv.ParseInt(str(n.Attrs["timestamp"]), 10, 64); err == nil {
				b.WriteString(time.UnixMilli(ms).UTC().Format("2006-01-02"))
			}
		default:
			if depth < maxADFDepth {
				b.WriteString(inline(n.Content, depth+1))
			}
		}
	}
	return b.String()
}

// prefixLines puts first before the first line of s and rest before the
// others.
func prefixLines(s, first, rest string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}
