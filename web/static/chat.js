// The self-service chat of the widget page. Answers stream in as
// Server-Sent Events read from a fetch body (EventSource cannot POST).
// Everything shown is set as text: nothing a user or an article wrote is
// ever parsed as HTML.
"use strict";
(function () {
  const root = document.getElementById("chat");
  if (!root) { return; }
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const send = document.getElementById("chat-send");
  const human = document.getElementById("chat-human");
  const t = function (key) { return root.dataset["t" + key[0].toUpperCase() + key.slice(1)] || key; };
  let conversation = null;
  let busy = false;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function scroll() { log.scrollTop = log.scrollHeight; }

  // turn adds a message to the log and returns its text element.
  function turn(who, text) {
    const li = el("li", "turn " + who);
    li.appendChild(el("span", "who", who === "user" ? t("you") : t("bot")));
    const body = el("div", "text", text);
    li.appendChild(body);
    log.appendChild(li);
    scroll();
    return body;
  }
  function notice(text, cls) {
    const li = el("li", "notice " + (cls || ""), text);
    log.appendChild(li);
    scroll();
    return li;
  }
  function ticketNotice(id) {
    const li = notice(t("ticket").replace("{id}", String(id)), "ticket");
    li.dataset.ticket = String(id);
    li.appendChild(document.createTextNode(" "));
    const a = el("a", "", t("mytickets"));
    a.href = "/portal/tickets";
    a.target = "_blank";
    a.rel = "noopener";
    li.appendChild(a);
    conversation = null; // the next question starts a new conversation
    human.classList.remove("urge");
  }

  function citations(body, list) {
    if (!list || list.length === 0) { return; }
    const box = el("div", "sources");
    box.appendChild(el("span", "muted", t("sources") + " "));
    const ul = el("ul");
    list.forEach(function (c) {
      const li = el("li");
      li.appendChild(document.createTextNode("[" + c.marker + "] "));
      if (c.url && /^(\/(?!\/)|https?:\/\/)/.test(c.url)) {
        const a = el("a", "citation", c.title || c.id);
        a.href = c.url;
        a.target = "_blank";
        a.rel = "noopener";
        li.appendChild(a);
      } else {
        li.appendChild(document.createTextNode(c.title || c.id));
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    body.parentNode.appendChild(box);
  }

  function feedback(body, id) {
    const box = el("div", "feedback");
    box.appendChild(el("span", "", t("solved") + " "));
    [["yes", true], ["no", false]].forEach(function (o) {
      const b = el("button", "secondary small", t(o[0]));
      b.type = "button";
      b.id = "chat-" + o[0];
      b.addEventListener("click", function () {
        window.deskpilot.api("POST", "/api/v1/chat/" + id + "/feedback", { resolved: o[1] }).then(function () {
          box.textContent = o[1] ? t("thanks") : t("sorry");
          box.dataset.recorded = String(o[1]);
          if (!o[1]) { human.classList.add("urge"); }
        }).catch(function () { box.textContent = t("error"); });
      });
      box.appendChild(b);
    });
    body.parentNode.appendChild(box);
  }

  // events reads a text/event-stream body and calls on(event, data) for
  // each event.
  async function events(resp, on) {
    const reader = resp.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const r = await reader.read();
      if (r.done) { break; }
      buf += dec.decode(r.value, { stream: true });
      let cut;
      while ((cut = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let name = "message";
        const data = [];
        block.split("\n").forEach(function (line) {
          if (line.startsWith("event:")) { name = line.slice(6).trim(); }
          if (line.startsWith("data:")) { data.push(line.slice(5).trim()); }
        });
        on(name, data.length ? JSON.parse(data.join("\n")) : {});
      }
    }
  }

  async function ask(text) {
    turn("user", text);
    const body = turn("bot", "");
    const li = body.parentNode;
    li.classList.add("pending");
    const seen = [];
    root.dataset.events = "";
    const resp = await fetch("/api/v1/chat", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": window.deskpilot.csrf },
      body: JSON.stringify({ conversation_id: conversation, message: text }),
    });
    if (!resp.ok) {
      li.remove();
      const data = await resp.json().catch(function () { return {}; });
      if (resp.status === 429) {
        notice(t("slow").replace("{s}", resp.headers.get("Retry-After") || "60"), "problem");
      } else {
        if (resp.status === 409 || resp.status === 404) { conversation = null; }
        notice(data.error ? t("error") + " (" + data.error + ")" : t("error"), "problem");
      }
      return;
    }
    let done = null;
    await events(resp, function (name, data) {
      seen.push(name);
      root.dataset.events = seen.join(",");
      if (name === "conversation") { conversation = data.conversation_id; }
      if (name === "delta") { li.classList.remove("pending"); body.textContent += data.text; scroll(); }
      if (name === "reset") { body.textContent = ""; }
      if (name === "error") { body.textContent = t("error"); }
      if (name === "done") { done = data; }
    });
    li.classList.remove("pending");
    if (!done) { return; }
    li.dataset.decision = done.decision;
    body.textContent = done.decision === "auto" ? done.draft : done.message;
    if (done.decision === "auto") {
      citations(body, done.citations);
      feedback(body, conversation);
    }
    if (done.ticket_id) { ticketNotice(done.ticket_id); }
    scroll();
  }

  async function handoff() {
    const text = input.value.trim();
    if (!conversation) {
      if (!text) { notice(t("describe")); input.focus(); return; }
      input.value = "";
      await ask(text);
      if (!conversation) { return; } // answered with a ticket already, or failed
    }
    const tk = await window.deskpilot.api("POST", "/api/v1/chat/" + conversation + "/handoff");
    ticketNotice(tk.id);
  }

  function guard(fn) {
    return function (ev) {
      if (ev) { ev.preventDefault(); }
      if (busy) { return; }
      busy = true;
      send.disabled = human.disabled = true;
      fn().catch(function (e) {
        notice(t("error") + (e && e.message ? " (" + e.message + ")" : ""), "problem");
      }).finally(function () {
        busy = false;
        send.disabled = human.disabled = false;
        input.focus();
      });
    };
  }

  form.addEventListener("submit", guard(function () {
    const text = input.value.trim();
    if (!text) { return Promise.resolve(); }
    input.value = "";
    return ask(text);
  }));
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
  });
  human.addEventListener("click", guard(handoff));
})();
