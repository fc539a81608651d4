package gdocstest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// matcher is a compiled files.list query.
type matcher func(f *File) bool

// parseQuery compiles the part of Drive's query language a sync uses:
// 'ID' in parents, mimeType, name, trashed and modifiedTime compared with
// = != < <= > >=, joined by and, or, not and parentheses. Anything else
// is refused, so that a test notices a query the fake would not answer
// like Drive.
func parseQuery(q string) (matcher, error) {
	toks, err := tokenize(q)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return func(*File) bool { return true }, nil
	}
	p := &parser{toks: toks}
	m, err := p.or()
	if err == nil && p.i < len(p.toks) {
		err = fmt.Errorf("unexpected %q", p.toks[p.i])
	}
	return m, err
}

// token is a word, an operator, a parenthesis, or a quoted string (kept
// with its leading quote).
type token = string

func tokenize(q string) ([]token, error) {
	var out []token
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')':
			out, i = append(out, string(c)), i+1
		case c == '\'':
			var b strings.Builder
			b.WriteByte('\'')
			j := i + 1
			for ; j < len(q) && q[j] != '\''; j++ {
				if q[j] == '\\' && j+1 < len(q) {
					j++
				}
				b.WriteByte(q[j])
			}
			if j >= len(q) {
				return nil, fmt.Errorf("unterminated string at %d", i)
			}
			out, i = append(out, b.String()), j+1
		case strings.ContainsRune("=!<>", rune(c)):
			j := i + 1
			if j < len(q) && q[j] == '=' {
				j++
			}
			out, i = append(out, q[i:j]), j
		default:
			j := i
			for j < len(q) && !strings.ContainsRune(" \t\n()='!<>", rune(q[j])) {
				j++
			}
			out, i = append(out, q[i:j]), j
		}
	}
	return out, nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *parser) next() token {
	t := p.peek()
	p.i++
	return t
}

func (p *parser) or() (matcher, error) {
	return p.join("or", p.and, func(a, b bool) bool { return a || b })
}

func (p *parser) and() (matcher, error) {
	return p.join("and", p.unary, func(a, b bool) bool { return a && b })
}

func (p *parser) join(word string, sub func() (matcher, error), op func(a, b bool) bool) (matcher, error) {
	m, err := sub()
	for err == nil && p.peek() == word {
		p.next()
		var r matcher
		if r, err = sub(); err == nil {
			l := m
			m = func(f *File) bool { return op(l(f), r(f)) }
		}
	}
	return m, err
}

func (p *parser) unary() (matcher, error) {
	switch p.peek() {
	case "not":
		p.next()
		m, err := p.unary()
		return func(f *File) bool { return err == nil && !m(f) }, err
	case "(":
		p.next()
		m, err := p.or()
		if err == nil && p.next() != ")" {
			err = fmt.Errorf("missing )")
		}
		return m, err
	}
	return p.cond()
}

// cond reads 'X' in parents, or field op value.
func (p *parser) cond() (matcher, error) {
	first := p.next()
	if strings.HasPrefix(first, "'") {
		if p.next() != "in" || p.next() != "parents" {
			return nil, fmt.Errorf("only 'ID' in parents is known after a string")
		}
		id := first[1:]
		return func(f *File) bool { return slices.Contains(f.Parents, id) }, nil
	}
	op, val := p.next(), p.next()
	if !slices.Contains([]string{"=", "!=", "<", "<=", ">", ">="}, op) {
		return nil, fmt.Errorf("unknown operator %q after %s", op, first)
	}
	cmp := func(c int) bool {
		return map[string]bool{"=": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]
	}
	switch first {
	case "mimeType", "name":
		if !strings.HasPrefix(val, "'") {
			return nil, fmt.Errorf("%s takes a quoted string", first)
		}
		return func(f *File) bool {
			v := map[string]string{"mimeType": f.MimeType, "name": f.Name}[first]
			return cmp(strings.Compare(v, val[1:]))
		}, nil
	case "trashed":
		if val != "true" && val != "false" || (op != "=" && op != "!=") {
			return nil, fmt.Errorf("trashed takes = or != and true or false")
		}
		return func(f *File) bool { return cmp(boolCompare(f.Trashed, val == "true")) }, nil
	case "modifiedTime":
		t, err := time.Parse(time.RFC3339Nano, strings.TrimPrefix(val, "'"))
		if err != nil || !strings.HasPrefix(val, "'") {
			return nil, fmt.Errorf("modifiedTime takes a quoted RFC 3339 time, not %s", val)
		}
		return func(f *File) bool { return cmp(f.ModifiedTime.Compare(t)) }, nil
	}
	return nil, fmt.Errorf("unknown field %q", first)
}

func boolCompare(a, b bool) int {
	if a == b {
		return 0
	}
	return 1
}
