package copilot

import "context"

// Report is the state of the queue: counts by status and the latest
// failures, for `deskpilot copilot --status` and the admin API.
type Report struct {
	Counts map[Status]int `json:"counts"`
	// Failures are the latest jobs given up on, and Retries those that
	// failed and wait for another attempt: both with their last error.
	Failures []*Job `json:"failures"`
	Retries  []*Job `json:"retries"`
}

// Summarize reports on st's queue, with up to recent jobs per list.
func Summarize(ctx context.Context, st Store, recent int) (*Report, error) {
	counts, err := Counts(ctx, st)
	if err != nil {
		return nil, err
	}
	r := &Report{Counts: counts, Failures: []*Job{}, Retries: []*Job{}}
	if r.Failures, err = st.ListCopilotJobs(ctx, JobFilter{Status: StatusFailed, Limit: recent}); err != nil {
		return nil, err
	}
	if r.Retries, err = st.ListCopilotJobs(ctx, JobFilter{Status: StatusRetry, Limit: recent}); err != nil {
		return nil, err
	}
	return r, nil
}
