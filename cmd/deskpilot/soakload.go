package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The kinds of request the soak sends, and how many of every twenty
// requests are of each kind: the mixed traffic of a desk's working day.
const (
	soakChat       = "chat"       // POST /api/v1/chat, read to the end of its event stream
	soakInbox      = "inbox"      // GET /agent pages: the queue, filtered and paged, and tickets
	soakSuggestion = "suggestion" // GET /api/v1/tickets/:id/suggestion
	soakSearch     = "search"     // GET /api/v1/search
	soakCreate     = "create"     // POST /api/v1/tickets as the requester
	soakUpdate     = "update"     // an agent's reply or change to a ticket the soak or its chat created
)

// soakMix interleaves the kinds: update 8, search 3, chat 3, inbox 2,
// suggestion 2, create 2 of every 20. The updates outnumber the steps the
// created tickets and the chat's handoffs need (see update).
var soakMix = []string{
	soakSearch, soakChat, soakUpdate, soakInbox, soakUpdate, soakSuggestion, soakCreate, soakUpdate, soakSearch, soakUpdate,
	soakChat, soakUpdate, soakSuggestion, soakUpdate, soakInbox, soakSearch, soakChat, soakUpdate, soakCreate, soakUpdate,
}

// soakRequestTimeout bounds one request; one that takes longer counts as
// an error.
const soakRequestTimeout = time.Minute

// soakClient sends the soak's requests to one desk as its demo users: the
// agent through the API with a token and through the pages with a
// session, the requester through the API.
type soakClient struct {
	base           string
	agent, request string // API tokens
	api, pages     *http.Client
	questions      []string // subjects and first messages of the demo tickets
	openIDs        []int64  // the demo desk's open tickets

	mu      sync.Mutex
	rnd     *rand.Rand
	created []*soakTicket // tickets the soak or its chat created, not being updated now
}

// soakTicket is a ticket the soak created, or its chat handed off, that
// it walks through its life.
type soakTicket struct {
	id   int64
	step int
}

func newSoakClient(base string, creds []credential, questions []string, openIDs []int64) (*soakClient, error) {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}
	jar, _ := cookiejar.New(nil) // cannot fail without options
	c := &soakClient{base: base, api: &http.Client{Transport: tr}, questions: questions, openIDs: openIDs,
		pages: &http.Client{Transport: tr, Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		rnd:   rand.New(rand.NewPCG(8, 30))}
	var agent credential
	for _, cr := range creds {
		switch cr.Role {
		case "agent":
			agent, c.agent = cr, cr.Token
		case "requester":
			c.request = cr.Token
		}
	}
	if c.agent == "" || c.request == "" || len(questions) == 0 || len(openIDs) == 0 {
		return nil, errors.New("soak: the demo desk lacks an agent, a requester or open tickets")
	}
	return c, c.signIn(agent)
}

// signIn opens the agent's browser session through the login form.
func (c *soakClient) signIn(agent credential) error {
	resp, err := c.pages.Get(c.base + "/login")
	if err != nil {
		return fmt.Errorf("soak: sign in: %w", err)
	}
	resp.Body.Close()
	u, _ := url.Parse(c.base)
	csrf := ""
	for _, ck := range c.pages.Jar.Cookies(u) {
		if ck.Name == "dp_pre" {
			csrf = ck.Value
		}
	}
	form := url.Values{"email": {agent.Email}, "password": {agent.Password}, "csrf_token": {csrf}}
	resp, err = c.pages.PostForm(c.base+"/login", form)
	if err != nil {
		return fmt.Errorf("soak: sign in: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("soak: sign in as %s: status %d", agent.Email, resp.StatusCode)
	}
	return nil
}

func (c *soakClient) intn(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rnd.IntN(n)
}

func (c *soakClient) question() string { return c.questions[c.intn(len(c.questions))] }
func (c *soakClient) openID() int64    { return c.openIDs[c.intn(len(c.openIDs))] }

// do sends one request of kind and returns "" or what went wrong, short
// enough to count by.
func (c *soakClient) do(ctx context.Context, kind string, seq int) string {
	ctx, cancel := context.WithTimeout(ctx, soakRequestTimeout)
	defer cancel()
	var err error
	switch kind {
	case soakChat:
		err = c.chat(ctx)
	case soakInbox:
		err = c.inbox(ctx, seq)
	case soakSuggestion:
		err = c.send(ctx, c.api, c.agent, http.MethodGet, fmt.Sprintf("/api/v1/tickets/%d/suggestion", c.openID()), nil, http.StatusOK, nil)
	case soakSearch:
		q := url.Values{"q": {firstLine(c.question())}, "k": {"10"}}
		err = c.send(ctx, c.api, c.agent, http.MethodGet, "/api/v1/search?"+q.Encode(), nil, http.StatusOK, nil)
	case soakCreate:
		err = c.create(ctx)
	case soakUpdate:
		err = c.update(ctx)
	}
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	default:
		return err.Error()
	}
}

