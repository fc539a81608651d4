// Package demo generates the demo service desk of Northwind Logistics, a
// fictional mid-size logistics company with offices in the UK and France:
// a knowledge base of how-tos, troubleshooting guides, FAQs, error
// references and internal runbooks (in English and French, Markdown and
// HTML), and a year of ticket history that uses it.
//
// It owns the content (the facts each article and ticket is written from,
// in the topics_*.go and french*.go tables), the way they are composed into
// varied prose, and the shape of the history: arrival patterns and
// seasonality, the mix of categories, teams, priorities and channels,
// response and resolution times, reopened tickets, frustrated requesters,
// tickets no article answers, and an outage wave. Articles published during
// the year come after tickets that needed them, which the leak-free
// simulation relies on.
//
// Output is deterministic: the same Options give byte-identical exports.
// `make demo`, the simulation and the retrieval benchmarks run on it.
package demo
