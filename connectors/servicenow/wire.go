package servicenow

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The JSON of the Table API, as its reference documents it, limited to the
// fields the sync reads. A page's "result" is decoded one record at a
// time, so that one bad record does not cost its page.

// tableResult is the body of GET /api/now/table/{table}.
type tableResult struct {
	Result *[]json.RawMessage `json:"result"`
}

// field is a value in any sysparm_display_value mode: a string (false,
// true), or {"value", "display_value", "link"} (all, and references
// without sysparm_exclude_reference_link). Values are strings even for
// numbers and booleans.
type field struct {
	Value, Display string
}

// UnmarshalJSON reads either form.
func (f *field) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = field{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = field{Value: s, Display: s}
		return nil
	}
	var o struct {
		Value        *string `json:"value"`
		DisplayValue *string `json:"display_value"`
	}
	if err := json.Unmarshal(b, &o); err != nil || (o.Value == nil && o.DisplayValue == nil) {
		return fmt.Errorf("want a string or a value and display value, got %.40s", b)
	}
	*f = field{Value: deref(o.Value), Display: deref(o.DisplayValue)}
	if f.Display == "" {
		f.Display = f.Value
	}
	return nil
}

// timeLayout is how the Table API writes a date-time value (UTC) and how
// an encoded query compares one.
const timeLayout = "2006-01-02 15:04:05"

// when reads a date-time value; zero when empty.
func (f field) when() (time.Time, error) {
	v := strings.TrimSpace(f.Value)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(timeLayout, v, time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date-time (%s)", v, timeLayout)
	}
	return t, nil
}

// stamp returns a date-time value as the Table API wrote it, for a
// position; "" when it is not one.
func (f field) stamp() string {
	if t, err := f.when(); err != nil || t.IsZero() {
		return ""
	}
	return strings.TrimSpace(f.Value)
}

// kbArticle is a kb_knowledge record.
type kbArticle struct {
	SysID         field `json:"sys_id"`
	Number        field `json:"number"`
	Title         field `json:"short_description"`
	Text          field `json:"text"`
	Wiki          field `json:"wiki"`
	ArticleType   field `json:"article_type"`
	WorkflowState field `json:"workflow_state"`
	Category      field `json:"kb_category"`
	KnowledgeBase field `json:"kb_knowledge_base"`
	CanRead       field `json:"can_read_user_criteria"`
	Roles         field `json:"roles"`
	Language      field `json:"language"`
	CreatedOn     field `json:"sys_created_on"`
	UpdatedOn     field `json:"sys_updated_on"`
}

// articleFields is sysparm_fields for kb_knowledge.
const articleFields = "sys_id,number,short_description,text,wiki,article_type,workflow_state,kb_category," +
	"kb_knowledge_base,can_read_user_criteria,roles,language,sys_created_on,sys_updated_on"

// incident is an incident record, with the caller's e-mail and user name
// dot-walked.
type incident struct {
	SysID          field `json:"sys_id"`
	Number         field `json:"number"`
	Subject        field `json:"short_description"`
	Description    field `json:"description"`
	State          field `json:"state"`
	Priority       field `json:"priority"`
	Category       field `json:"category"`
	Subcategory    field `json:"subcategory"`
	Caller         field `json:"caller_id"`
	CallerEmail    field `json:"caller_id.email"`
	CallerUserName field `json:"caller_id.user_name"`
	Group          field `json:"assignment_group"`
	ContactType    field `json:"contact_type"`
	CloseNotes     field `json:"close_notes"`
	OpenedAt       field `json:"opened_at"`
	ResolvedAt     field `json:"resolved_at"`
	ClosedAt       field `json:"closed_at"`
	CreatedOn      field `json:"sys_created_on"`
	UpdatedOn      field `json:"sys_updated_on"`
}

// incidentFields is sysparm_fields for incident.
const incidentFields = "sys_id,number,short_description,description,state,priority,category,subcategory," +
	"caller_id,caller_id.email,caller_id.user_name,assignment_group,contact_type,close_notes," +
	"opened_at,resolved_at,closed_at,sys_created_on,sys_updated_on"

// journalEntry is a sys_journal_field record: an additional comment or a
// work note of a record (element_id) of a table (name).
type journalEntry struct {
	SysID     field `json:"sys_id"`
	Element   field `json:"element"`
	ElementID field `json:"element_id"`
	Value     field `json:"value"`
	CreatedOn field `json:"sys_created_on"`
	CreatedBy field `json:"sys_created_by"`
}

// journalFields is sysparm_fields for sys_journal_field.
const journalFields = "sys_id,element,element_id,value,sys_created_on,sys_created_by"

// errorBody is ServiceNow's error answer.
type errorBody struct {
	Error struct {
		Message string `json:"message"`
		Detail  string `json:"detail"`
	} `json:"error"`
	Status string `json:"status"`
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
