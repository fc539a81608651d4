package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A section longer than MaxChars is cut into units (paragraphs; if a
// paragraph is too long, its lines, then sentences, then words), and the
// units are packed into pieces of about equal size, each leaving room for
// the overlap it starts with.

// unit is an indivisible run of text inside a section.
type unit struct {
	text string
	sep  string // what joins it to the unit before it in the same piece
	size int    // runes
	code bool   // part of a code block: never overlapped
}

// group is a packed run of units that becomes one piece.
type group struct {
	text               string
	sep                string // sep of its first unit
	firstCode, endCode bool
	prose              int // where the prose after its last code unit starts in text
}

// splitSection returns the pieces of one section.
func splitSection(idx int, s section, opts ChunkOptions) []piece {
	text := strings.Join(s.blocks, "\n\n")
	size := utf8.RuneCountInString(text)
	if size <= opts.MaxChars {
		return []piece{{path: s.path, text: text, size: size, section: idx, body: text}}
	}
	budget := opts.MaxChars - opts.Overlap - 2 // 2: the separator after the overlap
	groups := packUnits(sectionUnits(s.blocks, budget), budget)
	pieces := make([]piece, 0, len(groups))
	for i, g := range groups {
		p := piece{path: s.path, section: idx, body: g.text, text: g.text}
		// Overlap only where prose continues, and only with prose: a cut
		// word would read as a different word, and repeated code lines
		// would break the fences.
		if i > 0 && opts.Overlap > 0 && g.sep != "" && !g.firstCode && !groups[i-1].endCode {
			prev := groups[i-1]
			if tail := overlapTail(prev.text[prev.prose:], opts.Overlap); tail != "" {
				p.join = g.sep
				p.text = tail + g.sep + g.text
			}
		}
		p.size = utf8.RuneCountInString(p.text)
		pieces = append(pieces, p)
	}
	return pieces
}

// sectionUnits cuts a section's blocks into units no longer than budget.
// The heading line is glued to the start of what follows it: a heading
// alone at the end of a chunk would describe the next one. A heading
// longer than half the budget is a unit of its own, cut like text.
func sectionUnits(blocks []string, budget int) []unit {
	var units []unit
	head := 0 // runes to keep free in the first unit after the heading
	if lvl, _ := headingLine(blocks[0]); lvl > 0 && len(blocks) > 1 {
		if n := utf8.RuneCountInString(blocks[0]) + 2; n <= budget/2 {
			head = n
		}
	}
	for i, b := range blocks {
		if i == 0 && head > 0 {
			continue
		}
		limit := budget
		if i == 1 && head > 0 {
			limit = budget - head
		}
		var parts []unit
		if _, n, _ := fenceLine(b); n > 0 {
			parts = codeUnits(b, limit)
		} else {
			parts = splitUnit(b, limit, 0)
		}
		parts[0].sep = "\n\n"
		if i == 1 && head > 0 {
			parts[0].text = blocks[0] + "\n\n" + parts[0].text
			parts[0].size += head
		}
		units = append(units, parts...)
	}
	units[0].sep = ""
	return units
}

// splitLevels are the boundaries prose is cut at, coarsest first, with
// the separator that joins the pieces back.
var splitLevels = []struct {
	split func(string) []string
	sep   string
}{
	{func(s string) []string { return strings.Split(s, "\n") }, "\n"},
	{splitSentences, " "},
	{strings.Fields, " "},
}

// splitUnit cuts text at the coarsest boundary that makes it fit, going
// finer only for the parts that still do not fit.
func splitUnit(text string, budget, level int) []unit {
	size := utf8.RuneCountInString(text)
	if size <= budget {
		return []unit{{text: text, size: size}}
	}
	if level == len(splitLevels) {
		return hardSplit(text, budget)
	}
	parts := splitLevels[level].split(text)
	if len(parts) < 2 {
		return splitUnit(text, budget, level+1)
	}
	var units []unit
	for i, p := range parts {
		sub := splitUnit(p, budget, level+1)
		if i > 0 {
			sub[0].sep = splitLevels[level].sep
		}
		units = append(units, sub...)
	}
	return units
}

// hardSplit cuts a word longer than budget (a hash, a base64 blob) at rune
// boundaries; its parts join with nothing between them.
func hardSplit(text string, budget int) []unit {
	var units []unit
	for text != "" {
		end, n := 0, 0
		for end < len(text) && n < budget {
			_, size := utf8.DecodeRuneInString(text[end:])
			end += size
			n++
		}
		units = append(units, unit{text: text[:end], size: n})
		text = text[end:]
	}
	return units
}

// codeUnits cuts a fenced code block at line boundaries; each part gets
// the fences again so that it is still code on its own.
func codeUnits(block string, budget int) []unit {
	size := utf8.RuneCountInString(block)
	if size <= budget {
		return []unit{{text: block, size: size, code: true}}
	}
	lines := strings.Split(block, "\n")
	open := lines[0]
	fc, _, _ := fenceLine(open)
	closing := strings.Repeat(string(fc), 3)
	lines = lines[1:]
	if len(lines) > 0 {
		if c, n, rest := fenceLine(lines[len(lines)-1]); n > 0 && c == fc && strings.TrimSpace(rest) == "" {
			closing = lines[len(lines)-1]
			lines = lines[:len(lines)-1]
		}
	}
	if len(lines) == 0 { // no code, only a giant info string
		lines = []string{""}
	}
	code := strings.Join(lines, "\n")
	if _, n, info := fenceLine(open); longestRun(code, fc) >= n {
		// A run of fence characters inside a line of code, alone on a line
		// once the line is cut, would close the fence: fence it longer.
		f := strings.Repeat(string(fc), longestRun(code, fc)+1)
		open, closing = f+info, f
	}
	wrap := utf8.RuneCountInString(open) + utf8.RuneCountInString(closing) + 2
	if budget-wrap < minCodeRunes {
		// Fences too long to repeat on every part (a giant info string):
		// plain ones do.
		f := plainFence(code)
		open, closing, wrap = f, f, 2*len(f)+2
	}
	if budget-wrap < minCodeRunes { // no fence fits: cut it as text
		return hardSplit(block, budget)
	}
	inner := budget - wrap
	var units []unit
	for _, g := range packUnits(splitCode(lines, inner), inner) {
		text := open + "\n" + g.text + "\n" + closing
		units = append(units, unit{text: text, sep: "\n\n", size: utf8.RuneCountInString(text), code: true})
	}
	return units
}

// minCodeRunes is the least room for code a part of a cut code block
// must have besides its fences.
const minCodeRunes = 10

// plainFence returns the shortest fence that code cannot close early, of
// backticks or tildes, whichever is shorter.
func plainFence(code string) string {
	ticks, tildes := max(3, longestRun(code, '`')+1), max(3, longestRun(code, '~')+1)
	if tildes < ticks {
		return strings.Repeat("~", tildes)
	}
	return strings.Repeat("`", ticks)
}

func splitCode(lines []string, budget int) []unit {
	var units []unit
	for _, l := range lines {
		sub := []unit{{text: l, size: utf8.RuneCountInString(l)}}
		if sub[0].size > budget {
			sub = hardSplit(l, budget)
		}
		sub[0].sep = "\n"
		units = append(units, sub...)
	}
	return units
}

// packUnits groups units into runs of at most budget runes. It aims each
// run at an equal share of what is left, so the last run is not a scrap.
func packUnits(units []unit, budget int) []group {
	remaining := 0
	for i, u := range units {
		remaining += u.size
		if i > 0 {
			remaining += utf8.RuneCountInString(u.sep)
		}
	}
	var groups []group
	var b strings.Builder
	cur, target := 0, 0
	for _, u := range units {
		sep := utf8.RuneCountInString(u.sep)
		if cur > 0 {
			next := cur + sep + u.size
			// Close the run when u does not fit, or when adding it would
			// overshoot the target by more than leaving it out undershoots.
			if next > budget || (next > target && next-target > target-cur) {
				groups[len(groups)-1].text = b.String()
				b.Reset()
				remaining -= cur + sep
				cur = 0
			}
		}
		if cur == 0 {
			n := max((remaining+budget-1)/budget, 1)
			target = (remaining + n - 1) / n
			groups = append(groups, group{sep: u.sep, firstCode: u.code})
		} else {
			b.WriteString(u.sep)
			cur += sep
		}
		b.WriteString(u.text)
		cur += u.size
		groups[len(groups)-1].endCode = u.code
		if u.code {
			groups[len(groups)-1].prose = b.Len()
		}
	}
	if len(groups) > 0 {
		groups[len(groups)-1].text = b.String()
	}
	return groups
}

// splitSentences cuts prose after '.', '!', '?' or '…' (and any closing
// quotes or brackets) when white space and a capital, a digit or an
// opening quote follow: "e.g. the" and "v5.2.1" stay whole.
func splitSentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i
		for end < len(s) && strings.IndexByte(`"')]`, s[end]) >= 0 {
			end++
		}
		if end >= len(s) || s[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[end+1:])
		if unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune(`"'(«¿¡`, next) {
			out = append(out, s[start:end])
			start = end + 1
			i = start
		}
	}
	return append(out, s[start:])
}

// overlapTail returns the end of text, at most n runes, starting at a word
// boundary, or "" when text is too short to be worth repeating.
func overlapTail(text string, n int) string {
	start, count := len(text), 0
	for start > 0 && count < n {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		start -= size
		count++
	}
	if start == 0 {
		return ""
	}
	// Start after the first white space so no word is cut.
	k := strings.IndexAny(text[start:], " \n")
	if k < 0 {
		return ""
	}
	return strings.TrimSpace(text[start+k:])
}
