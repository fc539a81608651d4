package openaitest

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"slices"
	"unicode/utf8"
)

// maxEmbeddingInputs is the API's limit on the inputs of one request.
const maxEmbeddingInputs = 2048

// EmbeddingRequest is a decoded POST /v1/embeddings body.
type EmbeddingRequest struct {
	Model string
	// Input holds the texts to embed; an input sent as one string is one text.
	Input []string
	// InputIsString reports that input was sent as a string, not an array.
	InputIsString  bool
	Dimensions     int    // 0 when not sent
	EncodingFormat string // "" when not sent
	User           string
}

// embeddingWire is the request body as sent.
type embeddingWire struct {
	Model          string          `json:"model"`
	Input          json.RawMessage `json:"input"`
	Dimensions     *int            `json:"dimensions"`
	EncodingFormat *string         `json:"encoding_format"`
	User           string          `json:"user"`
}

// embeddingData is one entry of the answer's data: embedding is a list of
// floats, or a base64 string of little-endian float32s.
type embeddingData struct {
	Object    string `json:"object"`
	Index     int    `json:"index"`
	Embedding any    `json:"embedding"`
}

type embeddingUsage struct {
	PromptTokens int `json:"prompt_tokens"`
	TotalTokens  int `json:"total_tokens"`
}

type embeddingResponse struct {
	Object string          `json:"object"`
	Data   []embeddingData `json:"data"`
	Model  string          `json:"model"`
	Usage  embeddingUsage  `json:"usage"`
}

// badJSON is the API's answer to a body that is not JSON.
var badJSON = &Error{Status: http.StatusBadRequest, Type: "invalid_request_error",
	Message: "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload."}

// decodeEmbeddingRequest parses body; an input that is neither a string nor
// an array of strings is an error, since the fake does not take tokens.
func decodeEmbeddingRequest(body []byte) (EmbeddingRequest, error) {
	req, _, err := parseEmbeddingRequest(body)
	return req, err
}

func parseEmbeddingRequest(body []byte) (EmbeddingRequest, embeddingWire, error) {
	var w embeddingWire
	if err := json.Unmarshal(body, &w); err != nil {
		return EmbeddingRequest{}, w, badJSON
	}
	req := EmbeddingRequest{Model: w.Model, User: w.User}
	if w.Dimensions != nil {
		req.Dimensions = *w.Dimensions
	}
	if w.EncodingFormat != nil {
		req.EncodingFormat = *w.EncodingFormat
	}
	var one string
	if err := json.Unmarshal(w.Input, &one); err == nil {
		req.Input, req.InputIsString = []string{one}, true
		return req, w, nil
	}
	if err := json.Unmarshal(w.Input, &req.Input); err != nil || req.Input == nil {
		return req, w, invalid("input", "'input' must be a string or an array of strings (the fake takes no token arrays).")
	}
	return req, w, nil
}

// validateEmbedding applies the API's checks on an embeddings request.
func validateEmbedding(r EmbeddingRequest, w embeddingWire) *Error {
	switch {
	case r.Model == "":
		return invalid("", "you must provide a model parameter")
	case len(r.Input) == 0:
		return invalid("input", "'input' must not be empty.")
	case len(r.Input) > maxEmbeddingInputs:
		return invalid("input", fmt.Sprintf("'input' must have at most %d items.", maxEmbeddingInputs))
	case slices.Contains(r.Input, ""):
		return invalid("input", "'$.input' is invalid: inputs cannot be empty strings.")
	case w.Dimensions != nil && *w.Dimensions < 1:
		return invalid("dimensions", "'dimensions' must be at least 1.")
	case w.EncodingFormat != nil && *w.EncodingFormat != "float" && *w.EncodingFormat != "base64":
		return invalid("encoding_format", "'encoding_format' must be 'float' or 'base64'.")
	}
	return nil
}

func (s *Server) serveEmbeddings(w http.ResponseWriter, body []byte) {
	req, wire, err := parseEmbeddingRequest(body)
	if err != nil {
		writeError(w, scriptError(err))
		return
	}
	if e := validateEmbedding(req, wire); e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	var fn func(EmbeddingRequest) ([][]float32, error)
	if len(s.embeddings) > 0 {
		fn, s.embeddings = s.embeddings[0], s.embeddings[1:]
	}
	dims, reverse := s.dims, s.reverse
	s.mu.Unlock()
	if fn == nil {
		fn = func(req EmbeddingRequest) ([][]float32, error) { return hashVectors(req, dims), nil }
	}
	vecs, err := fn(req)
	if err != nil {
		writeError(w, scriptError(err))
		return
	}
	writeJSON(w, http.StatusOK, embeddingAnswer(req, vecs, reverse))
}

func hashVectors(req EmbeddingRequest, dims int) [][]float32 {
	if req.Dimensions > 0 {
		dims = req.Dimensions
	}
	out := make([][]float32, len(req.Input))
	for i, text := range req.Input {
		out[i] = HashVector(text, dims)
	}
	return out
}

func embeddingAnswer(req EmbeddingRequest, vecs [][]float32, reverse bool) embeddingResponse {
	resp := embeddingResponse{Object: "list", Model: req.Model, Data: make([]embeddingData, len(vecs))}
	for i, v := range vecs {
		d := embeddingData{Object: "embedding", Index: i, Embedding: v}
		if req.EncodingFormat == "base64" {
			d.Embedding = EncodeBase64(v)
		}
		resp.Data[i] = d
	}
	if reverse {
		slices.Reverse(resp.Data)
	}
	for _, text := range req.Input {
		resp.Usage.PromptTokens += EstimateTokens(text)
	}
	resp.Usage.TotalTokens = resp.Usage.PromptTokens
	return resp
}

// HashVector returns the unit vector the default behaviour answers for
// text: a deterministic function of text and dims, so tests can predict it.
func HashVector(text string, dims int) []float32 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(text))
	x := h.Sum64()
	v := make([]float32, dims)
	var norm float64
	for i := range v {
		x = splitmix64(x)
		f := float64(x>>11)/(1<<53)*2 - 1
		v[i] = float32(f)
		norm += f * f
	}
	if norm == 0 {
		return v
	}
	inv := 1 / math.Sqrt(norm)
	for i := range v {
		v[i] = float32(float64(v[i]) * inv)
	}
	return v
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// EstimateTokens is the token count the fake reports for s: about one token
// per four characters, at least one.
func EstimateTokens(s string) int {
	return max(1, (utf8.RuneCountInString(s)+3)/4)
}

// EncodeBase64 encodes v as the API does for encoding_format "base64":
// the little-endian IEEE 754 float32s, in standard base64.
func EncodeBase64(v []float32) string {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return base64.StdEncoding.EncodeToString(b)
}
