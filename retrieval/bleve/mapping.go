package bleve

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Field names of an indexed chunk. Text and heading are indexed once per
// chunk in the field of the chunk's language (English, French) and always
// in the language-neutral fields, which catch queries whose language was
// detected wrong.
const (
	fieldKind       = "kind"
	fieldVisibility = "visibility"
	fieldSource     = "source"
	fieldLanguage   = "language"
	fieldDoc        = "doc" // "article:12": what DeleteDocument and Exclude use
	fieldCreated    = "created"
	fieldText       = "text"
	fieldHeading    = "heading"
	fieldStored     = "src"  // the chunk as JSON, stored only
	fieldLengths    = "lens" // its lengths (see stats.go), stored only
)

// keywordFields are the fields filters match exactly.
var keywordFields = []string{fieldKind, fieldVisibility, fieldSource, fieldLanguage, fieldDoc}

// Analyzer names. The mapping stored in an index names them, so renaming
// one is a format change.
const (
	analyzerEN  = "deskpilot_en"
	analyzerFR  = "deskpilot_fr"
	analyzerStd = "deskpilot_std"
)

// lang is a language with its own analysis.
type lang struct {
	tag      string // base BCP 47 tag: "en"
	analyzer string
}

// analysed lists the languages with stemming; every other language goes
// through analyzerStd only.
var analysed = []lang{{"en", analyzerEN}, {"fr", analyzerFR}}

// langField returns the name of field base for language tag ("text_en"),
// or base itself for the language-neutral field (tag "").
func langField(base, tag string) string {
	if tag == "" {
		return base
	}
	return base + "_" + tag
}

// baseLang reduces a language tag to the one of analysed it names, or "".
func baseLang(tag string) string {
	tag = strings.ToLower(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	for _, l := range analysed {
		if l.tag == tag {
			return tag
		}
	}
	return ""
}

// newMapping returns the mapping of FormatVersion: keyword fields for
// filters, a datetime for AsOf, analysed text per language, the chunk
// stored as JSON, BM25 scoring.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	im.DefaultAnalyzer = analyzerStd
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	if err := addAnalyzers(im); err != nil {
		return nil, err
	}

	dm := mapping.NewDocumentStaticMapping()
	all := mapping.NewDocumentDisabledMapping()
	dm.AddSubDocumentMapping("_all", all)
	for _, name := range keywordFields {
		fm := mapping.NewKeywordFieldMapping()
		fm.Store, fm.IncludeInAll, fm.DocValues = false, false, false
		dm.AddFieldMappingsAt(name, fm)
	}
	created := mapping.NewDateTimeFieldMapping()
	created.Store, created.IncludeInAll, created.DocValues = false, false, false
	dm.AddFieldMappingsAt(fieldCreated, created)

	for _, name := range []string{fieldStored, fieldLengths} {
		fm := mapping.NewTextFieldMapping()
		fm.Index, fm.Store, fm.IncludeInAll, fm.DocValues = false, true, false, false
		fm.Analyzer = keyword.Name
		dm.AddFieldMappingsAt(name, fm)
	}

	for _, base := range []string{fieldText, fieldHeading} {
		dm.AddFieldMappingsAt(base, textField(analyzerStd))
		for _, l := range analysed {
			dm.AddFieldMappingsAt(langField(base, l.tag), textField(l.analyzer))
		}
	}
	im.DefaultMapping = dm
	return im, im.Validate()
}

func textField(analyzer string) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = analyzer
	fm.Store, fm.IncludeInAll, fm.DocValues, fm.IncludeTermVectors = false, false, false, false
	return fm
}

// textFieldOf returns the text field beside a heading field of the same
// language ("heading_fr" -> "text_fr"): query words are weighed by how
// common they are in chunk texts.
func textFieldOf(field string) string {
	if rest, ok := strings.CutPrefix(field, fieldHeading); ok {
		return fieldText + rest
	}
	return field
}
