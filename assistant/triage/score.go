package triage

// Score returns the accuracy and macro-F1 of predicted labels against the
// true ones, as evaluation reports them; an empty prediction is an
// abstention (wrong, and no false alarm for any value).
func Score(truth, pred []string) (accuracy, macroF1 float64) {
	ids := map[string]int{}
	id := func(s string) int {
		if s == "" {
			return -1
		}
		if i, ok := ids[s]; ok {
			return i
		}
		ids[s] = len(ids)
		return ids[s]
	}
	t := make([]int, len(truth))
	p := make([]int, len(truth))
	for i := range truth {
		t[i], p[i] = id(truth[i]), id(pred[i])
	}
	return accuracyF1(t, p, nil)
}
