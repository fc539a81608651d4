package assistant

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// FuzzCheckCitations checks the citation filter on any draft: the text it
// returns cites only the passages given, each cited passage is in its
// citations and each citation is cited, no citation comes twice, and
// filtering the result again changes nothing.
func FuzzCheckCitations(f *testing.F) {
	f.Add("Do this [1, 7] and that [2][9]. Both [2; 1].", []byte{1, 2})
	f.Add("Array [0] stays? no: [x] stays. [ 3 ,4 ]", []byte{3})
	f.Add("[[9]1] and [1[9]] and [1,[9]2]", []byte{1, 2})
	f.Add("\t[001] [1] [1000] [-1]", []byte{1, 0})
	f.Fuzz(func(t *testing.T, text string, markers []byte) {
		var ps []Passage
		for i, m := range markers[:min(len(markers), 8)] {
			ps = append(ps, Passage{Marker: int(m % 16), ID: "p" + strconv.Itoa(i)})
		}
		given := func(n int) bool { return slices.ContainsFunc(ps, func(p Passage) bool { return p.Marker == n }) }
		out, cites := checkCitations(text, ps)
		var cited []int
		for _, c := range cites {
			if !given(c.Marker) || slices.Contains(cited, c.Marker) {
				t.Fatalf("citations %+v of passages %v", cites, markers)
			}
			cited = append(cited, c.Marker)
		}
		var inText []int
		for _, g := range citationGroupRE.FindAllString(out, -1) {
			for _, f := range strings.FieldsFunc(strings.Trim(g, "[] \t"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
				n, err := strconv.Atoi(f)
				if err != nil || !given(n) || !slices.Contains(cited, n) {
					t.Fatalf("%q filtered to %q, which cites %q: not a passage given, or not in the citations %v", text, out, f, cited)
				}
				inText = append(inText, n)
			}
		}
		for _, n := range cited {
			if !slices.Contains(inText, n) {
				t.Fatalf("citation %d is not cited in %q", n, out)
			}
		}
		if len(out) > 2*len(text) {
			t.Fatalf("%q grew to %q", text, out)
		}
		if again, _ := checkCitations(out, ps); again != out {
			t.Fatalf("filtering %q again gave %q", out, again)
		}
	})
}
