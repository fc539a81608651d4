// Package triage learns from a desk's past tickets to suggest the category,
// team and priority of new ones, with a calibrated confidence, and abstains
// when it is unsure.
//
// It owns the triage model end to end: tokenisation, features, training,
// calibration, persistence, the frustration cues that raise priority, and
// the `eval triage` evaluation of docs/formats.md. It is pure Go and needs
// no network: the embedded default works offline.
//
// # Model
//
// A ticket's question (subject and first requester message) becomes
// hashed TF-IDF unigrams and bigrams of folded, lower-cased words, with
// the subject's terms repeated as features of their own. Each label gets
// a one-vs-rest linear SVM (squared hinge, dual coordinate descent, as
// LIBLINEAR). It only ever predicts values its training tickets had.
//
// Train holds out the most recent 15% of its tickets, in time order, to
// choose stemming, the SVM cost C (the smallest within one standard error
// of the best, which carries over best when tickets drift) and class
// balancing, to fit a softmax temperature that turns margins into
// calibrated probabilities, and to set each label's abstention threshold
// where the kept answers reach a target accuracy (0.9 by default). It then
// refits on every ticket. On 38,000 tickets this takes seconds on two
// cores; retrain as tickets arrive.
//
// # Evaluation
//
// Evaluate and EvaluateFile sort tickets by creation time, learn from the
// oldest 80% and predict the rest. Accuracy and macro-F1 are those of
// always answering, which is what published classifiers report; coverage
// and accuracy on the answers kept describe the abstention.
package triage
