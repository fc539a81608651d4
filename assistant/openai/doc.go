// Package openai is the adapter to OpenAI-compatible HTTP APIs, built on
// github.com/sashabaranov/go-openai. Any server that speaks the OpenAI wire
// format works: OpenAI itself, OpenAI-compatible proxies (including those
// in front of Azure OpenAI), Ollama, vLLM and LocalAI, by their base URL.
//
// For now it provides the Embedder (retrieval.Embedder): batched requests,
// retries with backoff that honour Retry-After, vectors checked and
// normalised, token usage counted. The API key is sent as a bearer token
// and never appears in an error. Package openaitest is a fake server that
// speaks the same wire format, for tests.
package openai
