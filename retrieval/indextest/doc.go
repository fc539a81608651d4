// Package indextest holds the contract suites every retrieval.LexicalIndex
// and retrieval.VectorIndex must pass, run by each implementation's tests
// against each of its storage modes.
package indextest
