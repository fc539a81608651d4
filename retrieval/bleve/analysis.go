package bleve

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// Token filters of ours. The mapping stored in an index names them, so
// only a binary that registers them (one importing this package) can open
// the index.
const (
	foldName  = "deskpilot_fold"
	partsName = "deskpilot_parts"
)

func init() {
	filters := map[string]analysis.TokenFilter{
		foldName:  foldFilter{asciifolding.New()},
		partsName: partsFilter{},
	}
	for name, f := range filters {
		err := registry.RegisterTokenFilter(name, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return f, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

// addAnalyzers defines the analyzers. French elisions ("l'imprimante")
// are removed everywhere, lower case first so "L'" goes too; Italian has
// the same. Words joined by dots, colons or underscores are also indexed
// as their parts. Accents are folded after
// stop words (the stop lists are accented) and before stemming, so that
// "réseaux" and "reseaux", as people type on any keyboard, stem alike.
func addAnalyzers(im *mapping.IndexMappingImpl) error {
	analyzers := map[string][]string{
		analyzerEN:  {en.PossessiveName, lowercase.Name, partsName, en.StopName, foldName, en.SnowballStemmerName},
		analyzerFR:  {lowercase.Name, fr.ElisionName, partsName, fr.StopName, foldName, fr.LightStemmerName},
		analyzerStd: {lowercase.Name, fr.ElisionName, partsName, foldName},
	}
	for name, filters := range analyzers {
		err := im.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicodetok.Name,
			"token_filters": filters,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// foldFilter folds accents and ligatures to ASCII ("réseau" -> "reseau",
// "cœur" -> "coeur"), composed or decomposed.
type foldFilter struct {
	ascii *asciifolding.AsciiFoldingFilter
}

// Filter folds the tokens of input in place.
func (f foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if !isASCII(tok.Term) {
			tok.Term = dropMarks(f.ascii.Filter(norm.NFC.Bytes(tok.Term)))
		}
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// dropMarks removes combining marks left on letters that have no
// precomposed form.
func dropMarks(b []byte) []byte {
	out := b[:0]
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if !unicode.Is(unicode.Mn, r) {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}

// partsFilter adds, after a token that joins words with '.', ':' or '_'
// ("outlook.exe", "title:foo", "max_retries"), each of its parts that has
// a letter, at the same position: Unicode word breaking keeps such
// tokens whole, and people search for the parts.
type partsFilter struct{}

// Filter returns input with the parts added.
func (partsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i, tok := range input {
		if bytes.IndexAny(tok.Term, ".:_") < 0 {
			if out != nil {
				out = append(out, tok)
			}
			continue
		}
		if out == nil {
			out = append(make(analysis.TokenStream, 0, len(input)+4), input[:i]...)
		}
		out = append(out, tok)
		for part := range bytes.FieldsFuncSeq(tok.Term, isJoiner) {
			if len(part) < len(tok.Term) && hasLetter(part) {
				out = append(out, &analysis.Token{
					Term: bytes.Clone(part), Start: tok.Start, End: tok.End, Position: tok.Position, Type: tok.Type,
				})
			}
		}
	}
	if out == nil {
		return input
	}
	return out
}

func isJoiner(r rune) bool { return r == '.' || r == ':' || r == '_' }

func hasLetter(b []byte) bool {
	return bytes.IndexFunc(b, unicode.IsLetter) >= 0
}
