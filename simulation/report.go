package simulation

import (
	"math"
	"slices"
	"sort"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
)

// Gold is the truth about one ticket of an evaluation set: the article
// that answers it and whether that article is in the knowledge base. A
// ticket is truly resolved when it was answered automatically and its
// draft cites its gold article, in the knowledge base.
type Gold struct {
	Article    string
	Answerable bool
}

// Report is report.json.
type Report struct {
	Tickets int `json:"tickets"`
	// Automated is how many tickets were answered automatically, Resolved
	// how many of those the judge found resolved.
	Automated          int        `json:"automated"`
	Resolved           int        `json:"resolved_automatically"`
	Suggested          int        `json:"suggested"`
	HandedOff          int        `json:"handed_off"`
	AutomationRate     float64    `json:"automation_rate"`    // Resolved / Tickets
	AutomationRateCI   [2]float64 `json:"automation_rate_ci"` // 95%, Wilson
	AutomatedPrecision float64    `json:"automated_precision"`
	// SuggestionRate is the share of tickets whose agent suggestion
	// (drafted with internal knowledge and past tickets) the judge found
	// resolving: the copilot's value, whatever the policy.
	SuggestionRate   float64    `json:"suggestion_resolution_rate"`
	SuggestionRateCI [2]float64 `json:"suggestion_resolution_rate_ci"`
	// Triage scores each label the data has, over the tickets triage
	// could predict (a model needs MinTrain resolved tickets first).
	Triage         map[string]LabelScore `json:"triage"`
	PerCategory    []CategoryRow         `json:"per_category"`
	Curve          []CurvePoint          `json:"curve"`
	HandoffReasons map[string]int        `json:"handoff_reasons"`
	HoursSaved     float64               `json:"hours_saved"`
	LLMCostUSD     float64               `json:"llm_cost_usd"`
	LLMUsage       assistant.Usage       `json:"llm_usage"`
	Leaks          int                   `json:"leaks"`
	Errors         int                   `json:"errors"`
	// Recommendation is the policy that reaches TargetPrecision on the
	// whole history; the figures above apply thresholds fitted on the
	// other half of the history to each half.
	TargetPrecision  float64        `json:"target_precision"`
	MinutesPerTicket float64        `json:"minutes_per_ticket"`
	Recommendation   Recommendation `json:"recommendation"`
	// Judge validates the judge against gold truth, when given.
	Judge *JudgeCheck `json:"judge,omitempty"`
	// Calibration is the confidence model fitted on this history's judged
	// outcomes, nil when they are all one way.
	Calibration *assistant.Calibration `json:"calibration,omitempty"`
}

// LabelScore is the triage quality of one label.
type LabelScore struct {
	Accuracy  float64 `json:"accuracy"`
	MacroF1   float64 `json:"macro_f1"`
	Predicted int     `json:"predicted"` // tickets that had a model
}

// CategoryRow is one line of the per-category table, by true category.
type CategoryRow struct {
	Category         string  `json:"category"`
	Tickets          int     `json:"tickets"`
	Automated        int     `json:"automated"`
	Resolved         int     `json:"resolved"`
	AutomationRate   float64 `json:"automation_rate"`
	Precision        float64 `json:"precision"`
	CategoryAccuracy float64 `json:"category_accuracy"`
}

// CurvePoint is the outcome of one global confidence threshold.
type CurvePoint struct {
	Threshold      float64 `json:"threshold"`
	Automated      int     `json:"automated"`
	Precision      float64 `json:"precision"`
	AutomationRate float64 `json:"automation_rate"`
}

// Recommendation is the rollout policy the history supports.
type Recommendation struct {
	Policy         assistant.Policy `json:"policy"`
	AutomationRate float64          `json:"automation_rate"` // in-sample, on the whole history
	Precision      float64          `json:"precision"`
}

// JudgeCheck compares the judge with gold truth.
type JudgeCheck struct {
	Tickets int `json:"tickets"`
	// Agreement is the share of tickets whose judged outcome equals the
	// truth (cites its gold article, in the knowledge base).
	Agreement          float64 `json:"agreement"`
	TrueAutomationRate float64 `json:"true_automation_rate"`
	TruePrecision      float64 `json:"true_automated_precision"`
}

// Decided is a result with the decision the report's policy gives it.
type Decided struct {
	Result
	Decision assistant.Decision
	Reason   assistant.Reason
}

// minAutoSupport is how many eligible tickets a threshold must be chosen
// from, for the whole desk or one category.
const (
	minAutoSupport     = 10
	minCategorySupport = 200
)

// precisionZ is how many standard errors of caution a threshold keeps: the
// lower end of the precision's Wilson interval at this z must reach the
// target, so that the precision holds on tickets to come and not only on
// the history it was chosen on (about 84% one-sided confidence).
const precisionZ = 1.0

