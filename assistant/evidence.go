package assistant

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"deskpilot/retrieval"
)

// searchDepth is how many chunks each search asks for: enough to see the
// runner-up documents the margin is measured against.
const searchDepth = 20

// Passage is a piece of retrieved text a draft may cite as [Marker].
type Passage struct {
	Marker     int                  `json:"marker"`
	Kind       retrieval.Kind       `json:"kind"`
	DocumentID int64                `json:"-"`
	ID         string               `json:"id"`
	Title      string               `json:"title"`
	URL        string               `json:"url,omitempty"`
	Source     string               `json:"source"`
	Language   string               `json:"language,omitempty"`
	Visibility retrieval.Visibility `json:"visibility"`
	Text       string               `json:"text"`
	Score      float64              `json:"score"`
	Why        string               `json:"why"`
}

// citation returns the citation of p.
func (p *Passage) citation() Citation {
	return Citation{Marker: p.Marker, ID: p.ID, Kind: p.Kind, Title: p.Title, URL: p.URL, Source: p.Source,
		Public: p.Kind == retrieval.KindArticle && p.Visibility == retrieval.Public}
}

// doc is a retrieved document with its chunks, best first.
type doc struct {
	ref        retrieval.DocRef
	hits       []retrieval.Hit
	score      float64
	injections int // sentences removed as prompt injection
}

func (d *doc) top() *retrieval.Hit { return &d.hits[0] }

// text is the document's title and retrieved text, injections removed.
func (d *doc) text() string {
	var b strings.Builder
	b.WriteString(d.top().Chunk.Title())
	for _, h := range d.hits {
		b.WriteString("\n")
		b.WriteString(h.Chunk.Text)
	}
	return b.String()
}

// evidence is what retrieval found for a question.
type evidence struct {
	docs    []*doc // what the draft may use, best first
	tickets []*doc // similar solved tickets, for agreement only
	cited   []Passage
}

// gather runs the searches a question needs. A requester's draft may use
// public articles only; similar past tickets are still looked up, but only
// to weigh the evidence, never to quote.
func (a *Assistant) gather(ctx context.Context, req Request, lang string) (*evidence, error) {
	base := retrieval.Filter{AsOf: req.AsOf, Exclude: req.Exclude}
	draftFilter := base
	if req.Audience == Requester {
		draftFilter.Kinds = []retrieval.Kind{retrieval.KindArticle}
		draftFilter.Visibility = []retrieval.Visibility{retrieval.Public}
	}
	hits, err := a.cfg.Searcher.Search(ctx, retrieval.Query{Text: req.Text, Language: lang, K: searchDepth, Filter: draftFilter})
	if err != nil {
		return nil, fmt.Errorf("assistant: search: %w", err)
	}
	ev := &evidence{docs: groupDocs(hits, &draftFilter)}
	if req.Audience == Requester {
		tf := base
		tf.Kinds = []retrieval.Kind{retrieval.KindTicket}
		th, err := a.cfg.Searcher.Search(ctx, retrieval.Query{Text: req.Text, Language: lang, K: 5, Filter: tf})
		if err != nil {
			return nil, fmt.Errorf("assistant: search tickets: %w", err)
		}
		ev.tickets = groupDocs(th, &tf)
	} else {
		for _, d := range ev.docs {
			if d.ref.Kind == retrieval.KindTicket {
				ev.tickets = append(ev.tickets, d)
			}
		}
	}
	preferLanguage(ev.docs, lang)
	ev.cited = passages(ev.docs, a.cfg.Passages)
	return ev, nil
}

// groupDocs collapses chunk hits into documents, best first. Every hit is
// checked against the filter again: what reaches a draft is exactly what
// its audience may see, whatever an index returned.
func groupDocs(hits []retrieval.Hit, f *retrieval.Filter) []*doc {
	var docs []*doc
	idx := map[retrieval.DocRef]int{}
	for _, h := range hits {
		if !f.Allows(&h.Chunk) {
			continue
		}
		text, n := stripInjections(h.Chunk.Text)
		h.Chunk.Text = text
		ref := retrieval.DocRef{Kind: h.Chunk.Kind, ID: h.Chunk.DocumentID}
		i, ok := idx[ref]
		if !ok {
			i = len(docs)
			idx[ref] = i
			docs = append(docs, &doc{ref: ref, score: h.Score})
		}
		docs[i].hits = append(docs[i].hits, h)
		docs[i].injections += n
	}
	return docs
}

