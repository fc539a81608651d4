package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"text/tabwriter"

	"deskpilot/assistant"
)

// defaultCategory names the default rule on the command line.
const defaultCategory = "default"

func (m *Main) runPolicy(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("policy")
	asJSON := fs.Bool("json", false, "print the policy as JSON")
	threshold := fs.Float64("threshold", assistant.DefaultThreshold, "with set: the confidence an automatic answer needs")
	if err := parse(args); err != nil {
		return err
	}
	verb := fs.Arg(0)
	switch {
	case verb == "" && fs.NArg() == 0:
	case verb == "set" && fs.NArg() == 3:
	case verb == "unset" && fs.NArg() == 2:
	default:
		return usagef("want no argument, set CATEGORY MODE, or unset CATEGORY")
	}
	var rule assistant.Rule
	if verb == "set" {
		rule = assistant.Rule{Mode: assistant.Mode(fs.Arg(2)), Threshold: *threshold}
		if err := rule.Validate(); err != nil {
			return usagef("%s", err)
		}
	}
	st, err := openStore(ctx, cfg, m.logger(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	category := fs.Arg(1)
	if category == defaultCategory {
		category = ""
	}
	if verb != "" && category != "" {
		if err := checkCategory(ctx, st, category); err != nil {
			return err
		}
	}
	switch verb {
	case "set":
		err = st.SetRule(ctx, category, rule)
	case "unset":
		err = st.DeleteRule(ctx, category)
	}
	if err != nil {
		return err
	}
	p, err := st.Policy(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, p)
	}
	return printPolicy(m.Stdout, p)
}

// checkCategory refuses a category that is not in the taxonomy: a typo
// would otherwise create a rule that never applies.
func checkCategory(ctx context.Context, st store, category string) error {
	cats, err := st.ListCategories(ctx)
	if err != nil {
		return err
	}
	for _, c := range cats {
		if c.Path == category {
			return nil
		}
	}
	return fmt.Errorf("category %q is not in the taxonomy (%d categories; see /api/v1/categories)", category, len(cats))
}

func printPolicy(w io.Writer, p assistant.Policy) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tMODE\tTHRESHOLD")
	d, _ := p.Rule("")
	fmt.Fprintf(tw, "%s\t%s\t%s\n", defaultCategory, d.Mode, strconv.FormatFloat(d.Threshold, 'f', -1, 64))
	for _, c := range slices.Sorted(maps.Keys(p.Categories)) {
		r := p.Categories[c]
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c, r.Mode, strconv.FormatFloat(r.Threshold, 'f', -1, 64))
	}
	return tw.Flush()
}
