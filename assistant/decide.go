package assistant

import "fmt"

// Decision thresholds that do not depend on the policy.
const (
	// minCoverage is the share of the question's words the best document
	// must hold for the knowledge to count as covering the question.
	minCoverage = 0.25
	// MinSuggest is the confidence below which a draft is not worth an
	// agent's time.
	MinSuggest = 0.1
)

// decide sets the decision, reason and explanation of ans from its
// signals, confidence and policy rule. The order is the order of
// precedence: what the user asked, then what must not be automated, then
// what the knowledge and the confidence allow.
func decide(ans *Answer) {
	s := &ans.Signals
	hand := func(r Reason, why string) {
		ans.Decision, ans.Reason, ans.Explanation = DecisionHandoff, r, why
	}
	switch {
	case s.AskedForHuman:
		hand(ReasonAskedForHuman, "the user asked for a person")
	case s.Sensitive:
		hand(ReasonSensitive, "the question touches a sensitive topic")
	case ans.Rule.Mode == ModeOff:
		hand(ReasonSensitive, fmt.Sprintf("the assistant is off for %s", ruleName(ans.RuleCategory)))
	case s.LLMOutOfScope || (!s.ITVocabulary && s.Coverage < 0.5 && (s.Documents == 0 || s.Coverage < minCoverage)):
		hand(ReasonOutOfScope, "the question is not about IT support")
	case s.Documents == 0 || s.Coverage < minCoverage || ans.Draft == "" || (s.LLM && !s.LLMAnswered):
		hand(ReasonMissingKnowledge, "nothing in the knowledge answers the question")
	case s.Frustrated:
		hand(ReasonFrustrated, "the user is frustrated")
	case ans.Confidence < MinSuggest:
		hand(ReasonLowConfidence, fmt.Sprintf("confidence %.2f is below %.2f", ans.Confidence, MinSuggest))
	case ans.Rule.Mode == ModeAuto && ans.Confidence >= ans.Rule.Threshold && publicOnly(ans.Citations):
		ans.Decision = DecisionAuto
		ans.Explanation = fmt.Sprintf("confidence %.2f reaches the auto threshold %.2f of %s", ans.Confidence, ans.Rule.Threshold, ruleName(ans.RuleCategory))
	case ans.Rule.Mode == ModeAuto:
		ans.Decision = DecisionSuggest
		ans.Explanation = fmt.Sprintf("confidence %.2f is below the auto threshold %.2f of %s", ans.Confidence, ans.Rule.Threshold, ruleName(ans.RuleCategory))
	default:
		ans.Decision = DecisionSuggest
		ans.Explanation = fmt.Sprintf("%s is in suggest mode", ruleName(ans.RuleCategory))
	}
	if ans.Decision == DecisionHandoff {
		ans.Message = phrasesFor(ans.Language).handoff[ans.Reason]
		if ans.Reason == ReasonOutOfScope {
			ans.Draft, ans.Citations = ans.Message, []Citation{}
		}
	}
}

// publicOnly reports whether every citation is a public article, as
// anything a requester receives unchecked must be.
func publicOnly(cs []Citation) bool {
	for _, c := range cs {
		if !c.Public {
			return false
		}
	}
	return len(cs) > 0
}

func ruleName(category string) string {
	if category == "" {
		return "the default rule"
	}
	return "category " + category
}
