// Package openai is the adapter to OpenAI-compatible HTTP APIs, built on
// github.com/sashabaranov/go-openai. Any server that speaks the OpenAI wire
// format works: OpenAI itself, OpenAI-compatible proxies (including those
// in front of Azure OpenAI), Ollama, vLLM and LocalAI, by their base URL.
//
// It provides the Embedder (retrieval.Embedder: batched requests, vectors
// checked and normalised) and Chat (assistant.ChatModel: plain, streamed and
// structured JSON completions). Both retry with backoff that honours
// Retry-After and count the tokens the server reports. The API key is sent as a bearer token
// and never appears in an error. Package openaitest is a fake server that
// speaks the same wire format, for tests.
package openai
