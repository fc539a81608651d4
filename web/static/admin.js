// deskpilot's admin pages: the simulations page follows a run under way
// by polling its JSON, and reloads when it ends (the report link, the
// result and the apply button then show).
"use strict";
(function () {
  const table = document.getElementById("sim-runs");
  if (!table) { return; }
  const runs = table.querySelectorAll('tr[data-status="queued"], tr[data-status="running"]');
  runs.forEach(function (row) {
    const id = row.dataset.sim;
    const bar = row.querySelector("progress");
    const count = row.querySelector(".count");
    const status = row.querySelector(".status");
    const phase = row.querySelector(".phase");
    const poll = function () {
      deskpilot.api("GET", "/api/v1/simulations/" + encodeURIComponent(id)).then(function (run) {
        if (run.status !== "queued" && run.status !== "running") {
          window.location.reload();
          return;
        }
        if (run.total > 0) {
          bar.max = run.total;
          bar.value = run.done;
        }
        count.textContent = run.done + " / " + run.total;
        row.dataset.status = run.status;
        if (status && run.status === "running") { status.textContent = table.dataset.statusRunning; }
        const words = run.phase ? table.dataset["phase" + run.phase.charAt(0).toUpperCase() + run.phase.slice(1)] : "";
        if (phase && words) { phase.textContent = words; }
        window.setTimeout(poll, 1000);
      }).catch(function () {
        window.setTimeout(poll, 5000); // the server restarts, or the network blinks: keep trying, slower
      });
    };
    window.setTimeout(poll, 1000);
  });
})();