// BuildReport decides every result under thresholds fitted on the other
// half of the history, and computes the report.
func BuildReport(results []Result, o Options) (*Report, []Decided) {
	_ = o.defaults()
	sorted := slices.Clone(results)
	slices.SortStableFunc(sorted, func(a, b Result) int { return a.CreatedAt.Compare(b.CreatedAt) })
	half := len(sorted) / 2
	first, second := sorted[:half], sorted[half:]
	decided := make([]Decided, 0, len(sorted))
	for _, part := range []struct{ apply, fit []Result }{{first, second}, {second, first}} {
		p := Recommend(part.fit, o.TargetPrecision)
		for _, r := range part.apply {
			decided = append(decided, decide(r, &p))
		}
	}
	rep := &Report{Tickets: len(sorted), TargetPrecision: o.TargetPrecision, MinutesPerTicket: o.MinutesPerTicket,
		HandoffReasons: map[string]int{}, Triage: map[string]LabelScore{}}
	for _, r := range assistant.Reasons {
		rep.HandoffReasons[string(r)] = 0
	}
	sugg := 0
	for _, d := range decided {
		if d.SuggestionResolved {
			sugg++
		}
		rep.Leaks += d.Leaks
		rep.LLMUsage.Add(d.Usage)
		if d.Error != "" {
			rep.Errors++
		}
		switch d.Decision {
		case assistant.DecisionAuto:
			rep.Automated++
			if d.JudgedResolved {
				rep.Resolved++
			}
		case assistant.DecisionSuggest:
			rep.Suggested++
		default:
			rep.HandedOff++
			rep.HandoffReasons[string(d.Reason)]++
		}
	}
	rep.LLMCostUSD = rep.LLMUsage.CostUSD
	rep.AutomationRate = ratio(rep.Resolved, rep.Tickets)
	rep.AutomationRateCI = wilson(rep.Resolved, rep.Tickets)
	rep.AutomatedPrecision = ratio(rep.Resolved, rep.Automated)
	rep.SuggestionRate, rep.SuggestionRateCI = ratio(sugg, rep.Tickets), wilson(sugg, rep.Tickets)
	rep.HoursSaved = float64(rep.Resolved) * o.MinutesPerTicket / 60
	rep.Triage = triageScores(sorted)
	rep.PerCategory = perCategory(decided)
	rep.Curve = curve(sorted)
	p := Recommend(sorted, o.TargetPrecision)
	rep.Recommendation = Recommendation{Policy: p}
	auto, res := 0, 0
	for _, r := range sorted {
		if d := decide(r, &p); d.Decision == assistant.DecisionAuto {
			auto++
			if r.JudgedResolved {
				res++
			}
		}
	}
	rep.Recommendation.AutomationRate, rep.Recommendation.Precision = ratio(res, len(sorted)), ratio(res, auto)
	if len(o.Gold) > 0 {
		rep.Judge = checkJudge(decided, o.Gold)
	}
	var sig []assistant.Signals
	var ok []bool
	for i := range sorted {
		if eligible(&sorted[i]) {
			sig, ok = append(sig, sorted[i].Signals), append(ok, sorted[i].JudgedResolved)
		}
	}
	rep.Calibration, _ = assistant.FitCalibration(sig, ok) // nil when it cannot be fitted
	return rep, decided
}

// decide applies policy p to r.
func decide(r Result, p *assistant.Policy) Decided {
	d := Decided{Result: r}
	rule, _ := p.Rule(r.Labels["predicted_category"])
	switch {
	case r.Guard != "":
		d.Decision, d.Reason = assistant.DecisionHandoff, r.Guard
	case rule.Mode == assistant.ModeOff:
		d.Decision, d.Reason = assistant.DecisionHandoff, assistant.ReasonSensitive
	case rule.Mode == assistant.ModeAuto && r.Public && r.Confidence >= rule.Threshold:
		d.Decision = assistant.DecisionAuto
	case r.Confidence < assistant.MinSuggest:
		d.Decision, d.Reason = assistant.DecisionHandoff, assistant.ReasonLowConfidence
	default:
		d.Decision = assistant.DecisionSuggest
	}
	return d
}

// eligible reports whether r could be answered automatically at all.
func eligible(r *Result) bool { return r.Guard == "" && r.Public && r.Error == "" }

// Recommend returns the policy that automates the most while the judged
// precision of automated answers stays at or above target: one threshold
// for the desk, and a category's own when it has enough history (auto at
// its threshold, or suggest when no threshold reaches the target).
func Recommend(results []Result, target float64) assistant.Policy {
	p := assistant.Policy{Default: assistant.Rule{Mode: assistant.ModeSuggest, Threshold: assistant.DefaultThreshold}}
	if t, ok := bestThreshold(results, target); ok {
		p.Default = assistant.Rule{Mode: assistant.ModeAuto, Threshold: t}
	}
	byCat := map[string][]Result{}
	for _, r := range results {
		if c := r.Labels["predicted_category"]; c != "" {
			byCat[c] = append(byCat[c], r)
		}
	}
	for c, rs := range byCat {
		n := 0
		for i := range rs {
			if eligible(&rs[i]) {
				n++
			}
		}
		if n < minCategorySupport {
			continue
		}
		if p.Categories == nil {
			p.Categories = map[string]assistant.Rule{}
		}
		if t, ok := bestThreshold(rs, target); ok {
			p.Categories[c] = assistant.Rule{Mode: assistant.ModeAuto, Threshold: t}
		} else {
			p.Categories[c] = assistant.Rule{Mode: assistant.ModeSuggest, Threshold: assistant.DefaultThreshold}
		}
	}
	return p
}

