package servicenowtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// cell is a field of a record: its value, its display value, and the
// table it refers to when it is a reference.
type cell struct{ value, display, ref string }

type row map[string]cell

const valueLayout = "2006-01-02 15:04:05"

// displayZone is the integration user's time zone: display values of
// date-times are in it, values in UTC, as in the real API.
var displayZone = time.FixedZone("CET", 3600)

func at(t time.Time) cell {
	if t.IsZero() {
		return cell{}
	}
	return cell{value: t.UTC().Format(valueLayout), display: t.In(displayZone).Format("01/02/2006 03:04:05 PM")}
}

func text(v string) cell { return cell{value: v, display: v} }

func (s *Server) choice(table, field, v string) cell {
	label, ok := s.choices[table+"."+field+"="+v]
	if !ok {
		label = v
	}
	return cell{value: v, display: label}
}

// rows returns a table's records as the Table API sees them; false for an
// unknown table. Called with s.mu held.
func (s *Server) rows(table string) ([]row, bool) {
	var out []row
	switch table {
	case "kb_knowledge":
		for _, a := range s.articles {
			r := row{"sys_id": text(a.SysID), "number": text(a.Number), "short_description": text(a.Title),
				"text": text(a.Text), "wiki": text(""), "article_type": s.choice(table, "article_type", "text"),
				"workflow_state": s.choice(table, "workflow_state", a.State), "kb_category": s.ref("kb_category", a.CategoryID),
				"kb_knowledge_base":      {value: a.KnowledgeBase, display: "IT", ref: "kb_knowledge_base"},
				"can_read_user_criteria": text(a.CanRead), "roles": text(""), "language": s.choice(table, "language", a.Language),
				"sys_created_on": at(a.CreatedOn), "sys_updated_on": at(a.UpdatedOn)}
			if a.Malformed {
				r["sys_updated_on"] = text("yesterday")
			}
			out = append(out, r)
		}
	case "incident":
		for _, inc := range s.incidents {
			out = append(out, row{"sys_id": text(inc.SysID), "number": text(inc.Number),
				"short_description": text(inc.ShortDescription), "description": text(inc.Description),
				"state": s.choice(table, "state", inc.State), "priority": s.choice(table, "priority", inc.Priority),
				"category": s.choice(table, "category", inc.Category), "subcategory": s.choice(table, "subcategory", inc.Subcategory),
				"caller_id": s.ref("sys_user", inc.CallerID), "assignment_group": s.ref("sys_user_group", inc.AssignmentGroup),
				"contact_type": s.choice(table, "contact_type", inc.ContactType), "close_notes": text(inc.CloseNotes),
				"active": text(strconv.FormatBool(inc.State < "6")), "opened_at": at(inc.OpenedAt), "resolved_at": at(inc.ResolvedAt),
				"closed_at": at(inc.ClosedAt), "sys_created_on": at(inc.CreatedOn), "sys_updated_on": at(inc.UpdatedOn)})
		}
	case "sys_journal_field":
		for _, e := range s.journal {
			out = append(out, row{"sys_id": text(e.SysID), "element": text(e.Element), "element_id": text(e.ElementID),
				"name": text("incident"), "value": text(e.Value), "sys_created_on": at(e.CreatedOn), "sys_created_by": text(e.CreatedBy)})
		}
	case "sys_user":
		for _, u := range s.users {
			out = append(out, row{"sys_id": text(u.SysID), "user_name": text(u.UserName), "name": text(u.Name), "email": text(u.Email)})
		}
	case "sys_user_group":
		for _, g := range s.groups {
			out = append(out, row{"sys_id": text(g.SysID), "name": text(g.Name)})
		}
	case "kb_category":
		for _, c := range s.categories {
			out = append(out, row{"sys_id": text(c.SysID), "label": text(c.Label)})
		}
	default:
		return nil, false
	}
	return out, true
}

// ref is a reference to a record of table, shown by its name or label.
func (s *Server) ref(table, id string) cell {
	c := cell{value: id, ref: table}
	if id == "" {
		return c
	}
	rows, _ := s.rows(table)
	for _, r := range rows {
		if r["sys_id"].value == id {
			c.display = r["name"].value + r["label"].value
		}
	}
	return c
}

// get reads a field of r, dot-walking through references:
// "caller_id.email".
func (s *Server) get(r row, field string) (cell, bool) {
	head, rest, dotted := strings.Cut(field, ".")
	c, ok := r[head]
	if !ok || !dotted {
		return c, ok
	}
	if c.ref == "" {
		return cell{}, false
	}
	rows, _ := s.rows(c.ref)
	for _, target := range rows {
		if target["sys_id"].value == c.value {
			return s.get(target, rest)
		}
	}
	return cell{}, true // an empty or dangling reference
}

var termRE = regexp.MustCompile(`^([a-z_][a-z0-9_.]*?)(>=|<=|!=|=|>|<|NOTIN|IN|STARTSWITH)(.*)$`)

type term struct{ field, op, value string }

// parseQuery reads the subset of encoded queries the fake knows; anything
// else is refused, so that a test notices a query the fake would not
// answer like the real API.
func parseQuery(q string) (terms []term, order []string, err error) {
	for _, part := range strings.Split(q, "^") {
		switch {
		case part == "":
		case strings.HasPrefix(part, "ORDERBYDESC"):
			order = append(order, "-"+strings.TrimPrefix(part, "ORDERBYDESC"))
		case strings.HasPrefix(part, "ORDERBY"):
			order = append(order, strings.TrimPrefix(part, "ORDERBY"))
		default:
			m := termRE.FindStringSubmatch(part)
			if m == nil {
				return nil, nil, fmt.Errorf("unsupported query term %q", part)
			}
			terms = append(terms, term{m[1], m[2], m[3]})
		}
	}
	return terms, order, nil
}

