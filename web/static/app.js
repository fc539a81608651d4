// deskpilot's shared script: every same-origin fetch that changes
// something carries the session's CSRF token.
"use strict";
(function () {
  const meta = document.querySelector('meta[name="csrf-token"]');
  window.deskpilot = {
    csrf: meta ? meta.content : "",
    // api calls the JSON API with the session cookie and the CSRF token.
    api: function (method, path, body) {
      const opts = { method: method, headers: { "X-CSRF-Token": this.csrf }, credentials: "same-origin" };
      if (body !== undefined) {
        opts.headers["Content-Type"] = "application/json";
        opts.body = JSON.stringify(body);
      }
      return fetch(path, opts).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (!r.ok) { throw new Error(data.error || r.statusText); }
          return data;
        });
      });
    },
  };
})();