// preferLanguage moves the best document in the user's language to the
// front when it is nearly as good as the best one: an answer the user can
// read beats a slightly better one they cannot.
func preferLanguage(docs []*doc, lang string) {
	if lang == "" || len(docs) < 2 || docs[0].top().Chunk.Language == lang {
		return
	}
	for i, d := range docs[1:min(len(docs), 4)] {
		if d.top().Chunk.Language == lang && d.score >= 0.7*docs[0].score {
			moved := docs[i+1]
			copy(docs[1:i+2], docs[0:i+1])
			docs[0] = moved
			return
		}
	}
}

// passages numbers the chunks a draft may cite: the best chunks of the
// best documents, at most max, at most three from one document.
func passages(docs []*doc, max int) []Passage {
	var out []Passage
	for _, d := range docs {
		for i, h := range d.hits {
			if len(out) == max {
				return out
			}
			if i == 3 || strings.TrimSpace(h.Chunk.Text) == "" {
				break
			}
			c := &h.Chunk
			out = append(out, Passage{
				Marker: len(out) + 1, Kind: c.Kind, DocumentID: c.DocumentID, ID: c.ExternalID, Title: c.Title(),
				URL: c.URL, Source: c.Source, Language: c.Language, Visibility: c.Visibility,
				Text: c.Text, Score: h.Score, Why: h.Why(),
			})
		}
	}
	return out
}

// passagesOf returns the passages of one document.
func passagesOf(ps []Passage, ref retrieval.DocRef) []Passage {
	var out []Passage
	for _, p := range ps {
		if p.Kind == ref.Kind && p.DocumentID == ref.ID {
			out = append(out, p)
		}
	}
	return out
}

// ticketAnswer is the agent's answer part of a past ticket's chunk text.
func ticketAnswer(text string) string {
	if _, a, ok := strings.Cut(text, "Answer: "); ok {
		return strings.TrimSpace(a)
	}
	return text
}

// ticketQuestion is the question part of a past ticket's chunk text.
func ticketQuestion(text string) string {
	q, _, _ := strings.Cut(text, "\n\nAnswer: ")
	return strings.TrimPrefix(q, "Question: ")
}

// signals measures the evidence for the best document.
func (ev *evidence) signals(question string, t Triage) Signals {
	s := Signals{CategoryConfidence: t.Category.Confidence, Frustrated: t.Frustrated}
	if len(ev.docs) == 0 {
		return s
	}
	best := ev.docs[0]
	qw := retrieval.ContentWords(question)
	bestWords := retrieval.WordSet(best.text())
	s.Documents = len(ev.docs)
	s.Coverage = retrieval.Coverage(qw, bestWords)
	s.TitleCoverage = retrieval.Coverage(retrieval.ContentWords(best.top().Chunk.Title()), retrieval.WordSet(question))
	top := best.top()
	s.Both = top.LexicalRank > 0 && top.VectorRank > 0
	s.RankAgreement = top.LexicalRank == 1 && top.VectorRank == 1
	if len(ev.docs) > 1 && best.score > 0 {
		s.Margin = 1 - ev.docs[1].score/best.score
	} else {
		s.Margin = 1
	}
	s.Injections = best.injections
	s.BestKind = best.ref.Kind
	// Agreement: a similar solved ticket was answered with what the best
	// document says, or with a link to it.
	for i, td := range ev.tickets {
		if i == 3 {
			break
		}
		if td.ref == best.ref {
			continue
		}
		answer := ticketAnswer(td.top().Chunk.Text)
		sim := retrieval.Coverage(retrieval.ContentWords(ticketQuestion(td.top().Chunk.Text)), retrieval.WordSet(question))
		s.TicketSimilarity = max(s.TicketSimilarity, sim)
		agree := retrieval.Coverage(retrieval.ContentWords(answer), bestWords)
		if u := top.Chunk.URL; u != "" && strings.Contains(answer, u) {
			agree = 1
		}
		s.Agreement = max(s.Agreement, agree*sim)
	}
	return s
}

// uniqueDocs returns the documents the passages come from, in order.
func uniqueDocs(ps []Passage) []retrieval.DocRef {
	var out []retrieval.DocRef
	for _, p := range ps {
		ref := retrieval.DocRef{Kind: p.Kind, ID: p.DocumentID}
		if !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	return out
}
