// The agent's inbox and ticket view: filters that apply on change, the
// ticket's actions, and the AI panel (draft, sources, suggested fields,
// similar tickets; accept, edit then send, or discard). Text from the
// server only ever goes into textContent and form values, never HTML.
"use strict";
(function () {
  const dp = window.deskpilot;
  const $ = function (id) { return document.getElementById(id); };

  const filters = $("inbox-filters");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { filters.submit(); });
    });
  }

  const ticketEl = $("ticket");
  if (!ticketEl) { return; }
  const ticketID = ticketEl.dataset.ticket;
  const base = "/api/v1/tickets/" + encodeURIComponent(ticketID);

  // safeHref keeps same-origin paths and http(s) addresses; anything else
  // (javascript:, data:) becomes a dead link.
  function safeHref(h) {
    if (typeof h !== "string") { return "#"; }
    if (h.startsWith("/") && !h.startsWith("//")) { return h; }
    try {
      const u = new URL(h);
      if (u.protocol === "https:" || u.protocol === "http:") { return u.href; }
    } catch (e) { /* not a URL */ }
    return "#";
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function pct(x) { return Math.round((Number(x) || 0) * 100) + "%"; }

  // showTicket refreshes the header fields after a change.
  function showTicket(t) {
    ["status", "priority", "category", "team"].forEach(function (f) {
      const dd = $("field-" + f);
      if (dd) { dd.textContent = t[f] || ""; }
    });
    const a = $("field-assignee");
    if (a && t.assignee_id && String(t.assignee_id) === ticketEl.dataset.me) { a.textContent = a.dataset.me; }
    const note = $("ticket-note");
    note.textContent = note.dataset.saved;
  }

  function patch(body) {
    const note = $("ticket-note");
    note.textContent = "";
    return dp.api("PATCH", base, body).then(function (t) { showTicket(t); return t; }).catch(function (err) {
      note.textContent = err.message;
      throw err;
    });
  }

  $("assign-me").addEventListener("click", function () {
    patch({ assignee_id: Number(ticketEl.dataset.me) }).catch(function () {});
  });
  $("status-apply").addEventListener("click", function () {
    patch({ status: $("status-select").value }).catch(function () {});
  });

  // appendMessage adds a message to the conversation as the server draws it.
  const conv = $("conversation");
  function appendMessage(m) {
    const li = el("li", "msg " + (m.public ? "public" : "internal") + " author-" + m.author);
    li.dataset.message = m.id;
    const meta = el("div", "meta");
    meta.appendChild(el("span", "author", conv.dataset["label" + m.author.charAt(0).toUpperCase() + m.author.slice(1)] || m.author));
    if (!m.public) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", "tag internal", conv.dataset.labelInternal));
    }
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("time", "", (m.created_at || "").replace("T", " ").slice(0, 16)));
    li.appendChild(meta);
    li.appendChild(el("div", "body", m.body));
    conv.appendChild(li);
  }

  $("reply-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    const body = $("reply-body");
    const err = $("reply-error");
    err.textContent = "";
    $("reply-send").disabled = true;
    dp.api("POST", base + "/messages", { body: body.value, public: !$("reply-internal").checked }).then(function (m) {
      appendMessage(m);
      body.value = "";
    }).catch(function (e) { err.textContent = e.message; }).finally(function () { $("reply-send").disabled = false; });
  });

  const panel = $("ai-panel");
  if (!panel || panel.dataset.state !== "loading") { return; }
  let suggestion = null;

  function fillLinks(list, items, withMarker) {
    list.replaceChildren();
    (items || []).forEach(function (it) {
      const li = el("li");
      li.dataset.kind = it.kind;
      const a = el("a", "", (withMarker && it.marker ? "[" + it.marker + "] " : "") + (it.title || it.id));
      a.href = safeHref(it.href);
      if (!a.href.startsWith(location.origin)) { a.rel = "noopener noreferrer"; a.target = "_blank"; }
      li.appendChild(a);
      if (it.snippet) { li.appendChild(el("div", "snippet muted", it.snippet)); }
      list.appendChild(li);
    });
    if (!list.children.length) { list.appendChild(el("li", "muted", list.dataset.empty)); }
  }

  function fillFields(fields) {
    const table = $("ai-fields");
    table.querySelectorAll("tr[data-field]").forEach(function (tr) {
      const name = tr.dataset.field;
      const f = fields[name] || {};
      tr.querySelector(".value").textContent = f.value || "—";
      tr.querySelector(".confidence").textContent = f.value ? pct(f.confidence) + (f.abstain ? " · " + table.dataset.unsure : "") : "";
      const btn = tr.querySelector("button.apply");
      const done = function () { btn.disabled = true; btn.textContent = table.dataset.applied; };
      if (!f.value) { btn.hidden = true; return; }
      if (f.value === f.current) { done(); return; }
      btn.addEventListener("click", function () {
        btn.disabled = true;
        const body = {};
        body[name] = f.value;
        patch(body).then(done).catch(function () { btn.disabled = false; });
      });
    });
  }

  function show(s) {
    suggestion = s;
    $("ai-loading").hidden = true;
    $("ai-body").hidden = false;
    $("ai-confidence").textContent = pct(s.confidence);
    $("ai-explanation").textContent = s.explanation || "";
    const draft = $("ai-draft");
    draft.value = s.draft || "";
    if (!s.draft) {
      draft.hidden = true;
      $("ai-nodraft").hidden = false;
      $("ai-actions").hidden = true;
    }
    if (s.fallback) {
      const note = $("ai-fallback");
      note.hidden = false;
      note.title = s.fallback;
    }
    fillLinks($("ai-sources"), s.citations, true);
    fillFields(s.fields || {});
    fillLinks($("ai-similar"), s.similar_tickets, false);
    fillLinks($("ai-articles"), s.articles, false);
    panel.dataset.state = "ready";
  }

  function buttons(disabled) {
    ["ai-accept", "ai-edit", "ai-send-edited", "ai-discard", "ai-discard-confirm"].forEach(function (id) { $(id).disabled = disabled; });
  }

  // decide posts the outcome; accepted and edited replies are sent by it.
  function decide(body) {
    const status = $("ai-status");
    status.textContent = "";
    status.className = "";
    buttons(true);
    body.suggestion_id = suggestion.suggestion_id;
    body.suggested_at = suggestion.suggested_at;
    body.draft = suggestion.draft;
    dp.api("POST", base + "/suggestion/outcome", body).then(function (res) {
      if (res.message) { appendMessage(res.message); }
      const o = res.outcome || { action: body.action, edit_distance: 0 };
      status.textContent = (status.dataset[o.action] || "").replace("{n}", String(o.edit_distance));
      status.className = "done " + o.action;
      $("ai-draft").readOnly = true;
      $("ai-actions").hidden = true;
      $("ai-discard-form").hidden = true;
      panel.dataset.state = "done";
    }).catch(function (err) {
      status.textContent = err.message;
      status.className = "problem";
      buttons(false);
    });
  }

  $("ai-accept").addEventListener("click", function () { decide({ action: "accepted", sent: suggestion.draft }); });
  $("ai-edit").addEventListener("click", function () {
    const draft = $("ai-draft");
    draft.readOnly = false;
    draft.focus();
    $("ai-accept").hidden = true;
    $("ai-edit").hidden = true;
    $("ai-send-edited").hidden = false;
    panel.dataset.state = "editing";
  });
  $("ai-send-edited").addEventListener("click", function () { decide({ action: "edited", sent: $("ai-draft").value }); });
  $("ai-discard").addEventListener("click", function () { $("ai-discard-form").hidden = false; $("ai-reason").focus(); });
  $("ai-discard-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    decide({ action: "discarded", reason: $("ai-reason").value, note: $("ai-note").value });
  });

  dp.api("GET", base + "/suggestion").then(show).catch(function (err) {
    $("ai-loading").hidden = true;
    const e = $("ai-error");
    e.textContent = err.message;
    e.hidden = false;
    panel.dataset.state = "error";
  });
})();
