package simulation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// Options configure a run. Assistant.Searcher must search an index holding
// the run's articles and tickets (see Index); Classifier and Policy are
// set by the run.
type Options struct {
	Assistant assistant.Config
	// Judge decides whether a draft resolved its ticket; nil uses an
	// OfflineJudge on Assistant.Searcher.
	Judge Judge
	// Slices is how many times triage is retrained along the history, each
	// time on the tickets resolved so far (default 10).
	Slices int
	// MinTrain is how many labelled tickets triage needs before it
	// predicts anything (default 50).
	MinTrain int
	// Train fits the triage model; nil uses triage.Train.
	Train func(ex []triage.Example) (assistant.Classifier, error)
	// Concurrency is how many tickets are answered at once (default 1;
	// more helps when an LLM answers).
	Concurrency int
	// TargetPrecision is the precision the recommended policy aims for
	// (default 0.9); MinutesPerTicket the agent time an automated
	// resolution saves (default 8).
	TargetPrecision  float64
	MinutesPerTicket float64
	// Gold, when known, is the true source of each ticket's answer, to
	// validate the judge (see Gold).
	Gold map[string]Gold
	// Done holds the results of an interrupted run: those tickets are not
	// answered again.
	Done map[string]Result
	// OnResult is called with each new result, one at a time, to
	// checkpoint it; an error stops the run.
	OnResult func(Result) error
	// Progress is called after each ticket with how many are done.
	Progress func(done, total int)
}

func (o *Options) defaults() error {
	if o.Assistant.Searcher == nil {
		return errors.New("simulation: a searcher is required")
	}
	if o.Judge == nil {
		o.Judge = &OfflineJudge{Searcher: o.Assistant.Searcher}
	}
	if o.Slices <= 0 {
		o.Slices = 10
	}
	if o.MinTrain <= 0 {
		o.MinTrain = 50
	}
	if o.Train == nil {
		o.Train = func(ex []triage.Example) (assistant.Classifier, error) { return triage.Train(ex, triage.Options{}) }
	}
	o.Concurrency = max(o.Concurrency, 1)
	if o.TargetPrecision <= 0 || o.TargetPrecision > 1 {
		o.TargetPrecision = 0.9
	}
	if o.MinutesPerTicket <= 0 {
		o.MinutesPerTicket = 8
	}
	return nil
}

// Result is what happened to one ticket of the replay.
type Result struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	Confidence float64   `json:"confidence"`
	// Guard is a handoff no threshold changes (the user asked for a
	// person, a sensitive topic, missing knowledge ...); "" when the
	// confidence decides.
	Guard assistant.Reason `json:"guard,omitempty"`
	// Public is set when every citation is a public article, as an
	// automatic answer needs.
	Public    bool     `json:"public"`
	Citations []string `json:"citations"`
	Question  string   `json:"question"`
	Draft     string   `json:"draft"`
	Answer    string   `json:"answer"` // the agent's
	Language  string   `json:"language"`
	// Labels holds the truth and the prediction of each label the data
	// has, such as "category" and "predicted_category".
	Labels         map[string]string `json:"labels"`
	JudgedResolved bool              `json:"judged_resolved"`
	// SuggestionResolved is the judge's verdict on the draft an agent
	// would have been offered (internal articles and past tickets
	// allowed), with its citations.
	SuggestionResolved  bool              `json:"suggestion_resolved"`
	SuggestionCitations []string          `json:"suggestion_citations,omitempty"`
	JudgeScore          float64           `json:"judge_score"`
	JudgeWhy            string            `json:"judge_why"`
	Leaks               int               `json:"leaks"`
	Usage               assistant.Usage   `json:"usage"`
	Signals             assistant.Signals `json:"signals"`
	Error               string            `json:"error,omitempty"`
}

// Run replays tkts (each with its ID set, as indexed) in time order and
// returns one result per ticket that has a question, in time order.
func Run(ctx context.Context, tkts []*tickets.Ticket, o Options) ([]Result, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	ts := questions(tkts)
	r := &runner{o: o, results: make([]Result, len(ts))}
	for s := range o.Slices {
		lo, hi := s*len(ts)/o.Slices, (s+1)*len(ts)/o.Slices
		if lo == hi {
			continue
		}
		if err := r.slice(ctx, ts, lo, hi); err != nil {
			return nil, err
		}
	}
	return r.results, nil
}

type runner struct {
	o       Options
	results []Result
	done    atomic.Int64
	mu      sync.Mutex // serialises OnResult
}

// slice answers tickets lo to hi with a triage model trained on what was
// resolved before the first of them.
func (r *runner) slice(ctx context.Context, ts []*tickets.Ticket, lo, hi int) error {
	var todo []int
	for i := lo; i < hi; i++ {
		if res, ok := r.o.Done[ts[i].ExternalID]; ok {
			r.results[i] = res
			r.progress(len(ts))
			continue
		}
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return nil
	}
	model, err := r.train(ts, ts[lo].CreatedAt)
	if err != nil {
		return err
	}
	jobs := make(chan int)
	errc := make(chan error, r.o.Concurrency)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range r.o.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res, err := r.answer(ctx, ts[i], model)
				if err == nil {
					err = r.record(i, res, len(ts))
				}
				if err != nil {
					errc <- err
					cancel()
					return
				}
			}
		}()
	}
	for _, i := range todo {
		select {
		case jobs <- i:
			continue
		case <-ctx.Done():
		}
		break
	}
	close(jobs)
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err()
}

func (r *runner) record(i int, res Result, total int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.results[i] = res
	if r.o.OnResult != nil {
		if err := r.o.OnResult(res); err != nil {
			return fmt.Errorf("simulation: checkpoint: %w", err)
		}
	}
	r.progress(total)
	return nil
}

