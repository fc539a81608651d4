// deskpilot's chat widget. One tag on any intranet page,
//   <script src="https://desk.example/widget.js" defer></script>
// adds a help button that opens the chat in a frame served by the desk.
// With data-inline="#selector" the chat fills that element instead (the
// portal uses the widget this way). data-label overrides the button's text.
// The page must be allowed to frame the desk: DESKPILOT_WIDGET_ORIGINS.
"use strict";
(function () {
  var me = document.currentScript;
  if (!me || window.deskpilotWidget) { return; }
  window.deskpilotWidget = true;
  var labels = /*LABELS*/{};
  var open = me.getAttribute("data-label") || labels.open || "IT help";
  var close = labels.close || "Close";
  var base = new URL(me.src, location.href).origin;

  var frame = document.createElement("iframe");
  frame.id = "deskpilot-frame";
  frame.title = labels.title || open;
  frame.setAttribute("referrerpolicy", "same-origin");
  var fs = frame.style;
  fs.border = "1px solid #dde2ea";
  fs.borderRadius = "10px";
  fs.background = "#fff";

  var holder = me.getAttribute("data-inline");
  function mount() {
    var target = holder ? document.querySelector(holder) : null;
    if (target) {
      fs.width = "100%";
      fs.height = "34rem";
      frame.src = base + "/widget";
      target.appendChild(frame);
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.id = "deskpilot-launcher";
    button.textContent = open;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", frame.id);
    var bs = button.style;
    bs.position = "fixed";
    bs.right = "20px";
    bs.bottom = "20px";
    bs.zIndex = "2147483000";
    bs.padding = "0.7rem 1.1rem";
    bs.border = "0";
    bs.borderRadius = "999px";
    bs.background = "#2f6fdb";
    bs.color = "#fff";
    bs.font = "600 15px system-ui, sans-serif";
    bs.cursor = "pointer";
    bs.boxShadow = "0 4px 14px rgba(0,0,0,.25)";
    fs.position = "fixed";
    fs.right = "20px";
    fs.bottom = "76px";
    fs.width = "380px";
    fs.maxWidth = "calc(100vw - 40px)";
    fs.height = "560px";
    fs.maxHeight = "calc(100vh - 100px)";
    fs.zIndex = "2147483000";
    fs.boxShadow = "0 8px 30px rgba(0,0,0,.25)";
    fs.display = "none";
    button.addEventListener("click", function () {
      var shown = fs.display !== "none";
      if (!frame.src) { frame.src = base + "/widget"; } // loaded on first use
      fs.display = shown ? "none" : "block";
      button.textContent = shown ? open : close;
      button.setAttribute("aria-expanded", String(!shown));
    });
    document.body.appendChild(frame);
    document.body.appendChild(button);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