// inbox opens the agent's queue, filtered and paged in turn, or one of the
// open tickets.
func (c *soakClient) inbox(ctx context.Context, seq int) error {
	pages := []string{"/agent", "/agent?status=all&team=&page=2", "/agent?priority=high&team=", "/agent?status=open&team=&page=3",
		"/agent?team=&q=" + url.QueryEscape(firstWord(c.question()))}
	path := pages[seq%len(pages)]
	if seq%3 == 0 {
		path = fmt.Sprintf("/agent/tickets/%d", c.openID())
	}
	return c.send(ctx, c.pages, "", http.MethodGet, path, nil, http.StatusOK, nil)
}

// create files a ticket as the requester and keeps it for updates.
func (c *soakClient) create(ctx context.Context) error {
	q := c.question()
	subject, body, _ := strings.Cut(q, "\n")
	if body == "" {
		body = subject
	}
	var t struct {
		ID int64 `json:"id"`
	}
	err := c.send(ctx, c.api, c.request, http.MethodPost, "/api/v1/tickets", map[string]string{"subject": subject, "body": body}, http.StatusCreated, &t)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.created = append(c.created, &soakTicket{id: t.ID})
	c.mu.Unlock()
	return nil
}

// update takes the next step with a ticket the soak created: an agent's
// reply, then a change of priority with the ticket solved (it then joins
// the knowledge). A ticket the chat handed off is only solved. That is at
// most 7 steps for 2 creates and 3 chats, for 8 updates: the queue of open
// tickets stays as long as it was, and the run measures a steady desk
// rather than a growing queue. A ticket is updated by one request at a
// time, so its steps stay in order; with none free it changes an open demo
// ticket's priority.
func (c *soakClient) update(ctx context.Context) error {
	c.mu.Lock()
	var t *soakTicket
	if n := len(c.created); n > 0 {
		i := c.rnd.IntN(n)
		t = c.created[i]
		c.created[i] = c.created[n-1]
		c.created = c.created[:n-1]
	}
	c.mu.Unlock()
	if t == nil {
		path := fmt.Sprintf("/api/v1/tickets/%d", c.openID())
		return c.send(ctx, c.api, c.agent, http.MethodPatch, path, map[string]string{"priority": "normal"}, http.StatusOK, nil)
	}
	path := fmt.Sprintf("/api/v1/tickets/%d", t.id)
	var err error
	switch t.step {
	case 0:
		reply := map[string]any{"body": "Thanks, this should fix it: " + firstLine(c.question()), "public": true}
		err = c.send(ctx, c.api, c.agent, http.MethodPost, path+"/messages", reply, http.StatusCreated, nil)
	case 1:
		err = c.send(ctx, c.api, c.agent, http.MethodPatch, path, map[string]string{"priority": "high", "status": "solved"}, http.StatusOK, nil)
	}
	if err == nil {
		t.step++
	}
	if t.step < 2 {
		c.mu.Lock()
		c.created = append(c.created, t)
		c.mu.Unlock()
	}
	return err
}

// chat asks the requester's question and reads the answer's event stream
// to its done event.
func (c *soakClient) chat(ctx context.Context) error {
	b, _ := json.Marshal(map[string]string{"message": c.question()})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/v1/chat", bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.request)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.api.Do(req)
	if err != nil {
		return transportErr(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		if e, ok := strings.CutPrefix(line, "event: "); ok {
			event = e
			if event == "error" {
				return errors.New("error event")
			}
			continue
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok || event != "done" {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		var done struct {
			TicketID *int64 `json:"ticket_id"`
		}
		if err := json.Unmarshal([]byte(data), &done); err != nil {
			return fmt.Errorf("done event: %w", err)
		}
		if done.TicketID != nil { // handed off: the agent solves it
			c.mu.Lock()
			c.created = append(c.created, &soakTicket{id: *done.TicketID, step: 1})
			c.mu.Unlock()
		}
		return nil
	}
	if err := sc.Err(); err != nil {
		return transportErr(ctx, err)
	}
	return errors.New("stream ended without done")
}

// send makes one request and checks its status, decoding the body into
// out when given, and reading it to the end otherwise.
func (c *soakClient) send(ctx context.Context, client *http.Client, token, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return transportErr(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		io.Copy(io.Discard, resp.Body)
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return errors.New("bad body")
		}
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return transportErr(ctx, err)
	}
	return nil
}

// transportErr names a failure below HTTP: a timeout, or the connection.
func transportErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.DeadlineExceeded
	}
	return errors.New("connection")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return "vpn"
}
