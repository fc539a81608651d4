package localembed

import (
	"math"
	"math/bits"
)

// counter counts the distinct hashes of a text in a reusable open
// addressing table: faster than sorting, and it keeps the order in which
// features first appear, so results do not depend on hash values.
type counter struct {
	slots  []int32  // 1 + index into keys; 0 for an empty slot
	used   []uint64 // the slots in use, to clear them
	keys   []uint64
	counts []uint32
	lead   []bool
}

// weigh counts raw, whose first nLead hashes come from the text's lead,
// and appends the distinct features to dst, weighted 1+ln(tf), times idf
// when idf is not nil, times boost when they occur in the lead.
func (c *counter) weigh(dst []feature, raw []uint64, nLead int, boost float64, idf []float32) []feature {
	if len(raw) == 0 {
		return dst
	}
	c.reset(len(raw))
	mask := uint64(len(c.slots) - 1)
	for i, h := range raw {
		at := h & mask
		for {
			k := c.slots[at]
			if k == 0 {
				c.keys = append(c.keys, h)
				c.counts = append(c.counts, 1)
				c.lead = append(c.lead, i < nLead)
				c.slots[at] = int32(len(c.keys))
				c.used = append(c.used, at)
				break
			}
			if c.keys[k-1] == h {
				c.counts[k-1]++
				c.lead[k-1] = c.lead[k-1] || i < nLead
				break
			}
			at = (at + 1) & mask
		}
	}
	for k, h := range c.keys {
		w := 1.0
		if n := c.counts[k]; n > 1 {
			w += math.Log(float64(n))
		}
		if idf != nil {
			w *= float64(idf[h&(dfBuckets-1)])
		}
		if c.lead[k] && boost > 1 {
			w *= boost
		}
		dst = append(dst, feature{h, w})
	}
	return dst
}

// reset empties the table and makes room for n distinct keys at a load
// of at most one half.
func (c *counter) reset(n int) {
	for _, at := range c.used { // clear only what the last text used
		c.slots[at] = 0
	}
	c.used, c.keys, c.counts, c.lead = c.used[:0], c.keys[:0], c.counts[:0], c.lead[:0]
	if size := 1 << bits.Len(uint(2*n)); size > len(c.slots) {
		c.slots = make([]int32, size)
	}
}
