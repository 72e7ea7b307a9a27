// The page's first script, small and not deferred: it asks for what the first render needs (the board's first
// cards, the lifecycle that names its columns, the diagnostics that mark cards) while the rest of the page's
// scripts still download, all three at once. app.js takes each answer through early() instead of asking again;
// the URLs are built exactly as app.js builds them, so an answer is only taken for the request it stands for.
"use strict";
(function () {
  const params = new URL(location.href).searchParams;
  const token = params.get("token") || sessionStorage.getItem("kanban.token");
  if (!token) return; // app.js shows the banner that asks for one
  const board = params.get("board");
  const withBoard = (path) => board ? path + (path.includes("?") ? "&" : "?") + "board=" + encodeURIComponent(board) : path;
  // app.js's filterParams() with its first-page limit, in the same order.
  const filters = new URLSearchParams();
  ["q", "tenant", "assignee"].forEach((k) => { if (params.get(k)) filters.set(k, params.get(k)); });
  if (params.get("archived") === "1") filters.set("archived", "true");
  filters.set("limit", "50");
  const pending = new Map();
  for (const path of ["/api/board?" + filters.toString(), "/api/lifecycle", "/api/diagnostics"]) {
    const url = withBoard(path);
    // A failed request is app.js's to report: it asks again itself when this one did not answer.
    pending.set(url, fetch(url, { headers: { "Authorization": "Bearer " + token } }).catch(() => null));
  }
  window.kanbanBoot = {
    // The answer already asked for `url` with `bearer`, once; null when there is none.
    early(url, bearer) {
      if (bearer !== token || !pending.has(url)) return null;
      const answer = pending.get(url);
      pending.delete(url);
      return answer;
    },
  };
})();