// bestThreshold returns the lowest confidence threshold whose automated
// answers (at least minAutoSupport) reach the target precision.
func bestThreshold(results []Result, target float64) (float64, bool) {
	var el []Result
	for i := range results {
		if eligible(&results[i]) {
			el = append(el, results[i])
		}
	}
	sort.SliceStable(el, func(i, j int) bool { return el[i].Confidence > el[j].Confidence })
	best, found, ok := 0.0, false, 0
	for i, r := range el {
		if r.JudgedResolved {
			ok++
		}
		n := i + 1
		if i+1 < len(el) && el[i+1].Confidence == r.Confidence {
			continue // a threshold takes all tickets of equal confidence
		}
		if n >= minAutoSupport && wilsonZ(ok, n, precisionZ)[0] >= target {
			best, found = r.Confidence, true
		}
	}
	return best, found
}

// curve is precision and automation rate at global thresholds 0 to 0.95.
func curve(results []Result) []CurvePoint {
	var out []CurvePoint
	for i := 0; i <= 19; i++ {
		t := float64(i) / 20
		pt := CurvePoint{Threshold: t}
		res := 0
		for k := range results {
			r := &results[k]
			if eligible(r) && r.Confidence >= t {
				pt.Automated++
				if r.JudgedResolved {
					res++
				}
			}
		}
		pt.Precision, pt.AutomationRate = ratio(res, pt.Automated), ratio(res, len(results))
		out = append(out, pt)
	}
	return out
}

func triageScores(results []Result) map[string]LabelScore {
	out := map[string]LabelScore{}
	for _, l := range []string{"category", "team", "priority"} {
		var truth, pred []string
		for _, r := range results {
			t, ok := r.Labels[l]
			if !ok || r.Labels["predicted_"+l] == "" && !hasPrediction(&r) {
				continue
			}
			truth, pred = append(truth, t), append(pred, r.Labels["predicted_"+l])
		}
		if len(truth) == 0 {
			continue
		}
		acc, f1 := triage.Score(truth, pred)
		out[l] = LabelScore{Accuracy: acc, MacroF1: f1, Predicted: len(truth)}
	}
	return out
}

// hasPrediction reports whether triage predicted anything for r.
func hasPrediction(r *Result) bool {
	for k, v := range r.Labels {
		if len(k) > 10 && k[:10] == "predicted_" && v != "" {
			return true
		}
	}
	return false
}

func perCategory(decided []Decided) []CategoryRow {
	rows := map[string]*CategoryRow{}
	right := map[string]int{}
	for _, d := range decided {
		c := d.Labels["category"]
		if c == "" {
			c = "(none)"
		}
		row := rows[c]
		if row == nil {
			row = &CategoryRow{Category: c}
			rows[c] = row
		}
		row.Tickets++
		if d.Decision == assistant.DecisionAuto {
			row.Automated++
			if d.JudgedResolved {
				row.Resolved++
			}
		}
		if d.Labels["predicted_category"] == d.Labels["category"] && c != "(none)" {
			right[c]++
		}
	}
	out := make([]CategoryRow, 0, len(rows))
	for c, row := range rows {
		row.AutomationRate, row.Precision = ratio(row.Resolved, row.Tickets), ratio(row.Resolved, row.Automated)
		row.CategoryAccuracy = ratio(right[c], row.Tickets)
		out = append(out, *row)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Tickets != out[j].Tickets {
			return out[i].Tickets > out[j].Tickets
		}
		return out[i].Category < out[j].Category
	})
	return out
}

func checkJudge(decided []Decided, gold map[string]Gold) *JudgeCheck {
	jc := &JudgeCheck{}
	agree, trueRes, auto := 0, 0, 0
	for _, d := range decided {
		g, ok := gold[d.ID]
		if !ok {
			continue
		}
		jc.Tickets++
		truth := g.Answerable && slices.Contains(d.Citations, g.Article)
		if truth == d.JudgedResolved {
			agree++
		}
		if d.Decision == assistant.DecisionAuto {
			auto++
			if truth {
				trueRes++
			}
		}
	}
	jc.Agreement = ratio(agree, jc.Tickets)
	jc.TrueAutomationRate = ratio(trueRes, jc.Tickets)
	jc.TruePrecision = ratio(trueRes, auto)
	return jc
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// wilson is the 95% Wilson score interval of k successes in n trials.
func wilson(k, n int) [2]float64 { return wilsonZ(k, n, 1.959963984540054) }

// wilsonZ is the Wilson score interval of k successes in n trials at z.
func wilsonZ(k, n int, z float64) [2]float64 {
	if n == 0 {
		return [2]float64{0, 0}
	}
	p, nf := float64(k)/float64(n), float64(n)
	d := 1 + z*z/nf
	c := (p + z*z/(2*nf)) / d
	h := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / d
	return [2]float64{math.Max(0, c-h), math.Min(1, c+h)}
}
