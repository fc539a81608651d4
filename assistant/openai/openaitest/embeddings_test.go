package openaitest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"deskpilot/assistant/openai/openaitest"
)

// embeddingAnswer is the answer's shape, decoded strictly.
type embeddingAnswer struct {
	Object string `json:"object"`
	Model  string `json:"model"`
	Data   []struct {
		Object    string          `json:"object"`
		Index     int             `json:"index"`
		Embedding json.RawMessage `json:"embedding"`
	} `json:"data"`
	Usage struct {
		PromptTokens int `json:"prompt_tokens"`
		TotalTokens  int `json:"total_tokens"`
	} `json:"usage"`
}

func decodeEmbeddingAnswer(t *testing.T, b []byte) embeddingAnswer {
	t.Helper()
	var a embeddingAnswer
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&a); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return a
}

func TestEmbeddingsWireFormat(t *testing.T) {
	s := openaitest.NewServer(t)
	resp, b := mustPost(t, s, "/embeddings",
		`{"model":"text-embedding-3-small","input":["first text","second"],"dimensions":8,"encoding_format":"float"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d: %s", resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if got := keys(mustObject(t, b)); !slices.Equal(got, []string{"data", "model", "object", "usage"}) {
		t.Errorf("top-level keys = %v", got)
	}
	a := decodeEmbeddingAnswer(t, b)
	if a.Object != "list" || a.Model != "text-embedding-3-small" || len(a.Data) != 2 {
		t.Fatalf("answer = %+v", a)
	}
	for i, text := range []string{"first text", "second"} {
		d := a.Data[i]
		var v []float32
		if err := json.Unmarshal(d.Embedding, &v); err != nil {
			t.Fatalf("data[%d].embedding is not a float list: %s", i, d.Embedding)
		}
		if d.Object != "embedding" || d.Index != i {
			t.Errorf("data[%d] object %q index %d", i, d.Object, d.Index)
		}
		if diff := cmp.Diff(openaitest.HashVector(text, 8), v); diff != "" {
			t.Errorf("data[%d].embedding (-want +got):\n%s", i, diff)
		}
	}
	wantTokens := openaitest.EstimateTokens("first text") + openaitest.EstimateTokens("second")
	if a.Usage.PromptTokens != wantTokens || a.Usage.TotalTokens != wantTokens {
		t.Errorf("usage = %+v, want %d tokens", a.Usage, wantTokens)
	}
}

func TestEmbeddingsStringInputAndDefaults(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithDimensions(5))
	_, b := mustPost(t, s, "/embeddings", `{"model":"m","input":"just one"}`)
	a := decodeEmbeddingAnswer(t, b)
	var v []float32
	if err := json.Unmarshal(a.Data[0].Embedding, &v); err != nil || len(a.Data) != 1 {
		t.Fatalf("answer = %s (%v)", b, err)
	}
	if len(v) != 5 {
		t.Errorf("len = %d, want the server's 5", len(v))
	}
	var norm float64
	for _, f := range v {
		norm += float64(f) * float64(f)
	}
	if math.Abs(norm-1) > 1e-5 {
		t.Errorf("default vector norm² = %v, want 1", norm)
	}
	rec := s.Requests()[0].Embedding
	if rec == nil || !rec.InputIsString || !slices.Equal(rec.Input, []string{"just one"}) {
		t.Errorf("recorded = %+v", rec)
	}
}

func TestEmbeddingsBase64(t *testing.T) {
	s := openaitest.NewServer(t)
	_, b := mustPost(t, s, "/embeddings", `{"model":"m","input":["x"],"dimensions":4,"encoding_format":"base64"}`)
	a := decodeEmbeddingAnswer(t, b)
	var enc string
	if err := json.Unmarshal(a.Data[0].Embedding, &enc); err != nil {
		t.Fatalf("embedding is not a string: %s", a.Data[0].Embedding)
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(raw) != 16 {
		t.Fatalf("decode %q: %v, %d bytes", enc, err, len(raw))
	}
	got := make([]float32, 4)
	for i := range got {
		got[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	if diff := cmp.Diff(openaitest.HashVector("x", 4), got); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
}

func TestEmbeddingsValidation(t *testing.T) {
	tests := []struct {
		name, body string
		wantParam  any
	}{
		{"not JSON", `{"model":`, nil},
		{"no model", `{"input":["a"]}`, nil},
		{"no input", `{"model":"m"}`, "input"},
		{"empty string", `{"model":"m","input":["a",""]}`, "input"},
		{"token arrays", `{"model":"m","input":[[1,2,3]]}`, "input"},
		{"zero dimensions", `{"model":"m","input":"a","dimensions":0}`, "dimensions"},
		{"bad encoding", `{"model":"m","input":"a","encoding_format":"int8"}`, "encoding_format"},
	}
	s := openaitest.NewServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := mustPost(t, s, "/embeddings", tt.body)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400: %s", resp.StatusCode, b)
			}
			e := checkErrorBody(t, b)
			if e["type"] != "invalid_request_error" || e["param"] != tt.wantParam || e["code"] != nil {
				t.Errorf("error = %v, want param %v", e, tt.wantParam)
			}
		})
	}
}

func TestEmbeddingsScriptedInOrderThenDefault(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithDimensions(2))
	var seen []string
	s.Embeddings(func(req openaitest.EmbeddingRequest) ([][]float32, error) {
		seen = append(seen, req.Model)
		return [][]float32{{3, 4}}, nil
	})
	s.Embeddings(func(req openaitest.EmbeddingRequest) ([][]float32, error) {
		return nil, &openaitest.Error{Status: http.StatusNotFound, Code: "model_not_found", Message: "no such model"}
	})
	s.Embeddings(func(openaitest.EmbeddingRequest) ([][]float32, error) { return nil, errors.New("boom") })

	_, b := mustPost(t, s, "/embeddings", `{"model":"first","input":"a"}`)
	if got := string(decodeEmbeddingAnswer(t, b).Data[0].Embedding); got != "[3,4]" {
		t.Errorf("first answer embedding = %s, want the scripted [3,4]", got)
	}
	resp, b := mustPost(t, s, "/embeddings", `{"model":"second","input":"a"}`)
	if e := checkErrorBody(t, b); resp.StatusCode != http.StatusNotFound || e["code"] != "model_not_found" {
		t.Errorf("second answer = %d %v", resp.StatusCode, e)
	}
	resp, b = mustPost(t, s, "/embeddings", `{"model":"third","input":"a"}`)
	if e := checkErrorBody(t, b); resp.StatusCode != http.StatusInternalServerError || e["type"] != "server_error" {
		t.Errorf("third answer = %d %v", resp.StatusCode, e)
	}
	_, b = mustPost(t, s, "/embeddings", `{"model":"fourth","input":"a"}`)
	var v []float32
	_ = json.Unmarshal(decodeEmbeddingAnswer(t, b).Data[0].Embedding, &v)
	if diff := cmp.Diff(openaitest.HashVector("a", 2), v); diff != "" {
		t.Errorf("after the queue, default answer (-want +got):\n%s", diff)
	}
	if !slices.Equal(seen, []string{"first"}) {
		t.Errorf("first behaviour saw %v", seen)
	}
}

func TestReverseEmbeddingsKeepsIndexes(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithDimensions(3))
	s.ReverseEmbeddings(true)
	_, b := mustPost(t, s, "/embeddings", `{"model":"m","input":["a","b","c"]}`)
	a := decodeEmbeddingAnswer(t, b)
	var order []int
	for _, d := range a.Data {
		order = append(order, d.Index)
		var v []float32
		_ = json.Unmarshal(d.Embedding, &v)
		if want := openaitest.HashVector([]string{"a", "b", "c"}[d.Index], 3); !slices.Equal(v, want) {
			t.Errorf("data with index %d has another input's vector", d.Index)
		}
	}
	if !slices.Equal(order, []int{2, 1, 0}) {
		t.Errorf("indexes in answer order = %v, want [2 1 0]", order)
	}
}
