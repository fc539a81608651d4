package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"deskpilot/assistant"
	"deskpilot/tickets"
)

// policyInherit is the form's choice for a category without its own rule.
const policyInherit = "inherit"

// policyRow is one line of the policy page.
type policyRow struct {
	Category string
	Depth    int
	Own      bool           // the category has its own rule
	Rule     assistant.Rule // its own rule, or the one it follows
	From     string         // the category it follows, "" for the default
	Known    bool           // in the taxonomy
}

// policyView is the policy page's data.
type policyView struct {
	Default assistant.Rule
	Rows    []policyRow
	Modes   []assistant.Mode
}

// taxonomyPaths returns the set of category paths.
func (s *Server) taxonomyPaths(ctx context.Context) (map[string]bool, error) {
	cats, err := s.deps.Tickets.Store().ListCategories(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(cats))
	for _, c := range cats {
		known[c.Path] = true
	}
	return known, nil
}

func (s *Server) loadPolicyView(ctx context.Context) (policyView, error) {
	p, err := s.deps.Admin.Policy.Policy(ctx)
	if err != nil {
		return policyView{}, err
	}
	known, err := s.taxonomyPaths(ctx)
	if err != nil {
		return policyView{}, err
	}
	v := policyView{Default: p.Default, Modes: []assistant.Mode{assistant.ModeOff, assistant.ModeSuggest, assistant.ModeAuto}}
	if v.Default.Mode == "" {
		v.Default = assistant.DefaultPolicy().Default
	}
	paths := slices.Collect(maps.Keys(known))
	for c := range p.Categories {
		if !known[c] {
			paths = append(paths, c) // a rule left from an older taxonomy: shown, so it can be removed
		}
	}
	slices.Sort(paths)
	for _, c := range paths {
		r, from := p.Rule(c)
		_, own := p.Categories[c]
		v.Rows = append(v.Rows, policyRow{Category: c, Depth: strings.Count(c, "/"), Own: own, Rule: r, From: from, Known: known[c]})
	}
	return v, nil
}

