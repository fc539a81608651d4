// Package simulation replays a desk's history to estimate what the
// assistant would have done: every ticket is answered at the moment it was
// created, with only the knowledge that existed then (articles published
// before it, tickets resolved before it, never itself), triaged by a model
// trained only on tickets resolved before it, and its draft judged against
// what the agent really answered. Anything a search returns that breaks
// this is counted as a leak; the report's leaks must be 0.
//
// The report gives the automation rate with a 95% interval, the precision
// of automated answers, triage accuracy, a per-category table, the
// precision-versus-automation curve over confidence thresholds, handoff
// reasons, agent hours saved and LLM cost, and recommends the per-category
// rollout policy that reaches a target precision. Thresholds are chosen on
// one half of the history and applied to the other (time-ordered
// cross-fitting), so the reported rate is not flattered by choosing the
// threshold on the very tickets it is measured on.
package simulation
