package bleve

import (
	"context"
	"encoding/json"
	"fmt"

	index "github.com/blevesearch/bleve_index_api"

	"deskpilot/retrieval"
)

// Chunks returns the stored chunks for keys, in the same order, read from
// one snapshot of the index; a key not in the index yields a zero Chunk.
func (ix *Index) Chunks(ctx context.Context, keys []retrieval.ChunkKey) ([]retrieval.Chunk, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("bleve: chunks: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("bleve: chunks: %w", err)
	}
	defer r.Close()
	out := make([]retrieval.Chunk, len(keys))
	for i, k := range keys {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("bleve: chunks: %w", err)
		}
		doc, err := r.Document(string(k))
		if err != nil {
			return nil, fmt.Errorf("bleve: chunk %s: %w", k, err)
		}
		if doc == nil {
			continue
		}
		if err := decodeChunk(doc, &out[i]); err != nil {
			return nil, fmt.Errorf("bleve: chunk %s: %w", k, err)
		}
	}
	return out, nil
}

// decodeChunk fills c from the JSON stored with doc.
func decodeChunk(doc index.Document, c *retrieval.Chunk) error {
	var src []byte
	doc.VisitFields(func(f index.Field) {
		if f.Name() == fieldStored {
			src = f.Value()
		}
	})
	if src == nil {
		return fmt.Errorf("no stored chunk")
	}
	return json.Unmarshal(src, c)
}