func (s *Server) policyPage(c *gin.Context) {
	if s.deps.Admin.Policy == nil {
		s.errorPage(c, http.StatusServiceUnavailable, "admin.off")
		return
	}
	v, err := s.loadPolicyView(c.Request.Context())
	if err != nil {
		s.logger(c).Error("policy page", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	s.adminPage(c, http.StatusOK, "admin_policy", "policy", v)
}

// savePolicy takes the policy form: the default rule, then for each
// category its mode (or inherit) and threshold.
func (s *Server) savePolicy(c *gin.Context) {
	if s.deps.Admin.Policy == nil {
		s.errorPage(c, http.StatusServiceUnavailable, "admin.off")
		return
	}
	ve := &tickets.ValidationError{}
	p := assistant.Policy{Default: policyFormRule(ve, "default", c.PostForm("default_mode"), c.PostForm("default_threshold")),
		Categories: map[string]assistant.Rule{}}
	cats, modes, ths := c.PostFormArray("category"), c.PostFormArray("mode"), c.PostFormArray("threshold")
	if len(modes) != len(cats) || len(ths) != len(cats) {
		ve.Add("form", "each category needs a mode and a threshold")
	}
	for i := 0; i < len(cats) && i < len(modes) && i < len(ths); i++ {
		if modes[i] != policyInherit {
			p.Categories[cats[i]] = policyFormRule(ve, cats[i], modes[i], ths[i])
		}
	}
	err := ve.Err()
	if err == nil {
		err = s.replacePolicy(c.Request.Context(), p)
	}
	if err != nil {
		v, verr := s.loadPolicyView(c.Request.Context())
		if verr != nil {
			s.logger(c).Error("policy page", "error", verr)
		}
		if formStatus(err) >= 500 {
			s.logger(c).Error("save policy", "error", err)
		}
		s.adminProblem(c, formStatus(err), "admin_policy", "policy", v, adminProblemText(s.uiLanguage(c, currentUser(c).Language), err))
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/policy?done=saved")
}

// policyFormRule reads a rule from a form's mode and threshold ("" is
// the default threshold).
func policyFormRule(ve *tickets.ValidationError, field, mode, threshold string) assistant.Rule {
	r := assistant.Rule{Mode: assistant.Mode(mode), Threshold: assistant.DefaultThreshold}
	if strings.TrimSpace(threshold) != "" {
		v, err := strconv.ParseFloat(strings.TrimSpace(threshold), 64)
		if err != nil {
			ve.Add(field, "threshold %q: want a number from 0 to 1", threshold)
			return r
		}
		r.Threshold = v
	}
	if err := r.Validate(); err != nil {
		ve.Add(field, "%s", strings.TrimPrefix(err.Error(), "assistant: "))
	}
	return r
}

// replacePolicy makes p the live policy: its default, its category rules
// (each category in the taxonomy), and no other category rule.
func (s *Server) replacePolicy(ctx context.Context, p assistant.Policy) error {
	ve := &tickets.ValidationError{}
	if p.Default.Mode == "" {
		ve.Add("default", "a default rule is required")
	} else if err := p.Default.Validate(); err != nil {
		ve.Add("default", "%s", strings.TrimPrefix(err.Error(), "assistant: "))
	}
	known, err := s.taxonomyPaths(ctx)
	if err != nil {
		return err
	}
	for _, c := range slices.Sorted(maps.Keys(p.Categories)) {
		if err := p.Categories[c].Validate(); err != nil {
			ve.Add(c, "%s", strings.TrimPrefix(err.Error(), "assistant: "))
		}
		if !known[c] {
			ve.Add(c, "not a category of the taxonomy")
		}
	}
	if err := ve.Err(); err != nil {
		return err
	}
	live, err := s.deps.Admin.Policy.Policy(ctx)
	if err != nil {
		return err
	}
	if err := s.deps.Admin.Policy.SetRule(ctx, "", p.Default); err != nil {
		return err
	}
	for _, c := range slices.Sorted(maps.Keys(p.Categories)) {
		if err := s.deps.Admin.Policy.SetRule(ctx, c, p.Categories[c]); err != nil {
			return err
		}
	}
	for c := range live.Categories {
		if _, keep := p.Categories[c]; !keep {
			if err := s.deps.Admin.Policy.DeleteRule(ctx, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// applyRecommended stores a simulation's recommended policy as `deskpilot
// simulate --apply-policy` does: its default and its rules of categories
// the taxonomy has; other rules are left as they are. It returns how many
// category rules were applied and skipped.
func (s *Server) applyRecommended(ctx context.Context, p assistant.Policy) (applied, skipped int, err error) {
	if err := p.Validate(); err != nil || p.Default.Mode == "" {
		return 0, 0, fmt.Errorf("web: the recommended policy is not valid: %v", err)
	}
	known, err := s.taxonomyPaths(ctx)
	if err != nil {
		return 0, 0, err
	}
	if err := s.deps.Admin.Policy.SetRule(ctx, "", p.Default); err != nil {
		return 0, 0, err
	}
	for _, c := range slices.Sorted(maps.Keys(p.Categories)) {
		if !known[c] {
			skipped++
			continue
		}
		if err := s.deps.Admin.Policy.SetRule(ctx, c, p.Categories[c]); err != nil {
			return applied, skipped, err
		}
		applied++
	}
	return applied, skipped, nil
}

func (s *Server) apiGetPolicy(c *gin.Context) {
	if s.deps.Admin.Policy == nil {
		s.adminUnavailable(c, "the rollout policy")
		return
	}
	p, err := s.deps.Admin.Policy.Policy(c.Request.Context())
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// apiPutPolicy replaces the live policy with the body's.
func (s *Server) apiPutPolicy(c *gin.Context) {
	if s.deps.Admin.Policy == nil {
		s.adminUnavailable(c, "the rollout policy")
		return
	}
	var p assistant.Policy
	if err := readAdminJSON(c, &p); err != nil {
		s.respondError(c, err)
		return
	}
	if err := s.replacePolicy(c.Request.Context(), p); err != nil {
		s.respondError(c, err)
		return
	}
	s.apiGetPolicy(c)
}

// readAdminJSON reads a JSON body of at most 1 MiB into v, refusing
// unknown fields so that a typo is not silently ignored.
func readAdminJSON(c *gin.Context, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("body: want a JSON object of the documented shape: " + err.Error())
	}
	return nil
}

// formStatus is the status respondError would give err, for pages.
func formStatus(err error) int {
	var ve *tickets.ValidationError
	if errors.As(err, &ve) {
		return http.StatusUnprocessableEntity
	}
	var bad badRequestError
	if errors.As(err, &bad) {
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}
