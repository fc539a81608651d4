// Package assistant answers questions from the knowledge: it triages a
// question (category, team, priority, sentiment, language), drafts a reply
// grounded in retrieved passages (with an LLM when one is configured, else
// extractively), checks the reply's citations against what was retrieved,
// gives the reply a confidence, and decides under the admin's rollout
// policy whether to answer automatically, suggest the reply to an agent, or
// hand off with a reason from a fixed list.
//
// Retrieved text is data, never instructions: passages reach an LLM inside
// delimiters, with the delimiters themselves removed from their text, and
// the system prompt says so. A requester's answer is built from public
// articles only; an agent's suggestion may also use internal articles and
// redacted past tickets. Question text is redacted before any LLM call.
package assistant
