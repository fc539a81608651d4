package retrieval

import (
	"strings"
)

// frontMatter finds a YAML front matter block ("---" lines around
// "key: value" lines) at the top of a Markdown document. It returns the
// index of the first line after it (0 when there is none) and its title.
func frontMatter(lines []string) (start int, title string) {
	if len(lines) < 2 || strings.TrimRight(lines[0], " \t") != "---" {
		return 0, ""
	}
	keys := 0
	for i := 1; i < len(lines) && i < 200; i++ {
		line := strings.TrimRight(lines[i], " \t")
		if line == "---" || line == "..." {
			if keys == 0 {
				return 0, ""
			}
			return i + 1, title
		}
		switch {
		case line == "" || line[0] == ' ' || line[0] == '-' || line[0] == '#':
			// continuation, list entry or comment: still YAML
		case isYAMLKey(line):
			keys++
			if k, v, _ := strings.Cut(line, ":"); strings.EqualFold(strings.TrimSpace(k), "title") {
				title = unquoteYAML(strings.TrimSpace(v))
			}
		default:
			return 0, ""
		}
	}
	return 0, ""
}

func isYAMLKey(line string) bool {
	k, _, ok := strings.Cut(line, ":")
	if !ok || k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func unquoteYAML(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return strings.TrimSpace(v)
}

// linkRefs collects link reference definitions ("[kb]: https://...") so
// that "[text][kb]" can print its URL. Lines inside code fences are not
// definitions.
func linkRefs(lines []string) map[string]string {
	var refs map[string]string
	var fence fenceState
	for _, line := range lines {
		if fence.inside(line) || !strings.Contains(line, "]:") {
			continue
		}
		if sub := mdRefDef.FindStringSubmatch(stripQuote(line)); sub != nil {
			if refs == nil {
				refs = map[string]string{}
			}
			label := refLabel(sub[1])
			if _, dup := refs[label]; !dup { // the first definition wins
				refs[label] = sub[2]
			}
		}
	}
	return refs
}

// refLabel normalises a reference label as Markdown matches them:
// case-insensitively, with runs of white space as one space.
func refLabel(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// atxHeading parses "## Title ##" into its level and text.
func atxHeading(line string) (level int, text string) {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	j := i
	for j < len(line) && line[j] == '#' {
		j++
	}
	level = j - i
	if level == 0 || level > 6 || (j < len(line) && line[j] != ' ' && line[j] != '\t') {
		return 0, ""
	}
	text = strings.TrimSpace(line[j:])
	// A closing run of '#' preceded by a space is decoration.
	if k := strings.TrimRight(text, "#"); k != text && (k == "" || strings.HasSuffix(k, " ") || strings.HasSuffix(k, "\t")) {
		text = strings.TrimSpace(k)
	}
	return level, text
}

// setextLevel reports whether line underlines the one before it as a
// heading: 1 for "===", 2 for "---", 0 otherwise.
func setextLevel(line string) int {
	t := strings.TrimSpace(line)
	if t == "" || len(line)-len(strings.TrimLeft(line, " ")) > 3 {
		return 0
	}
	switch {
	case strings.Trim(t, "=") == "":
		return 1
	case strings.Trim(t, "-") == "":
		return 2
	}
	return 0
}

// isThematicBreak reports whether line is "---", "***" or "___", spaces
// allowed between the marks.
func isThematicBreak(line string) bool {
	t := strings.TrimSpace(line)
	if len(line)-len(strings.TrimLeft(line, " ")) > 3 || t == "" {
		return false
	}
	c, n := t[0], 0
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// stripQuote removes block quote markers ("> > text" becomes "text").
func stripQuote(line string) string {
	for {
		t := strings.TrimLeft(line, " ")
		if len(line)-len(t) > 3 || !strings.HasPrefix(t, ">") {
			return line
		}
		line = strings.TrimPrefix(t[1:], " ")
	}
}

// listItem parses a list item line into its indentation, its marker as
// cleaned text writes it ("-" or "3.") and the item's text.
func listItem(line string) (indent, marker, rest string, ok bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	j := i
	switch {
	case j < len(line) && (line[j] == '-' || line[j] == '*' || line[j] == '+'):
		j++
		marker = "-"
	default:
		for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j == i || j >= len(line) || (line[j] != '.' && line[j] != ')') {
			return "", "", "", false
		}
		marker = line[i:j] + "."
		j++
	}
	if j < len(line) && line[j] != ' ' && line[j] != '\t' {
		return "", "", "", false
	}
	return line[:i], marker, strings.TrimLeft(line[j:], " \t"), true
}

func isListItem(line string) bool {
	_, _, _, ok := listItem(line)
	return ok
}

// isDelimRow reports whether line is the row under a table's header:
// pipes, dashes, colons and spaces ("|---|:--:|").
func isDelimRow(line string) bool {
	pipe, dash := false, false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '|':
			pipe = true
		case '-':
			dash = true
		case ':', ' ', '\t':
		default:
			return false
		}
	}
	return pipe && dash
}
