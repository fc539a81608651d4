package triage

// accuracyF1 returns the accuracy and the macro-averaged F1 of pred against
// truth. A prediction of -1, or one whose abstain entry is set, is an
// abstention: wrong for accuracy, a miss for its true class's recall and no
// false alarm for any class. Macro-F1 averages over the classes that occur
// in truth or in the predictions, as scikit-learn does, so that the figures
// compare with published ones.
func accuracyF1(truth, pred []int, abstain []bool) (acc, macroF1 float64) {
	if len(truth) == 0 {
		return 0, 0
	}
	tp := map[int]int{}
	fp := map[int]int{}
	fn := map[int]int{}
	classes := map[int]bool{}
	right := 0
	for i, t := range truth {
		p := pred[i]
		if abstain != nil && abstain[i] {
			p = -1
		}
		classes[t] = true
		if p >= 0 {
			classes[p] = true
		}
		switch {
		case p == t:
			right++
			tp[t]++
		case p < 0:
			fn[t]++
		default:
			fp[p]++
			fn[t]++
		}
	}
	var sum float64
	for c := range classes {
		if d := 2*tp[c] + fp[c] + fn[c]; d > 0 {
			sum += 2 * float64(tp[c]) / float64(d)
		}
	}
	return float64(right) / float64(len(truth)), sum / float64(len(classes))
}