func (t term) match(v string) bool {
	switch t.op {
	case "=":
		return v == t.value
	case "!=":
		return v != t.value
	case ">":
		return v > t.value
	case ">=":
		return v >= t.value
	case "<":
		return v < t.value
	case "<=":
		return v <= t.value
	case "IN":
		return slices.Contains(strings.Split(t.value, ","), v)
	case "NOTIN":
		return !slices.Contains(strings.Split(t.value, ","), v)
	case "STARTSWITH":
		return strings.HasPrefix(v, t.value)
	}
	return false
}

// table serves GET /api/now/table/{table}.
func (s *Server) table(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, "/api/now/table/")
	if r.Method != http.MethodGet || !ok || strings.Contains(name, "/") {
		writeError(w, http.StatusBadRequest, "Requested URI does not represent any resource", r.URL.Path)
		return
	}
	q := r.URL.Query()
	terms, order, err := parseQuery(q.Get("sysparm_query"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "fake: "+err.Error(), q.Get("sysparm_query"))
		return
	}
	limit, offset := s.MaxLimit, 0
	if v := q.Get("sysparm_limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit <= 0 {
			writeError(w, http.StatusBadRequest, "Invalid sysparm_limit", v)
			return
		}
	}
	if v := q.Get("sysparm_offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			writeError(w, http.StatusBadRequest, "Invalid sysparm_offset", v)
			return
		}
	}
	limit = min(limit, s.MaxLimit)
	s.mu.Lock()
	defer s.mu.Unlock()
	rows, ok := s.rows(name)
	if !ok {
		writeError(w, http.StatusBadRequest, "Invalid table "+name, "")
		return
	}
	matched, err := s.filter(rows, terms, order)
	if err != nil {
		writeError(w, http.StatusBadRequest, "fake: "+err.Error(), name)
		return
	}
	total := len(matched)
	from := min(offset, total)
	out := []map[string]any{}
	for _, rec := range matched[from:min(from+limit, total)] {
		if s.hidden[rec["sys_id"].value] {
			continue
		}
		out = append(out, s.render(rec, q))
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	if link := s.links(r, offset, limit, total); link != "" {
		w.Header().Set("Link", link)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"result": out})
}

// filter returns the rows matching terms, sorted by order.
func (s *Server) filter(rows []row, terms []term, order []string) ([]row, error) {
	var out []row
	for _, r := range rows {
		keep := true
		for _, t := range terms {
			c, ok := s.get(r, t.field)
			if !ok {
				return nil, fmt.Errorf("unknown field %q", t.field)
			}
			keep = keep && t.match(c.value)
		}
		if keep {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b row) int {
		for _, f := range order {
			desc := strings.HasPrefix(f, "-")
			f = strings.TrimPrefix(f, "-")
			ca, _ := s.get(a, f)
			cb, _ := s.get(b, f)
			if c := strings.Compare(ca.value, cb.value); c != 0 {
				if desc {
					return -c
				}
				return c
			}
		}
		return 0
	})
	return out, nil
}

// render writes a record with the fields and display mode asked for.
func (s *Server) render(r row, q url.Values) map[string]any {
	var fields []string
	if f := q.Get("sysparm_fields"); f != "" {
		fields = strings.Split(f, ",")
	} else {
		for k := range r {
			fields = append(fields, k)
		}
	}
	mode, noLinks := q.Get("sysparm_display_value"), q.Get("sysparm_exclude_reference_link") == "true"
	out := map[string]any{}
	for _, f := range fields {
		c, ok := s.get(r, f)
		if !ok {
			continue // the real API leaves out a field it does not know
		}
		link := ""
		if c.ref != "" && !noLinks && c.value != "" {
			link = s.URL + "/api/now/table/" + c.ref + "/" + c.value
		}
		switch {
		case mode == "all" && link != "":
			out[f] = map[string]string{"display_value": c.display, "value": c.value, "link": link}
		case mode == "all":
			out[f] = map[string]string{"display_value": c.display, "value": c.value}
		case mode == "true" && link != "":
			out[f] = map[string]string{"display_value": c.display, "link": link}
		case mode == "true":
			out[f] = c.display
		case link != "":
			out[f] = map[string]string{"value": c.value, "link": link}
		default:
			out[f] = c.value
		}
	}
	return out
}

// links is the Link header of a page: first, prev, next and last, the
// ones that apply; none when everything fits in one page.
func (s *Server) links(r *http.Request, offset, limit, total int) string {
	if total <= limit && offset == 0 {
		return ""
	}
	link := func(off int, rel string) string {
		q := r.URL.Query()
		q.Set("sysparm_offset", strconv.Itoa(off))
		q.Set("sysparm_limit", strconv.Itoa(limit))
		return "<" + s.URL + r.URL.Path + "?" + q.Encode() + `>;rel="` + rel + `"`
	}
	parts := []string{link(0, "first")}
	if offset > 0 {
		parts = append(parts, link(max(offset-limit, 0), "prev"))
	}
	if offset+limit < total {
		parts = append(parts, link(offset+limit, "next"))
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	parts = append(parts, link(last, "last"))
	return strings.Join(parts, ",")
}