func (r *runner) progress(total int) {
	n := r.done.Add(1)
	if r.o.Progress != nil {
		r.o.Progress(int(n), total)
	}
}

// train fits triage on the tickets resolved before cutoff: their labels
// were known then. Too few gives no model, and no triage.
func (r *runner) train(ts []*tickets.Ticket, cutoff time.Time) (assistant.Classifier, error) {
	var ex []triage.Example
	for _, t := range ts {
		known := t.CreatedAt
		if t.ResolvedAt != nil {
			known = *t.ResolvedAt
		}
		if !known.Before(cutoff) || (t.Category == "" && t.Team == "" && t.Priority == "") {
			continue
		}
		ex = append(ex, triage.FromTicket(t))
	}
	if len(ex) < r.o.MinTrain {
		return nil, nil
	}
	m, err := r.o.Train(ex)
	if errors.Is(err, triage.ErrNoExamples) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("simulation: train triage: %w", err)
	}
	return m, nil
}

// answer runs the assistant on one ticket as its requester would have met
// it, counts leaks, and judges the draft.
func (r *runner) answer(ctx context.Context, t *tickets.Ticket, model assistant.Classifier) (Result, error) {
	self := retrieval.DocRef{Kind: retrieval.KindTicket, ID: t.ID}
	ls := &leakSearcher{s: r.o.Assistant.Searcher, asOf: t.CreatedAt, self: self}
	cfg := r.o.Assistant
	cfg.Searcher, cfg.Classifier = ls, nil
	if model != nil {
		cfg.Classifier = model
	}
	cfg.Policy = assistant.StaticPolicy(assistant.Policy{Default: assistant.Rule{Mode: assistant.ModeAuto, Threshold: 0}})
	a, err := assistant.New(cfg)
	if err != nil {
		return Result{}, err
	}
	res := Result{ID: t.ExternalID, CreatedAt: t.CreatedAt, Question: retrieval.Truncate(t.Question(), 2000),
		Answer: retrieval.Truncate(t.Answer(), 4000), Labels: map[string]string{}}
	ans, err := a.Answer(ctx, assistant.Request{Text: t.Question(), AsOf: t.CreatedAt, Exclude: []retrieval.DocRef{self}})
	if err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		res.Error, res.Guard = err.Error(), assistant.ReasonMissingKnowledge
		return res, nil
	}
	res.Confidence, res.Draft, res.Language, res.Usage, res.Signals = ans.Confidence, ans.Draft, ans.Language, ans.Usage, ans.Signals
	res.Citations = []string{}
	res.Public = len(ans.Citations) > 0
	for _, c := range ans.Citations {
		res.Citations = append(res.Citations, c.ID)
		res.Public = res.Public && c.Public
	}
	if ans.Decision == assistant.DecisionHandoff && ans.Reason != assistant.ReasonLowConfidence {
		res.Guard = ans.Reason
	}
	setLabels(&res, t, ans.Triage)
	v, err := r.o.Judge.Judge(ctx, t, &res)
	if err != nil {
		return Result{}, fmt.Errorf("simulation: judge %s: %w", t.ExternalID, err)
	}
	res.JudgedResolved, res.JudgeScore, res.JudgeWhy = v.Resolved, v.Score, v.Why
	res.Usage.Add(v.Usage)
	if err := r.suggest(ctx, a, t, self, &res); err != nil {
		return Result{}, err
	}
	res.Leaks = int(ls.leaks.Load())
	return res, nil
}

// suggest drafts what an agent would have been offered for t and judges
// it: the copilot's value, where no answer may go out on its own.
func (r *runner) suggest(ctx context.Context, a *assistant.Assistant, t *tickets.Ticket, self retrieval.DocRef, res *Result) error {
	ans, err := a.Answer(ctx, assistant.Request{Text: t.Question(), Audience: assistant.Agent, AsOf: t.CreatedAt, Exclude: []retrieval.DocRef{self}})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return nil // no suggestion: judged unresolved
	}
	res.Usage.Add(ans.Usage)
	sr := Result{Draft: ans.Draft}
	for _, c := range ans.Citations {
		sr.Citations = append(sr.Citations, c.ID)
	}
	v, err := r.o.Judge.Judge(ctx, t, &sr)
	if err != nil {
		return fmt.Errorf("simulation: judge %s: %w", t.ExternalID, err)
	}
	res.SuggestionResolved, res.SuggestionCitations = v.Resolved, sr.Citations
	res.Usage.Add(v.Usage)
	return nil
}

// setLabels records the truth and prediction of each label t has.
func setLabels(res *Result, t *tickets.Ticket, tr assistant.Triage) {
	for _, l := range []struct {
		name, truth string
		guess       triage.Guess
	}{{"category", t.Category, tr.Category}, {"team", t.Team, tr.Team}, {"priority", string(t.Priority), tr.Priority}} {
		if l.truth == "" {
			continue
		}
		res.Labels[l.name] = l.truth
		res.Labels["predicted_"+l.name] = l.guess.Value
	}
}

// leakSearcher passes searches on and counts every hit that the ticket
// being answered could not have seen: created at or after it, or itself.
type leakSearcher struct {
	s     assistant.Searcher
	asOf  time.Time
	self  retrieval.DocRef
	leaks atomic.Int64
}

func (l *leakSearcher) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	hits, err := l.s.Search(ctx, q)
	for i := range hits {
		c := &hits[i].Chunk
		if !c.CreatedAt.Before(l.asOf) || (retrieval.DocRef{Kind: c.Kind, ID: c.DocumentID}) == l.self {
			l.leaks.Add(1)
		}
	}
	return hits, err
}
