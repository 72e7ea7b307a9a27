// The board page: loads /api/board once, then keeps it current from the /api/live WebSocket, patching only the
// cards that events touch. No framework, no build step.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const STALE_MS = 60 * 60 * 1000; // a todo/ready card waiting over an hour is tinted
  // Cards per column the server sends at first; "show more" asks it for the next slice. Search and filters run on
  // the server, so the page holds a few hundred cards whatever the board's size.
  const PAGE = 50;
  // How long the first render waits for /api/diagnostics once the board has arrived.
  const DIAG_WAIT_MS = 250;
  const state = {
    token: null, columns: [], cards: new Map(), cursor: 0, serverSkew: 0, selected: new Set(),
    cursorId: null, openId: null, ws: null, backoff: 500, dragging: null, filters: {}, cols: {}, facts: new Map(), diag: new Map(), drawn: false,
    lifecycle: null, lifecycleLoaded: null,
    board: null, boards: null,
  };
  // Times on the wire are epoch seconds (integers); the page converts them for display and arithmetic.
  const ms = (epochSeconds) => epochSeconds * 1000;
  const when = (epochSeconds) => new Date(ms(epochSeconds)).toLocaleString();

  // ---- token and URL state ------------------------------------------------------------------------------
  function initToken() {
    const url = new URL(location.href);
    const fromUrl = url.searchParams.get("token");
    if (fromUrl) {
      sessionStorage.setItem("kanban.token", fromUrl);
      url.searchParams.delete("token");
      history.replaceState(null, "", url.pathname + (url.search ? url.search : "") + url.hash);
    }
    state.token = sessionStorage.getItem("kanban.token");
  }
  function readFilters() {
    const p = new URL(location.href).searchParams;
    state.filters = { q: p.get("q") || "", tenant: p.get("tenant") || "", assignee: p.get("assignee") || "",
      archived: p.get("archived") === "1", lanes: p.get("lanes") === "1" };
    $("search").value = state.filters.q; $("f-tenant").value = state.filters.tenant;
    $("f-assignee").value = state.filters.assignee; $("f-archived").checked = state.filters.archived;
    $("f-lanes").checked = state.filters.lanes;
  }
  function writeFilters() {
    const p = new URLSearchParams();
    const f = state.filters;
    if (f.q) p.set("q", f.q);
    if (f.tenant) p.set("tenant", f.tenant);
    if (f.assignee) p.set("assignee", f.assignee);
    if (f.archived) p.set("archived", "1");
    if (f.lanes) p.set("lanes", "1");
    if (state.board) p.set("board", state.board);
    const s = p.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
  }

  // ---- boards: which one the page shows (?board= in its URL and on every request), the header switcher -------
  function initBoard() {
    state.board = new URL(location.href).searchParams.get("board") || null;
  }
  // Every request and the live stream name the board shown; without ?board= the server uses the board it started on.
  function withBoard(path) {
    // The boards routes act on the home, not on the board shown (so they answer even when that one is gone).
    if (!state.board || path.startsWith("/api/boards")) return path;
    return path + (path.includes("?") ? "&" : "?") + "board=" + encodeURIComponent(state.board);
  }
  function boardLabel(b) {
    return (b.icon ? b.icon + " " : "") + b.name + " (" + b.total + ")";
  }
  async function loadBoards() {
    let data;
    try { data = await api("GET", "/api/boards"); } catch (e) { return; }
    state.boards = data;
    const sel = $("board-switch");
    sel.textContent = "";
    const shown = state.board || data.dashboard_board;
    data.boards.forEach((b) => {
      const o = document.createElement("option");
      o.value = b.slug || ""; o.textContent = boardLabel(b);
      o.title = Object.entries(b.counts).map(([k, v]) => k + " " + v).join(", ") || "no tasks";
      o.dataset.total = b.total;
      if ((b.slug || null) === shown) { o.selected = true; document.title = b.name + " · Kanban"; }
      sel.appendChild(o);
    });
    const home = data.mode === "home";
    if (home && state.board && !data.boards.some((b) => b.slug === state.board)) {
      // A bookmark of a board archived since: say so, and let the switcher lead elsewhere.
      const o = document.createElement("option");
      o.value = state.board; o.textContent = state.board + " (no such board)"; o.disabled = true; o.selected = true;
      sel.prepend(o);
      if (!loadBoards.warned) toast("board " + state.board + " does not exist (archived?); pick another");
      loadBoards.warned = true;
    }
    sel.disabled = !home;
    $("board-new").hidden = $("board-rename").hidden = $("board-archive").hidden = !home;
    $("board-export").hidden = $("board-import").hidden = !home;
    $("board-archive").disabled = !home || shown === "default" || shown === data.dashboard_board;
    $("boards").hidden = false;
    if (home && !state.board) {
      // The board shown goes into the URL (a bookmark keeps it), the rest of the URL as it was.
      state.board = data.dashboard_board;
      const url = new URL(location.href); url.searchParams.set("board", state.board);
      history.replaceState(null, "", url.pathname + url.search + url.hash);
    }
  }
  // Counts change with every event on any board: refreshed a moment after this board's events, and every 15 s.
  function boardsSoon() {
    if (boardsSoon.timer) return;
    boardsSoon.timer = setTimeout(() => { boardsSoon.timer = null; loadBoards(); }, 1000);
  }
  function showBoard(slug) {
    const url = new URL(location.href);
    url.search = "";
    if (slug) url.searchParams.set("board", slug);
    location.assign(url.pathname + url.search);
  }
  function wireBoards() {
    $("board-switch").addEventListener("change", () => showBoard($("board-switch").value));
    $("board-new").addEventListener("click", async () => {
      const slug = prompt("New board: its slug (lower-case letters, digits, - and _)");
      if (!slug) return;
      const name = prompt("Display name (empty: from the slug)", "");
      const body = { slug: slug.trim() };
      if (name && name.trim()) body.name = name.trim();
      try { const res = await api("POST", "/api/boards", body); showBoard(res.board.slug); } catch (e) { fail(e); }
    });
    $("board-rename").addEventListener("click", async () => {
      const current = state.boards && state.boards.boards.find((b) => b.slug === state.board);
      const name = prompt("New name for board " + state.board, current ? current.name : "");
      if (name === null) return;
      try { await api("PATCH", "/api/boards/" + encodeURIComponent(state.board), { name }); loadBoards(); } catch (e) { fail(e); }
    });
    $("board-archive").addEventListener("click", async () => {
      if (!confirm("Archive board " + state.board + "? Its directory moves to kanban/boards/_archived/.")) return;
      try {
        await api("DELETE", "/api/boards/" + encodeURIComponent(state.board));
        showBoard(state.boards ? state.boards.dashboard_board : null);
      } catch (e) { fail(e); }
    });
    $("board-export").addEventListener("click", exportBoard);
    $("board-import").addEventListener("click", () => { $("board-import-file").value = ""; $("board-import-file").click(); });
    $("board-import-file").addEventListener("change", () => {
      const file = $("board-import-file").files[0];
      if (file) importBoard(file);
    });
    setInterval(loadBoards, 15000);
  }
  // The archive comes back as the reply's body: saved through a link to it, named as the server names it.
  async function exportBoard() {
    const slug = state.board || (state.boards && state.boards.dashboard_board);
    try {
      const res = await fetch("/api/boards/" + encodeURIComponent(slug) + "/export",
        { method: "POST", headers: { "Authorization": "Bearer " + state.token } });
      if (!res.ok) {
        const data = await res.json().catch(() => ({}));
        throw new Error(data.error || ("HTTP " + res.status));
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url; a.download = name ? name[1] : slug + ".tar.gz";
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      toast("exported board " + slug);
    } catch (e) { fail(e); }
  }
  // Always a new board (a taken slug gets a suffix); the page then shows it.
  async function importBoard(file) {
    const as = prompt("Slug of the new board (empty: the exported board's)", "");
    if (as === null) return;
    const query = as.trim() ? "?as=" + encodeURIComponent(as.trim()) : "";
    try {
      const res = await fetch("/api/boards/import" + query, { method: "POST", body: file,
        headers: { "Authorization": "Bearer " + state.token, "Content-Type": "application/gzip" } });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(data.error || ("HTTP " + res.status));
      showBoard(data.board.slug);
    } catch (e) { fail(e); }
  }

  // ---- API ----------------------------------------------------------------------------------------------
  async function api(method, path, body) {
    const opts = { method, headers: { "Authorization": "Bearer " + state.token } };
    if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    const url = withBoard(path);
    // The first GETs were asked by boot.js before this script loaded; its answer is taken once, else asked here.
    const early = method === "GET" && window.kanbanBoot ? window.kanbanBoot.early(url, state.token) : null;
    const res = (early && await early) || await fetch(url, opts);
    const type = res.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await res.json() : await res.text();
    if (res.status === 401) $("auth").hidden = false;
    if (!res.ok) {
      const err = new Error((data && data.error) || ("HTTP " + res.status));
      err.data = data; err.status = res.status;
      throw err;
    }
    return data;
  }
  function toast(msg) {
    const t = $("toast");
    t.textContent = msg; t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }
  const fail = (e) => toast(e.message);

  // ---- lifecycle: statuses, where a task can start and the legal moves all come from the server ------------
  async function loadLifecycle() {
    state.lifecycle = await api("GET", "/api/lifecycle");
    const targets = new Set(Object.values(state.lifecycle.moves).flat());
    const menu = $("bulk-status");
    state.lifecycle.statuses.filter((s) => targets.has(s)).forEach((s) => {
      const o = document.createElement("option"); o.value = s; o.textContent = s; menu.appendChild(o);
    });
  }

  // ---- board --------------------------------------------------------------------------------------------
  function filterParams() {
    const f = state.filters;
    const p = new URLSearchParams();
    if (f.q) p.set("q", f.q);
    if (f.tenant) p.set("tenant", f.tenant);
    if (f.assignee) p.set("assignee", f.assignee);
    if (f.archived) p.set("archived", "true");
    return p;
  }
  async function loadBoard() {
    const f = state.filters;
    const p = filterParams();
    p.set("limit", PAGE);
    const data = await api("GET", "/api/board?" + p.toString());
    await state.lifecycleLoaded; // fetched alongside the board: columns need it to draw
    const first = !state.drawn;
    // The first render waits a moment for the diagnostics asked alongside, so its cards carry their marks at once;
    // not longer: on a very large board they take seconds (the core reads every task), and then arrive after it.
    if (first) await Promise.race([state.diagLoaded, new Promise((resolve) => setTimeout(resolve, DIAG_WAIT_MS))]);
    if (first) performance.mark("kanban:board-fetched");
    // The columns are the lifecycle's; archived (a status, not a column) only when asked for.
    const lc = state.lifecycle;
    state.columns = lc.columns.concat(f.archived ? lc.statuses.filter((s) => !lc.columns.includes(s)) : []);
    state.cards = new Map();
    state.cols = {};
    state.facts = new Map();
    data.columns.forEach((c) => {
      c.cards.forEach((card) => state.cards.set(card.id, card));
      c.facts.forEach((f) => state.facts.set(f.task_id, f));
      state.cols[c.status] = { count: c.count, loaded: c.cards.length, more: c.has_more };
    });
    state.cursor = data.latest_event_id;
    state.serverSkew = ms(data.now) - Date.now();
    render();
    if (first) {
      // Marks for the benchmark (and anyone profiling): cards in the DOM, then the frame that shows them painted.
      // Nothing else runs before that frame: the live stream, the boards switcher, the Markdown scripts and the
      // warnings wait for it, so their answers and scripts do not land between the render and its paint.
      state.drawn = true;
      performance.mark("kanban:board-drawn");
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => {
        performance.mark("kanban:board-painted");
        resolve();
      }, 0)));
    }
    connect();
  }
  function matches(card) {
    const f = state.filters;
    if (!state.columns.includes(card.status)) return false;
    if (f.tenant && card.tenant !== f.tenant) return false;
    if (f.assignee && card.assignee !== f.assignee) return false;
    if (f.q) {
      const hay = (card.title + " " + card.id + " " + (card.assignee || "") + " " + card.skills.join(" ")).toLowerCase();
      if (!hay.includes(f.q.toLowerCase())) return false;
    }
    return true;
  }
  // The server's order (CardPageStore.page): done newest completion first, the rest by priority, then age.
  const completed = (c) => c.completed_at == null ? -1 : c.completed_at;
  function sortCards(a, b) {
    if (a.status === "done" && b.status === "done") return completed(b) - completed(a) || b.created_at - a.created_at;
    return b.priority - a.priority || a.created_at - b.created_at;
  }
  function render() {
    const board = $("board");
    board.textContent = "";
    for (const status of state.columns) board.appendChild(renderColumn(status));
    updateBulkBar();
  }
  function renderColumn(status) {
    const col = document.createElement("section");
    col.className = "column"; col.dataset.status = status;
    const head = document.createElement("div");
    head.className = "col-head";
    const name = document.createElement("span"); name.textContent = status;
    const count = document.createElement("span"); count.className = "count";
    head.append(name, count);
    if (state.lifecycle.initial.includes(status)) {
      const add = document.createElement("button");
      add.type = "button"; add.className = "link add"; add.textContent = "+"; add.title = "New task (n)";
      add.addEventListener("click", () => openCreate(col));
      head.appendChild(add);
    }
    const list = document.createElement("div"); list.className = "cards";
    col.append(head, list);
    fillColumn(col);
    // Every column takes the drop: an illegal one is dimmed, and the server's 409 says which rule refuses it.
    col.addEventListener("dragover", (e) => {
      if (state.dragging) { e.preventDefault(); if (state.dragging.moves.includes(status)) col.classList.add("over"); }
    });
    col.addEventListener("dragleave", () => col.classList.remove("over"));
    col.addEventListener("drop", (e) => { e.preventDefault(); col.classList.remove("over"); dropOn(status); });
    return col;
  }
  function fillColumn(col) {
    const status = col.dataset.status;
    const info = state.cols[status] || { count: 0, loaded: 0, more: false };
    const cards = [...state.cards.values()].filter((c) => c.status === status && matches(c)).sort(sortCards);
    col.querySelector(".count").textContent = Math.max(info.count, cards.length);
    const list = col.querySelector(".cards");
    const frag = document.createDocumentFragment();
    if (state.filters.lanes) {
      const lanes = new Map();
      cards.forEach((c) => { const k = c.assignee || "(unassigned)"; if (!lanes.has(k)) lanes.set(k, []); lanes.get(k).push(c); });
      [...lanes.keys()].sort().forEach((k) => {
        const h = document.createElement("div"); h.className = "lane"; h.textContent = k + " (" + lanes.get(k).length + ")";
        frag.appendChild(h);
        lanes.get(k).forEach((c) => frag.appendChild(renderCard(c)));
      });
    } else {
      cards.forEach((c) => frag.appendChild(renderCard(c)));
    }
    const rest = info.count - cards.length;
    if (info.more && rest > 0) {
      const more = document.createElement("button");
      more.type = "button"; more.className = "link more";
      more.textContent = "show " + Math.min(PAGE * 2, rest) + " more of " + rest;
      more.addEventListener("click", () => loadMore(status).catch(fail));
      frag.appendChild(more);
    }
    list.textContent = "";
    list.appendChild(frag);
  }
  // The next slice of one column, from the server, under the same search and filters.
  async function loadMore(status) {
    const info = state.cols[status];
    const p = filterParams();
    p.set("offset", info.loaded); p.set("limit", PAGE * 2);
    const page = await api("GET", "/api/board/columns/" + encodeURIComponent(status) + "?" + p.toString());
    page.cards.forEach((card) => state.cards.set(card.id, card));
    page.facts.forEach((f) => state.facts.set(f.task_id, f));
    state.cols[status] = { count: page.count, loaded: info.loaded + page.cards.length, more: page.has_more };
    refreshColumns([status]);
  }
  // Live events change counts the page cannot work out (a card it never loaded moves): the server counts again,
  // at most once a second, a request of a few hundred bytes.
  function recount() {
    if (recount.timer) return;
    recount.timer = setTimeout(async () => {
      recount.timer = null;
      const p = filterParams(); p.set("limit", 0);
      try {
        const data = await api("GET", "/api/board?" + p.toString());
        data.columns.forEach((c) => {
          const info = state.cols[c.status] || { loaded: 0, more: false };
          state.cols[c.status] = { count: c.count, loaded: info.loaded, more: c.count > info.loaded };
          const el = document.querySelector('.column[data-status="' + c.status + '"] .count');
          if (el) el.textContent = c.count;
        });
      } catch (e) { /* the next event tries again */ }
    }, 1000);
  }
  // Which cards a diagnostic concerns: the core's Board.diagnostics() through /api/diagnostics, asked alongside the
  // board for the first render (fetchDiagnostics) and again at most every `delay` ms while events arrive.
  async function fetchDiagnostics() {
    const d = await api("GET", "/api/diagnostics");
    state.diagList = d.diagnostics;
    drawDiagnostics();
    const before = state.diag;
    state.diag = new Map();
    d.diagnostics.forEach((x) => {
      if (!state.diag.has(x.task_id)) state.diag.set(x.task_id, []);
      state.diag.get(x.task_id).push(x);
    });
    const changed = new Set();
    new Set([...before.keys(), ...state.diag.keys()]).forEach((id) => {
      const c = state.cards.get(id); if (c) changed.add(c.status);
    });
    refreshColumns(changed);
  }
  function loadDiagnostics(delay) {
    if (loadDiagnostics.timer) return Promise.resolve();
    return new Promise((resolve) => {
      loadDiagnostics.timer = setTimeout(async () => {
        loadDiagnostics.timer = null;
        try { await fetchDiagnostics(); } catch (e) { /* the next event tries again */ }
        resolve();
      }, delay);
    });
  }
  // "45s", "12m", "3h", "2d": how long, at a glance.
  function age(seconds) {
    if (seconds < 60) return Math.max(0, Math.round(seconds)) + "s";
    if (seconds < 3600) return Math.floor(seconds / 60) + "m";
    if (seconds < 86400) return Math.floor(seconds / 3600) + "h";
    return Math.floor(seconds / 86400) + "d";
  }
  // Whether a card the page has not loaded belongs among the loaded ones: not when its column has more cards on
  // the server and it sorts after the last one loaded (it is then among those "show more" brings).
  function inWindow(c) {
    const info = state.cols[c.status];
    if (!info || !info.more) return true;
    const loaded = [...state.cards.values()].filter((x) => x.status === c.status && x.id !== c.id).sort(sortCards);
    return loaded.length === 0 || sortCards(c, loaded[loaded.length - 1]) < 0;
  }
  function refreshColumns(statuses) {
    for (const s of statuses) {
      const col = document.querySelector('.column[data-status="' + s + '"]');
      if (col) fillColumn(col);
    }
  }
  function renderCard(c) {
    const el = document.createElement("article");
    el.className = "card"; el.draggable = true; el.dataset.id = c.id; el.tabIndex = 0;
    const waiting = (c.status === "ready" || c.status === "todo")
      && Date.now() + state.serverSkew - ms(c.created_at) > STALE_MS;
    if (waiting) el.classList.add("stale");
    if (state.selected.has(c.id)) el.classList.add("selected");
    if (state.cursorId === c.id) el.classList.add("cursor");
    const sel = document.createElement("input");
    sel.type = "checkbox"; sel.className = "sel"; sel.checked = state.selected.has(c.id); sel.title = "Select";
    sel.addEventListener("click", (e) => { e.stopPropagation(); toggleSelect(c.id, sel.checked); });
    const title = document.createElement("div"); title.className = "title"; title.textContent = c.title;
    const meta = document.createElement("div"); meta.className = "meta";
    const add = (text, cls) => { const b = document.createElement("span"); b.className = "badge " + (cls || ""); b.textContent = text; meta.appendChild(b); return b; };
    const f = state.facts.get(c.id);
    const nowSec = (Date.now() + state.serverSkew) / 1000;
    const diags = state.diag.get(c.id);
    if (diags) {
      const worst = diags.some((x) => x.severity === "error") ? "error" : diags.some((x) => x.severity === "warning") ? "warning" : "info";
      const b = add("⚠ " + diags.length, "diag " + worst);
      b.title = diags.map((x) => x.kind + ": " + x.title).join("\n");
    }
    add(c.assignee || "unassigned", "who");
    if (c.priority) add("P" + c.priority, "prio");
    add(age(nowSec - (f && f.in_column_since != null ? f.in_column_since : c.created_at)), "age").title = "time in " + c.status;
    if (f && f.children > 0) {
      const b = add(f.children_done + "/" + f.children + " done", "progress");
      b.style.setProperty("--done", Math.round(100 * f.children_done / f.children) + "%");
      b.title = "children done of all (archived ones left out)";
    }
    if (f && f.parents > 0) add("⬑ " + f.parents, "deps").title = f.parents + " parent(s)";
    if (f && f.comments > 0) add("✉ " + f.comments, "comments").title = f.comments + " comment(s)";
    c.skills.forEach((s) => add(s, "skill"));
    if (c.consecutive_failures > 0) add("✗ " + c.consecutive_failures, "fail").title = c.last_failure_error || "";
    if (waiting) add("waiting", "stale-badge");
    if (c.scheduled_until != null) add("due " + when(c.scheduled_until), "due").title = "the dispatcher moves it to ready then";
    el.append(sel, title, meta);
    if (f && f.latest_summary) {
      const sum = document.createElement("div"); sum.className = "summary"; sum.textContent = f.latest_summary;
      sum.title = "latest run summary";
      el.appendChild(sum);
    }
    el.addEventListener("click", () => openDrawer(c.id));
    el.addEventListener("dragstart", (e) => {
      state.dragging = c; e.dataTransfer.setData("text/plain", c.id); e.dataTransfer.effectAllowed = "move";
      document.querySelectorAll(".column").forEach((col) => {
        col.classList.add(c.moves.includes(col.dataset.status) ? "legal" : "illegal");
      });
    });
    el.addEventListener("dragend", () => {
      state.dragging = null;
      document.querySelectorAll(".column").forEach((col) => col.classList.remove("legal", "illegal", "over"));
    });
    return el;
  }
  async function dropOn(status) {
    const card = state.dragging;
    if (!card || card.status === status) return;
    await moveTask(card.id, status, card.status);
  }
  // What a refused request says: a 409 names the rule (the verb) that refused it.
  function refusal(e) {
    if (e.data && e.data.rule) return "refused by the rule '" + e.data.rule + "': " + e.message;
    if (e.data && e.data.parents) return e.message + " (open a parent from the drawer)";
    return e.message;
  }
  // A move by hand: the lifecycle's drop targets move at once (done and blocked ask why first); the table's other
  // moves ask what their verb needs (review: a summary; scheduled: a due time). Moving a done card back first
  // lists the descendants it will send to todo, and goes on only when confirmed.
  async function moveTask(id, status, from) {
    const body = { status };
    const card = state.cards.get(id);
    if (card && !card.moves.includes(status)) {
      // Not a move of the table: ask nothing, let the server say which rule refuses it.
    } else if (status === "done") {
      const summary = prompt("Summary of what was done:");
      if (summary === null) return;
      body.reason = summary;
    } else if (status === "blocked") {
      const reason = prompt("Why is it blocked?");
      if (reason === null) return;
      body.reason = reason;
    } else if (status === "review") {
      const summary = prompt("Summary for the reviewer (request review):");
      if (summary === null) return;
      if (summary.trim()) body.reason = summary;
    } else if (status === "scheduled") {
      const at = prompt("Due time, ISO-8601 or a delay like +2h (empty: until someone unblocks it):");
      if (at === null) return;
      if (at.trim()) body.at = at.trim();
    }
    if (from === "done" && card && card.moves.includes(status) && status !== "archived") {
      let impact;
      try { impact = await api("GET", "/api/tasks/" + encodeURIComponent(id) + "/reopen-impact"); } catch (e) { toast(refusal(e)); return; }
      if (impact.invalidated.length && !confirm("Reopening sends " + impact.invalidated.length
          + " descendant(s) back to todo:\n" + impact.invalidated.map((t) => "• " + t.id + " " + t.title + " (" + t.status + ")").join("\n")
          + "\nReopen?")) return;
    }
    try {
      const res = await api("PATCH", "/api/tasks/" + encodeURIComponent(id), body);
      upsert([res.card]);
    } catch (e) {
      toast(refusal(e));
    }
  }
  function upsert(cards, removed) {
    const touched = new Set();
    for (const c of cards) {
      const old = state.cards.get(c.id);
      if (old) touched.add(old.status);
      if (old || inWindow(c)) { state.cards.set(c.id, c); touched.add(c.status); }
      if (old && old.status !== c.status && state.cols[old.status]) state.cols[old.status].loaded--;
      if ((!old || old.status !== c.status) && state.cards.has(c.id) && state.cols[c.status]) state.cols[c.status].loaded++;
    }
    for (const id of removed || []) {
      const old = state.cards.get(id);
      if (old) { touched.add(old.status); state.cards.delete(id); if (state.cols[old.status]) state.cols[old.status].loaded--; }
    }
    refreshColumns(touched);
    cards.forEach((c) => { const el = document.querySelector('.card[data-id="' + c.id + '"]'); if (el) el.classList.add("flash"); });
  }

  // ---- inline create ------------------------------------------------------------------------------------
  function openCreate(col) {
    if (col.querySelector(".create")) { col.querySelector(".create input").focus(); return; }
    const form = document.createElement("form"); form.className = "create";
    const field = (name, ph) => { const i = document.createElement("input"); i.name = name; i.placeholder = ph; form.appendChild(i); return i; };
    const title = field("title", "title (Enter to create, Esc to cancel)");
    field("assignee", "assignee"); field("priority", "priority (number)"); field("skills", "skills, comma-separated");
    field("parents", "parent ids, comma-separated"); field("workspace", "workspace (scratch, worktree, dir:/path)");
    const go = document.createElement("button"); go.type = "submit"; go.textContent = "Create"; form.appendChild(go);
    col.insertBefore(form, col.querySelector(".cards"));
    title.focus();
    form.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.stopPropagation(); form.remove(); } });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const v = (n) => form.elements[n].value.trim();
      const list = (n) => v(n) ? v(n).split(",").map((s) => s.trim()).filter(Boolean) : [];
      const body = { title: v("title") };
      if (v("assignee")) body.assignee = v("assignee");
      if (v("priority")) body.priority = Number(v("priority"));
      if (list("skills").length) body.skills = list("skills");
      if (list("parents").length) body.parents = list("parents");
      if (v("workspace")) body.workspace = v("workspace");
      if (col.dataset.status === "triage") body.triage = true;
      try {
        const res = await api("POST", "/api/tasks", body);
        upsert([res.card]);
        form.remove();
      } catch (err) { fail(err); }
    });
  }

  // ---- drawer -------------------------------------------------------------------------------------------
  // Only the drawer renders Markdown: its libraries (vendor/README.md) and markdown.js load after the first render,
  // in this order, so their 130 KB never delay the board.
  const MARKDOWN_SCRIPTS = ["/vendor/markdown-it.umd.min.js", "/vendor/purify.min.js", "/markdown.js"];
  function loadMarkdown() {
    if (!loadMarkdown.done) {
      loadMarkdown.done = MARKDOWN_SCRIPTS.reduce((previous, src) => previous.then(() => new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = () => { loadMarkdown.done = null; reject(new Error("could not load " + src)); };
        document.head.appendChild(script);
      })), Promise.resolve());
    }
    return loadMarkdown.done;
  }
  async function openDrawer(id) {
    state.openId = id;
    let d;
    try { d = await api("GET", "/api/tasks/" + encodeURIComponent(id)); await loadMarkdown(); await state.lifecycleLoaded; } catch (e) { fail(e); return; }
    if (state.openId !== id) return;
    const t = d.task;
    // A refresh of the card being edited (a live event, another user's change) keeps what the user typed.
    const keepEdits = !$("drawer").hidden && $("drawer").dataset.id === id && Object.keys(drawerEdits()).length > 0;
    $("drawer").hidden = false;
    $("drawer").dataset.id = id;
    if (!keepEdits) fillEditable(t);
    $("d-id").textContent = t.id + (t.tenant ? " · " + t.tenant : "") + " · " + t.workspace_kind
      + (t.workspace_path ? ":" + t.workspace_path : "");
    const move = $("d-move"); move.textContent = "";
    [t.status].concat(d.card.moves.filter((m) => m !== t.status)).forEach((s) => {
      const o = document.createElement("option"); o.value = s; o.textContent = s; move.appendChild(o);
    });
    fillWaiting(d);
    fillVerbs(d);
    addWorkerVerb(d);
    const skills = $("d-skills"); skills.textContent = "";
    t.skills.forEach((s) => skills.appendChild(chip(s)));
    $("d-body").innerHTML = window.renderMarkdown(t.body || "*no description*");
    fillChips($("d-parents"), d.parents, true);
    fillChips($("d-children"), d.children, false);
    const results = $("d-results"); results.textContent = "";
    d.children.filter((c) => c.result != null).forEach((r) => {
      // The title as text, the result as markdown: a title's own * or _ must not turn into markup.
      const name = document.createElement("strong"); name.textContent = r.title;
      const p = document.createElement("div"); p.className = "md"; p.innerHTML = window.renderMarkdown(r.result || "");
      results.append(name, p);
    });
    const comments = $("d-comments"); comments.textContent = "";
    d.comments.forEach((c) => {
      const li = document.createElement("li");
      const who = document.createElement("div"); who.className = "who"; who.textContent = c.author + " · " + when(c.created_at);
      const body = document.createElement("div"); body.className = "md"; body.innerHTML = window.renderMarkdown(c.body);
      li.append(who, body); comments.appendChild(li);
    });
    drawTimeline(d.runs);
    const runs = $("d-runs"); runs.textContent = ""; $("d-log").hidden = true;
    d.runs.forEach((r) => {
      const tr = document.createElement("tr");
      const td = (text, cls) => { const x = document.createElement("td"); x.textContent = text == null ? "" : text; if (cls) x.className = cls; tr.appendChild(x); return x; };
      td(r.id); td(r.outcome || (r.ended_at ? r.status : "running")); td(r.profile);
      td(r.duration_seconds == null ? "" : r.duration_seconds + " s");
      const s = td((r.summary || "") + (r.error ? " " + r.error : "") + (r.metadata ? " " + JSON.stringify(r.metadata) : ""), r.error ? "error" : "");
      s.title = s.textContent;
      const last = td("");
      if (r.has_log) {
        const b = document.createElement("button"); b.type = "button"; b.className = "link"; b.textContent = "log";
        b.addEventListener("click", async () => {
          try { const text = await api("GET", "/api/runs/" + r.id + "/log"); $("d-log").textContent = text; $("d-log").hidden = false; } catch (e) { fail(e); }
        });
        last.appendChild(b);
      }
      runs.appendChild(tr);
    });
    followLog(id, t.status === "running" ? d.runs.find((r) => r.ended_at == null && r.has_log) : null);
    loadNotify(id);
    loadAttachments(id);
    const events = $("d-events"); events.textContent = "";
    d.events.forEach((e) => {
      const li = document.createElement("li");
      li.textContent = when(e.created_at) + " " + e.kind + (e.payload ? " " + JSON.stringify(e.payload) : "");
      events.appendChild(li);
    });
  }
  // ---- attachments in the drawer ------------------------------------------------------------------------
  // Raster images are previewed; everything else is a download (the server sends it as an attachment, sandboxed).
  const PREVIEW_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];
  function attachmentUrl(a) {
    // A link or an <img> cannot send the Authorization header: downloads take the token in the URL.
    return withBoard("/api/attachments/" + a.id + "?token=" + encodeURIComponent(state.token));
  }
  function size(n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + " KB";
    return (n / 1024 / 1024).toFixed(1) + " MB";
  }
  async function loadAttachments(id) {
    let data;
    try { data = await api("GET", "/api/tasks/" + encodeURIComponent(id) + "/attachments"); } catch (e) { fail(e); return; }
    if (state.openId !== id) return;
    state.attachMax = data.max_bytes;
    $("d-attach-limit").textContent = "(up to " + size(data.max_bytes) + " each)";
    const list = $("d-attachments"); list.textContent = "";
    const previews = $("d-previews"); previews.textContent = "";
    if (!data.attachments.length) { const li = document.createElement("li"); li.className = "muted"; li.textContent = "none"; list.appendChild(li); }
    data.attachments.forEach((a) => {
      const li = document.createElement("li"); li.dataset.id = a.id;
      const link = document.createElement("a"); link.href = attachmentUrl(a); link.textContent = a.filename;
      link.target = "_blank"; link.rel = "noopener noreferrer"; link.className = "att-name";
      const meta = document.createElement("span"); meta.className = "muted";
      meta.textContent = " " + size(a.size) + " · " + (a.uploaded_by || "-") + " · " + when(a.created_at) + " ";
      const rm = document.createElement("button"); rm.type = "button"; rm.className = "link"; rm.textContent = "remove";
      rm.addEventListener("click", async () => {
        if (!confirm("Remove " + a.filename + "?")) return;
        try { await api("DELETE", "/api/attachments/" + a.id); loadAttachments(id); } catch (e) { fail(e); }
      });
      li.append(link, meta, rm); list.appendChild(li);
      if (PREVIEW_TYPES.includes((a.content_type || "").split(";")[0].trim())) {
        const fig = document.createElement("figure");
        const img = document.createElement("img"); img.src = attachmentUrl(a); img.alt = a.filename; img.loading = "lazy";
        const cap = document.createElement("figcaption"); cap.textContent = a.filename;
        fig.append(img, cap); previews.appendChild(fig);
      }
    });
  }
  // XMLHttpRequest rather than fetch: it reports upload progress for the bar.
  function uploadOne(id, file) {
    return new Promise((resolve, reject) => {
      if (state.attachMax && file.size > state.attachMax) { reject(new Error(file.name + ": attachment exceeds " + size(state.attachMax) + " limit")); return; }
      const form = new FormData(); form.append("file", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", withBoard("/api/tasks/" + encodeURIComponent(id) + "/attachments"));
      xhr.setRequestHeader("Authorization", "Bearer " + state.token);
      $("d-upload").hidden = false; $("d-upload-name").textContent = file.name; $("d-progress").value = 0;
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) $("d-progress").value = Math.round(100 * e.loaded / e.total); };
      xhr.onload = () => {
        $("d-upload").hidden = true;
        if (xhr.status === 201) { resolve(JSON.parse(xhr.responseText)); return; }
        let msg = "HTTP " + xhr.status;
        try { msg = JSON.parse(xhr.responseText).error || msg; } catch (e) { /* not JSON */ }
        reject(new Error(file.name + ": " + msg));
      };
      xhr.onerror = () => { $("d-upload").hidden = true; reject(new Error(file.name + ": upload failed")); };
      xhr.send(form);
    });
  }
  async function uploadFiles(files) {
    const id = state.openId; if (!id) return;
    for (const f of files) {
      try { await uploadOne(id, f); } catch (e) { fail(e); }
    }
    if (state.openId === id) loadAttachments(id);
  }
  // Why a card that is not ready waits: its unfinished parents (the server explains them), its due time, its block.
  function fillWaiting(d) {
    const t = d.task; const lines = [];
    if (t.status !== "ready") {
      (d.waiting_for || []).forEach((w) => lines.push(w));
      if (t.status === "scheduled") lines.push(t.scheduled_until != null ? "waiting for its due time, " + when(t.scheduled_until) : "waiting for a person to unblock it");
      if (t.status === "blocked") lines.push("blocked" + (t.block_kind ? " (" + t.block_kind + (t.block_recurrences ? ", recurred " + t.block_recurrences + "×" : "") + ")" : "") + ": waiting for a person");
      if (t.status === "review") lines.push("waiting for a reviewer" + (t.assignee ? " (" + t.assignee + ")" : ""));
    }
    const el = $("d-waiting"); el.textContent = "";
    lines.forEach((l) => { const div = document.createElement("div"); div.textContent = l; el.appendChild(div); });
    el.hidden = lines.length === 0;
  }
  // Whether a verb applies where the task stands: its statuses are the lifecycle table's (/api/lifecycle's verbs).
  const applies = (verb, status) => (state.lifecycle.verbs[verb] || []).includes(status);
  // Whether the open run was claimed from review (its claimed event says so): then it may request changes.
  function reviewing(d) {
    if (!applies("request changes", d.task.status)) return false;
    const claims = d.events.filter((e) => e.kind === "claimed");
    const last = claims.reduce((a, e) => (!a || e.id > a.id ? e : a), null);
    return !!(last && last.payload && last.payload.source_status === "review");
  }
  // The operator's verbs for where the task stands, as the lifecycle table says; the server refuses (409, naming the
  // rule) what it must.
  function fillVerbs(d) {
    const t = d.task; const id = t.id; const el = $("d-verbs"); el.textContent = "";
    const verb = (name, title, run) => {
      const b = document.createElement("button"); b.type = "button"; b.dataset.verb = name; b.textContent = name; b.title = title;
      b.addEventListener("click", async () => {
        try { const res = await run(); if (!res) return; upsert([res.card]); toast(name + ": " + id + " is " + res.task.status); openDrawer(id); }
        catch (e) { toast(refusal(e)); }
      });
      el.appendChild(b);
    };
    const post = (path, body) => api("POST", "/api/tasks/" + encodeURIComponent(id) + "/" + path, body);
    if (applies("reclaim", t.status)) {
      verb("reclaim", "Take it back from its worker (the run ends as reclaimed; failures reset)", () => {
        const reason = prompt("Why reclaim it?"); return reason === null ? null : post("reclaim", reason.trim() ? { reason } : {});
      });
    }
    if (t.status !== "archived") {
      const reclaimFirst = applies("reclaim", t.status);
      verb("reassign", "Give it to another profile" + (reclaimFirst ? " (reclaims it first)" : ""), () => {
        const profile = prompt("Reassign to profile (empty: unassign):", t.assignee || "");
        return profile === null ? null : post("reassign", { profile: profile.trim() || null, reclaim_first: reclaimFirst });
      });
    }
    if (applies("promote", t.status)) {
      verb("promote", "To ready, when every parent is done", () => post("promote", {}));
    }
    if (applies("request review", t.status)) {
      verb("request review", "Hand it to a reviewer", () => {
        const summary = prompt("Summary for the reviewer:"); if (summary === null) return null;
        const reviewer = prompt("Reviewer profile (empty: keep the assignee):", "");
        if (reviewer === null) return null;
        return post("request-review", { summary, reviewer: reviewer.trim() || null, force: t.status === "running" });
      });
    }
    if (reviewing(d)) {
      verb("request changes", "Send it back to its implementer", () => {
        const reason = prompt("What should change?"); return reason === null ? null : post("request-changes", { reason });
      });
    }
    if (applies("reopen review", t.status)) {
      verb("reopen review", "Back to its implementer without a review", async () => {
        const res = await api("PATCH", "/api/tasks/" + encodeURIComponent(id), { status: "ready" }); return res;
      });
    }
    el.hidden = el.childElementCount === 0;
  }
  // ---- notifications in the drawer ----------------------------------------------------------------------
  async function loadTargets() {
    if (state.targets) return state.targets;
    try { state.targets = (await api("GET", "/api/notify/targets")).targets; } catch (e) { state.targets = []; }
    return state.targets;
  }
  async function loadNotify(id) {
    const targets = await loadTargets();
    const select = $("d-notify-target"); select.textContent = "";
    targets.forEach((t) => {
      const o = document.createElement("option"); o.value = t.name; o.textContent = t.name + " (" + t.type + ")"; select.appendChild(o);
    });
    $("d-notify").hidden = targets.length === 0;
    $("d-notify-none").hidden = targets.length !== 0;
    let subs = [];
    try { subs = (await api("GET", "/api/notify/subscriptions?task=" + encodeURIComponent(id))).subscriptions; } catch (e) { /* shown elsewhere */ }
    if (state.openId !== id) return;
    const el = $("d-notify-subs"); el.textContent = "";
    subs.forEach((s) => {
      const label = (s.target ? s.target_type + ":" + s.target : s.platform + ":" + s.chat_id)
        + (s.descendants ? " +subtasks" : "") + (s.failures ? " ⚠ " + s.failures + " failed" : "");
      const c = chip(label, null, async () => {
        try { await api("DELETE", "/api/notify/subscriptions/" + encodeURIComponent(s.id)); loadNotify(id); } catch (e) { fail(e); }
      });
      c.title = s.kinds.join(", ") + (s.last_error ? "\nlast error: " + s.last_error : "");
      el.appendChild(c);
    });
  }
  function chip(text, onClick, onRemove) {
    const c = document.createElement("span"); c.className = "chip" + (onClick ? " link" : ""); c.textContent = text;
    if (onClick) c.addEventListener("click", onClick);
    if (onRemove) {
      const x = document.createElement("button"); x.type = "button"; x.textContent = "×"; x.title = "Remove dependency";
      x.addEventListener("click", (e) => { e.stopPropagation(); onRemove(); });
      c.appendChild(x);
    }
    return c;
  }
  function fillChips(el, tasks, removable) {
    el.textContent = "";
    if (!tasks.length) { el.textContent = "none"; return; }
    tasks.forEach((t) => el.appendChild(chip(t.title + " (" + t.status + ")", () => openDrawer(t.id),
      removable ? async () => {
        try { await api("DELETE", "/api/tasks/" + encodeURIComponent(state.openId) + "/parents/" + encodeURIComponent(t.id)); openDrawer(state.openId); } catch (e) { fail(e); }
      } : null)));
  }
  function closeDrawer() { $("drawer").hidden = true; state.openId = null; followLog(null, null); }
  // The worker log of a running card, live: its tail is fetched every two seconds while the drawer shows it.
  function followLog(id, run) {
    clearInterval(state.logTimer); state.logTimer = null;
    if (!run) return;
    const tail = async () => {
      if (state.openId !== id) { clearInterval(state.logTimer); return; }
      try {
        const text = await api("GET", "/api/runs/" + run.id + "/log");
        const log = $("d-log");
        const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.textContent = text; log.hidden = false; log.dataset.live = "run " + run.id;
        if (atEnd) log.scrollTop = log.scrollHeight;
      } catch (e) { clearInterval(state.logTimer); }
    };
    tail();
    state.logTimer = setInterval(tail, 2000);
  }
  /** The drawer's editable fields as the card has them; the drawer's dataset keeps what was shown. */
  function fillEditable(t) {
    const shown = $("drawer").dataset;
    $("d-title").value = shown.title = t.title;
    $("d-assignee").value = shown.assignee = t.assignee || "";
    $("d-priority").value = shown.priority = t.priority;
    $("d-model").value = shown.model = t.model_override || "";
    $("d-provider").value = shown.provider = t.provider_override || "";
    $("d-reasoning").value = shown.reasoning = t.reasoning_effort || "";
    $("d-body-edit").value = t.body || ""; $("d-body-edit").hidden = true;
  }
  /** After a save: what was sent is what the card has, so a refresh fills those fields again. */
  function markSaved(body) {
    const shown = $("drawer").dataset;
    if ("title" in body) shown.title = body.title;
    if ("assignee" in body) shown.assignee = body.assignee || "";
    if ("priority" in body) shown.priority = body.priority;
    if ("model_override" in body) { shown.model = body.model_override || ""; shown.provider = body.provider_override || ""; }
    if ("reasoning_effort" in body) shown.reasoning = body.reasoning_effort || "";
    if ("body" in body) $("d-body-edit").hidden = true;
  }
  /** What the user changed in the drawer since it was filled, as the PATCH body that saves it. */
  function drawerEdits() {
    const shown = $("drawer").dataset;
    const body = {};
    const title = $("d-title").value.trim();
    if (title !== shown.title) body.title = title;
    const assignee = $("d-assignee").value.trim();
    if (assignee !== shown.assignee) body.assignee = assignee || null;
    const prio = Number($("d-priority").value);
    if (prio !== Number(shown.priority)) body.priority = prio;
    if (!$("d-body-edit").hidden) body.body = $("d-body-edit").value;
    // The model override as set-model takes it: a model (with its provider, if any), or nothing to clear both.
    const model = $("d-model").value.trim(), provider = $("d-provider").value.trim();
    if (model !== shown.model || provider !== shown.provider) {
      body.model_override = model || null;
      if (provider) body.provider_override = provider;
    }
    const reasoning = $("d-reasoning").value;
    if (reasoning !== shown.reasoning) body.reasoning_effort = reasoning || null;
    return body;
  }
  async function saveDrawer() {
    const id = state.openId; if (!id) return;
    const body = drawerEdits();
    try {
      if (Object.keys(body).length) {
        const res = await api("PATCH", "/api/tasks/" + encodeURIComponent(id), body);
        upsert([res.card]);
        if (state.openId === id) markSaved(body);
      }
      openDrawer(id);
    } catch (e) { fail(e); }
  }

  // ---- bulk ---------------------------------------------------------------------------------------------
  function toggleSelect(id, on) {
    if (on) state.selected.add(id); else state.selected.delete(id);
    const el = document.querySelector('.card[data-id="' + id + '"]');
    if (el) el.classList.toggle("selected", on);
    updateBulkBar();
  }
  function updateBulkBar() {
    const n = state.selected.size;
    $("bulkbar").hidden = n === 0;
    $("bulk-count").textContent = n + " selected";
  }
  async function bulk(body) {
    body.ids = [...state.selected];
    try {
      const res = await api("POST", "/api/tasks/bulk", body);
      upsert(res.results.filter((r) => r.ok).map((r) => r.card));
      const bad = res.results.filter((r) => !r.ok);
      toast(bad.length ? bad.length + " of " + res.results.length + " failed: " + bad.map((r) => r.id + ": " + r.error).join("; ")
        : res.results.length + " updated");
      state.selected.clear(); render();
    } catch (e) { fail(e); }
  }

  // ---- live stream --------------------------------------------------------------------------------------
  function connect() {
    if (state.ws) { state.ws.onclose = null; state.ws.close(); }
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(proto + "//" + location.host + withBoard("/api/live?token=" + encodeURIComponent(state.token) + "&cursor=" + state.cursor));
    state.ws = ws;
    ws.onopen = () => { state.backoff = 500; setLive("live"); };
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.type !== "events") return;
      state.cursor = msg.cursor;
      boardsSoon();
      (msg.facts || []).forEach((f) => state.facts.set(f.task_id, f));
      upsert(msg.cards, msg.removed);
      recount();
      loadDiagnostics($("diag-panel").hidden ? 10000 : 1000);
      diagLive();
      fleetLive();
      if (state.openId && msg.events.some((e) => e.task_id === state.openId)) openDrawer(state.openId);
      loadWarnings();
    };
    ws.onclose = () => {
      setLive("offline");
      setTimeout(connect, state.backoff);
      state.backoff = Math.min(state.backoff * 2, 10000);
    };
  }
  function setLive(s) { $("live").dataset.state = s; $("live").textContent = s; }
  async function loadWarnings() {
    try {
      const w = await api("GET", "/api/warnings");
      const el = $("warnings");
      const notify = w.notify || [];
      el.hidden = w.warnings.length + notify.length === 0;
      el.textContent = "⚠ " + (w.warnings.length + notify.length);
      el.title = w.warnings.map((x) => x.task_id + ": " + x.message)
        .concat(notify.map((n) => "notify " + n.target + (n.paused ? " paused" : " failing") + " (" + n.failures + "): " + (n.last_error || "")))
        .join("\n");
    } catch (e) { /* shown by the next action */ }
  }

  // ---- diagnostics panel --------------------------------------------------------------------------------
  // Every diagnostic of /api/diagnostics (the core's Board.diagnostics()) with its actions as buttons, and the
  // workers of running cards (/api/workers/active, /api/runs/{id}/inspect) with a terminate button. The header
  // button's badge counts them, coloured by the worst severity. Actions go through api(): the same token as every
  // mutation, and the browser's own Origin header, which the server checks.
  const SEVERITIES = ["error", "warning", "info"];
  function diagCounts(list) {
    return SEVERITIES.map((s) => [s, list.filter((x) => x.severity === s).length]).filter(([, n]) => n > 0);
  }
  function drawDiagnostics() {
    const list = state.diagList || [];
    const counts = diagCounts(list);
    // One count per severity present (red errors, amber warnings, blue infos); a grey 0 when there is none.
    const badge = $("diag-count");
    badge.textContent = "";
    badge.dataset.severity = counts.length ? counts[0][0] : "none";
    (counts.length ? counts : [["none", 0]]).forEach(([sev, n]) => {
      const c = document.createElement("span"); c.className = "sev-count"; c.dataset.severity = sev; c.textContent = n;
      badge.appendChild(c);
    });
    const summary = counts.length ? counts.map(([s, n]) => n + " " + s).join(", ") : "none";
    badge.title = summary;
    if ($("diag-panel").hidden) return;
    $("diag-summary").textContent = summary;
    $("diag-empty").hidden = list.length !== 0;
    const box = $("diag-list"); box.textContent = "";
    list.forEach((x) => box.appendChild(renderDiagnostic(x)));
  }
  function renderDiagnostic(x) {
    const el = document.createElement("article");
    el.className = "diag-item"; el.dataset.kind = x.kind; el.dataset.task = x.task_id; el.dataset.severity = x.severity;
    const span = (cls, text) => { const s = document.createElement("span"); s.className = cls; s.textContent = text; return s; };
    const head = document.createElement("div");
    head.append(span("sev", x.severity), span("kind", x.kind));
    const cardLine = document.createElement("div"); cardLine.className = "d-card";
    const card = state.cards.get(x.task_id);
    const open = document.createElement("button"); open.type = "button"; open.className = "card-link";
    open.textContent = (card ? card.title + " · " : "") + x.task_id + (card ? " (" + card.status + ")" : "");
    open.title = "Open the card";
    open.addEventListener("click", () => openDrawer(x.task_id));
    cardLine.appendChild(open);
    const title = document.createElement("div"); title.className = "dt"; title.textContent = x.title;
    const detail = document.createElement("div"); detail.className = "dd"; detail.textContent = x.detail;
    const seen = document.createElement("div"); seen.className = "seen";
    seen.textContent = (x.first_seen_at != null ? "first seen " + when(x.first_seen_at) : "")
      + (x.last_seen_at != null ? " · last seen " + when(x.last_seen_at) : "") + " · count " + x.count
      + (x.run_id != null ? " · run #" + x.run_id : "");
    const actions = document.createElement("div"); actions.className = "actions";
    x.actions.forEach((a) => actions.appendChild(actionButton(x, a)));
    el.append(head, cardLine, title, detail, seen, actions);
    return el;
  }
  function actionButton(x, a) {
    const b = document.createElement("button"); b.type = "button"; b.dataset.action = a.kind;
    if (a.suggested) { b.classList.add("suggested"); b.title = "try this first"; }
    if (a.kind === "cli_hint") {
      const cmd = (a.payload && a.payload.command) || a.label;
      const wrap = document.createElement("span");
      const code = document.createElement("code"); code.textContent = cmd;
      b.textContent = "copy"; b.title = "Copy the command: " + cmd;
      b.addEventListener("click", async () => toast(await copyText(cmd) ? "copied: " + cmd : "copy this: " + cmd));
      wrap.append(code, b);
      return wrap;
    }
    b.textContent = a.kind === "reassign" || a.kind === "comment" ? a.label + "…" : a.label;
    b.addEventListener("click", () => runAction(x, a));
    return b;
  }
  // One action, one click; reassign asks for the profile and comment for the text (Cancel does nothing).
  async function runAction(x, a) {
    const id = (a.payload && a.payload.task_id) || x.task_id;
    const post = (verb, body) => api("POST", "/api/tasks/" + encodeURIComponent(id) + "/" + verb, body);
    const why = "diagnostics panel: " + x.kind;
    try {
      let res = null;
      if (a.kind === "reclaim") {
        res = await post("reclaim", { reason: why });
      } else if (a.kind === "unblock") {
        res = await post("unblock");
      } else if (a.kind === "reassign") {
        const card = state.cards.get(id);
        const profile = prompt("Give " + id + " to profile (empty: unassign; a running card is reclaimed first):",
          (card && card.assignee) || "");
        if (profile === null) return;
        res = await post("reassign", { profile: profile.trim() || null, reclaim_first: true, reason: why });
      } else if (a.kind === "comment") {
        const body = prompt("Comment on " + id + " (markdown; the next worker reads it):");
        if (body === null || !body.trim()) return;
        await post("comments", { body });
        toast("commented on " + id);
      } else {
        toast("this page cannot do '" + a.kind + "' yet");
        return;
      }
      if (res) { upsert([res.card]); toast(a.kind + ": " + id + " is " + res.task.status); }
      await refreshDiagnostics();
      if (!$("diag-panel").hidden) loadWorkers().catch(() => {});
      if (state.openId === id) openDrawer(id);
    } catch (e) { toast(refusal(e)); }
  }
  async function copyText(text) {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) { /* not allowed here: the old way */ }
    const area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }
  // Now, not after the live stream's pause: after an action and when the panel opens.
  function refreshDiagnostics() {
    clearTimeout(loadDiagnostics.timer); loadDiagnostics.timer = null;
    return loadDiagnostics(0);
  }
  const yesNo = (v) => v == null ? "unknown" : v ? "yes" : "no";
  function sinceNow(epochSeconds) {
    return epochSeconds == null ? "never" : age((Date.now() + state.serverSkew) / 1000 - epochSeconds) + " ago";
  }
  async function loadWorkers() {
    const data = await api("GET", "/api/workers/active");
    const body = $("diag-workers"); body.textContent = "";
    $("diag-workers-none").hidden = data.workers.length !== 0;
    data.workers.forEach((w) => {
      const tr = document.createElement("tr"); tr.dataset.run = w.run_id; tr.dataset.task = w.task_id;
      const td = (text) => { const c = document.createElement("td"); c.textContent = text == null ? "–" : text; tr.appendChild(c); return c; };
      td("#" + w.run_id);
      const card = td(""); const link = document.createElement("button"); link.type = "button"; link.className = "link";
      const c = state.cards.get(w.task_id);
      link.textContent = c ? c.title : w.task_id; link.title = w.task_id;
      link.addEventListener("click", () => openDrawer(w.task_id)); card.appendChild(link);
      td(w.profile); td(w.pid); td(w.pid == null ? "–" : w.local ? yesNo(w.alive) : "other host"); td(age(w.runtime_seconds));
      td(sinceNow(w.last_heartbeat_at));
      const last = td(""); const b = document.createElement("button"); b.type = "button"; b.className = "link";
      b.dataset.inspect = w.run_id; b.textContent = "inspect";
      b.addEventListener("click", () => inspectRun(w.run_id).catch(fail));
      last.appendChild(b);
      body.appendChild(tr);
    });
    if (state.inspecting != null && !$("diag-inspect").hidden) inspectRun(state.inspecting).catch(() => {});
  }
  function showInspection(r) {
    state.inspecting = r.run_id;
    $("diag-inspect").hidden = false;
    $("diag-inspect").dataset.run = r.run_id;
    $("di-run").textContent = "#" + r.run_id + " of " + r.task_id;
    const facts = $("di-facts"); facts.textContent = "";
    [["status", r.status], ["profile", r.profile || "–"], ["pid", r.pid == null ? "–" : r.pid],
      ["alive", r.pid == null ? "– (no worker process recorded)" : r.local ? yesNo(r.alive) : "unknown (another host started it)"],
      ["runtime", age(r.runtime_seconds)], ["started", when(r.started_at)],
      ["last heartbeat", r.last_heartbeat_at == null ? "never" : when(r.last_heartbeat_at) + " (" + sinceNow(r.last_heartbeat_at) + ")"],
      ["claim expires", r.claim_expires == null ? "–" : when(r.claim_expires)],
      ["log", r.log_path || "–"]].forEach(([k, v]) => {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = v; dd.dataset.fact = k;
      facts.append(dt, dd);
    });
    $("di-log").textContent = r.log_tail || "(no log)";
    $("di-terminate").hidden = r.ended_at != null;
  }
  async function inspectRun(runId) {
    showInspection(await api("GET", "/api/runs/" + encodeURIComponent(runId) + "/inspect"));
  }
  async function terminateRun() {
    const runId = state.inspecting; if (runId == null) return;
    const pid = $("di-facts").querySelector('[data-fact="pid"]');
    if (!confirm("Terminate run #" + runId + "'s worker (pid " + (pid ? pid.textContent : "–")
      + ") and put its card back in the queue?")) return;
    try {
      const r = await api("POST", "/api/runs/" + encodeURIComponent(runId) + "/terminate");
      showInspection(r);
      toast("terminated run #" + runId + "; " + r.task_id + " is back in the queue");
      await Promise.all([loadWorkers(), refreshDiagnostics()]);
    } catch (e) { toast(refusal(e)); }
  }
  // The drawer of a running card: its worker, inspected in the diagnostics panel (where terminate is).
  function addWorkerVerb(d) {
    const t = d.task;
    if (t.status !== "running" || t.current_run_id == null) return;
    const b = document.createElement("button"); b.type = "button"; b.dataset.verb = "worker"; b.textContent = "worker";
    b.title = "Inspect its worker: pid, alive, runtime, last heartbeat, log tail; terminate it";
    b.addEventListener("click", () => { showDiagnosticsPanel(true); inspectRun(t.current_run_id).catch(fail); });
    $("d-verbs").appendChild(b); $("d-verbs").hidden = false;
  }
  function showDiagnosticsPanel(on) {
    $("diag-panel").hidden = !on;
    $("diag-toggle").setAttribute("aria-pressed", String(on));
    clearInterval(state.diagTimer); state.diagTimer = null;
    if (!on) return;
    drawDiagnostics();
    refreshDiagnostics();
    loadWorkers().catch(fail);
    // Time alone makes some diagnostics (a claim expiring is no event): ask again every 15 s while it is open.
    state.diagTimer = setInterval(() => { loadDiagnostics(0); loadWorkers().catch(() => {}); }, 15000);
  }
  // Live: while the panel is open, events refresh the workers at most every two seconds.
  function diagLive() {
    if ($("diag-panel").hidden || diagLive.timer) return;
    diagLive.timer = setTimeout(() => { diagLive.timer = null; if (!$("diag-panel").hidden) loadWorkers().catch(() => {}); }, 2000);
  }
  function wireDiagnostics() {
    $("diag-toggle").addEventListener("click", () => showDiagnosticsPanel($("diag-panel").hidden));
    $("diag-close").addEventListener("click", () => showDiagnosticsPanel(false));
    $("diag-refresh").addEventListener("click", () => { refreshDiagnostics(); loadWorkers().catch(fail); });
    $("di-close").addEventListener("click", () => { $("diag-inspect").hidden = true; state.inspecting = null; });
    $("di-terminate").addEventListener("click", terminateRun);
    // The badge without the panel: time alone changes the list, so it is asked again every minute.
    if (state.token) setInterval(() => loadDiagnostics(0), 60000);
  }

  // ---- fleet view ---------------------------------------------------------------------------------------
  // The figures come aggregated from the server (/api/fleet, the core's Board.fleet()); the page only draws them,
  // as plain SVG: bars for counts per bucket and per outcome, a line for workers. No chart library is loaded.
  const SVG = "http://www.w3.org/2000/svg";
  function svgEl(name, attrs, text) {
    const el = document.createElementNS(SVG, name);
    Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
    if (text !== undefined) el.textContent = text;
    return el;
  }
  // Bars for `values` under `labels`; the tallest bar fills the height; a title on each bar gives its number.
  function drawBars(svg, labels, values, cls, every) {
    svg.textContent = "";
    const w = svg.clientWidth || 320, h = svg.clientHeight || 140, top = 12, bottom = 16;
    const max = Math.max(1, ...values);
    const step = w / Math.max(1, values.length);
    values.forEach((v, i) => {
      const bh = (h - top - bottom) * v / max;
      const bar = svgEl("rect", { x: i * step + 1, y: h - bottom - bh, width: Math.max(1, step - 2), height: bh, class: "bar " + (cls || ""), "data-value": v });
      bar.appendChild(svgEl("title", {}, labels[i] + ": " + v));
      svg.appendChild(bar);
      if (i % every === 0) svg.appendChild(svgEl("text", { x: i * step + 1, y: h - 4, class: "axis" }, labels[i]));
    });
    svg.appendChild(svgEl("text", { x: 0, y: 10, class: "axis" }, "max " + max));
  }
  function drawLine(svg, labels, values, every) {
    svg.textContent = "";
    const w = svg.clientWidth || 320, h = svg.clientHeight || 140, top = 12, bottom = 16;
    const max = Math.max(1, ...values);
    const x = (i) => values.length < 2 ? w / 2 : i * (w - 4) / (values.length - 1) + 2;
    const y = (v) => h - bottom - (h - top - bottom) * v / max;
    svg.appendChild(svgEl("polyline", { class: "line", points: values.map((v, i) => x(i) + "," + y(v)).join(" ") }));
    values.forEach((v, i) => {
      const dot = svgEl("circle", { cx: x(i), cy: y(v), r: 2, class: "bar", "data-value": v });
      dot.appendChild(svgEl("title", {}, labels[i] + ": " + v));
      svg.appendChild(dot);
      if (i % every === 0) svg.appendChild(svgEl("text", { x: x(i), y: h - 4, class: "axis" }, labels[i]));
    });
    svg.appendChild(svgEl("text", { x: 0, y: 10, class: "axis" }, "max " + max));
  }
  const secs = (v) => v == null ? "–" : age(v);
  async function loadFleet() {
    const f = await api("GET", "/api/fleet?window=" + encodeURIComponent($("fleet-window").value));
    const hourly = f.bucket_seconds >= 3600;
    document.querySelectorAll(".bucket-name").forEach((el) => { el.textContent = hourly ? "hour" : "5 minutes"; });
    const label = (t) => { const d = new Date(ms(t)); return hourly && f.to - f.from > 86400 * 2 ? (d.getMonth() + 1) + "/" + d.getDate() + " " + d.getHours() + "h" : d.getHours() + ":" + String(d.getMinutes()).padStart(2, "0"); };
    // Every bucket of the window is in `workers`; completions list only buckets that had some.
    const starts = f.workers.map((b) => b.start);
    const done = new Map(f.completions.map((b) => [b.start, b.count]));
    const every = Math.max(1, Math.ceil(starts.length / 6));
    drawBars($("fleet-completions"), starts.map(label), starts.map((t) => done.get(t) || 0), "", every);
    drawLine($("fleet-workers"), starts.map(label), f.workers.map((b) => b.count), every);
    const outcomes = Object.keys(f.failed);
    drawBars($("fleet-failures"), outcomes, outcomes.map((o) => f.failed[o]), "fail", 1);
    const failedTotal = outcomes.reduce((n, o) => n + f.failed[o], 0);
    $("fleet-summary").textContent = f.completed + " completed, " + failedTotal + " failed";
    const body = $("fleet-profiles").querySelector("tbody");
    body.textContent = "";
    f.profiles.forEach((p) => {
      const tr = document.createElement("tr"); tr.dataset.profile = p.profile;
      const fails = f.failures[p.profile] || {};
      const failText = Object.entries(fails).map(([k, v]) => k + " " + v).join(", ");
      if (failText) tr.className = "failing";
      [p.profile || "(none)", p.waits, secs(p.wait_p50_seconds), secs(p.wait_p90_seconds), secs(p.wait_max_seconds),
        p.runs, secs(p.run_p50_seconds), secs(p.run_p90_seconds), secs(p.run_max_seconds), failText || "–"]
        .forEach((v) => { const td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      body.appendChild(tr);
    });
  }
  function showFleet(on) {
    $("fleet").hidden = !on; $("board").hidden = on;
    $("fleet-toggle").setAttribute("aria-pressed", String(on));
    if (on) loadFleet().catch(fail);
  }
  // Live: while the view is open, events refresh its figures, at most every five seconds.
  function fleetLive() {
    if ($("fleet").hidden || fleetLive.timer) return;
    fleetLive.timer = setTimeout(() => { fleetLive.timer = null; if (!$("fleet").hidden) loadFleet().catch(() => {}); }, 5000);
  }

  // ---- run timeline: each attempt a bar on one time axis (profile, start, end, outcome; an open run to now) --------
  function drawTimeline(runs) {
    const svg = $("d-timeline");
    svg.textContent = "";
    if (!runs.length) { svg.setAttribute("height", 0); return; }
    const now = (Date.now() + state.serverSkew) / 1000;
    const start = Math.min(...runs.map((r) => r.started_at));
    const end = Math.max(...runs.map((r) => r.ended_at != null ? r.ended_at : now), start + 1);
    const w = svg.clientWidth || 600, row = 20, label = 150;
    svg.setAttribute("height", runs.length * row + 4);
    runs.forEach((r, i) => {
      const from = r.started_at, to = r.ended_at != null ? r.ended_at : now;
      const x = label + (w - label - 4) * (from - start) / (end - start);
      const bw = Math.max(3, (w - label - 4) * (to - from) / (end - start));
      const outcome = r.outcome || "open";
      svg.appendChild(svgEl("text", { x: 0, y: i * row + 14 }, "#" + r.id + " " + (r.profile || "–") + " " + outcome));
      const bar = svgEl("rect", { x, y: i * row + 3, width: bw, height: row - 6, rx: 2, class: "run " + outcome, "data-run": r.id });
      bar.appendChild(svgEl("title", {}, "#" + r.id + " " + (r.profile || "no profile") + ": " + when(from) + " → "
        + (r.ended_at != null ? when(r.ended_at) : "running") + " (" + age(to - from) + ", " + outcome + ")"));
      svg.appendChild(bar);
    });
  }

  // ---- keyboard -----------------------------------------------------------------------------------------
  function visibleIds() { return [...document.querySelectorAll(".card")].map((el) => el.dataset.id); }
  // h / l: the card at the same height in the previous / next column that has cards.
  function moveColumn(delta) {
    const cols = [...document.querySelectorAll(".column")].filter((c) => c.querySelector(".card"));
    if (!cols.length) return;
    const current = state.cursorId && document.querySelector('.card[data-id="' + state.cursorId + '"]');
    const col = current ? current.closest(".column") : null;
    let ci = cols.indexOf(col);
    const row = current ? [...col.querySelectorAll(".card")].indexOf(current) : 0;
    ci = ci < 0 ? 0 : Math.max(0, Math.min(cols.length - 1, ci + delta));
    const cards = [...cols[ci].querySelectorAll(".card")];
    setCursor(cards[Math.min(row, cards.length - 1)].dataset.id);
  }
  function setCursor(id) {
    document.querySelectorAll(".card.cursor").forEach((el) => el.classList.remove("cursor"));
    state.cursorId = id;
    const el = document.querySelector('.card[data-id="' + id + '"]');
    el.classList.add("cursor"); el.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  function moveCursor(delta) {
    const ids = visibleIds(); if (!ids.length) return;
    let i = ids.indexOf(state.cursorId);
    i = i < 0 ? 0 : Math.max(0, Math.min(ids.length - 1, i + delta));
    document.querySelectorAll(".card.cursor").forEach((el) => el.classList.remove("cursor"));
    state.cursorId = ids[i];
    const el = document.querySelector('.card[data-id="' + ids[i] + '"]');
    el.classList.add("cursor"); el.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", (e) => {
    const typing = /INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName);
    if (e.key === "Escape") {
      if (typing) document.activeElement.blur();
      else if ($("drawer").hidden && !$("diag-panel").hidden) showDiagnosticsPanel(false); // the drawer first, then the panel
      $("shortcuts").hidden = true; closeDrawer(); return;
    }
    if (typing) return;
    if (e.key === "/") { e.preventDefault(); $("search").focus(); }
    else if (e.key === "n") { e.preventDefault(); const col = document.querySelector('.column[data-status="ready"]') || document.querySelector(".column"); openCreate(col); }
    else if (e.key === "f") showFleet($("fleet").hidden);
    else if (e.key === "g") showDiagnosticsPanel($("diag-panel").hidden);
    else if (e.key === "?") $("shortcuts").hidden = !$("shortcuts").hidden;
    else if (e.key === "h") moveColumn(-1);
    else if (e.key === "l") moveColumn(1);
    else if (e.key === "j") moveCursor(1);
    else if (e.key === "k") moveCursor(-1);
    else if (e.key === "Enter" && state.cursorId) openDrawer(state.cursorId);
  });

  // ---- wiring -------------------------------------------------------------------------------------------
  function wire() {
    // The server searches: typing waits for a pause, then reloads the board with the query.
    $("search").addEventListener("input", () => {
      state.filters.q = $("search").value; writeFilters();
      clearTimeout(wire.searchTimer);
      wire.searchTimer = setTimeout(() => loadBoard().catch(fail), 250);
    });
    const reload = () => {
      state.filters.tenant = $("f-tenant").value.trim(); state.filters.assignee = $("f-assignee").value.trim();
      state.filters.archived = $("f-archived").checked; writeFilters(); loadBoard().catch(fail);
    };
    $("f-tenant").addEventListener("change", reload);
    $("f-assignee").addEventListener("change", reload);
    $("f-archived").addEventListener("change", reload);
    $("f-lanes").addEventListener("change", () => { state.filters.lanes = $("f-lanes").checked; writeFilters(); render(); });
    $("fleet-toggle").addEventListener("click", () => showFleet($("fleet").hidden));
    $("fleet-window").addEventListener("change", () => loadFleet().catch(fail));
    $("theme").addEventListener("click", () => {
      const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
      document.documentElement.dataset.theme = next; localStorage.setItem("kanban.theme", next);
    });
    $("nudge").addEventListener("click", async () => {
      try { await api("POST", "/api/dispatch/nudge"); toast("dispatcher nudged"); } catch (e) { fail(e); }
    });
    $("d-close").addEventListener("click", closeDrawer);
    $("d-save").addEventListener("click", saveDrawer);
    $("d-title").addEventListener("keydown", (e) => { if (e.key === "Enter") saveDrawer(); });
    $("d-move").addEventListener("change", async () => {
      const to = $("d-move").value; const id = state.openId;
      const card = state.cards.get(id);
      await moveTask(id, to, card ? card.status : null); openDrawer(id);
    });
    $("d-file").addEventListener("change", () => { const files = [...$("d-file").files]; $("d-file").value = ""; uploadFiles(files); });
    const drop = $("d-drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); uploadFiles([...e.dataTransfer.files]); });
    $("d-edit-body").addEventListener("click", () => { $("d-body-edit").hidden = !$("d-body-edit").hidden; });
    $("d-notify").addEventListener("submit", async (e) => {
      e.preventDefault();
      const id = state.openId;
      try {
        await api("POST", "/api/notify/subscriptions", { task_id: id, target: $("d-notify-target").value, descendants: $("d-notify-desc").checked });
        toast("you will hear about " + id); loadNotify(id);
      } catch (err) { fail(err); }
    });
    $("d-comment").addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = $("d-comment-body").value;
      try { await api("POST", "/api/tasks/" + encodeURIComponent(state.openId) + "/comments", { body }); $("d-comment-body").value = ""; openDrawer(state.openId); } catch (err) { fail(err); }
    });
    $("d-link").addEventListener("submit", async (e) => {
      e.preventDefault();
      try { await api("POST", "/api/tasks/" + encodeURIComponent(state.openId) + "/parents", { parent_id: $("d-link-id").value.trim() }); $("d-link-id").value = ""; openDrawer(state.openId); } catch (err) { fail(err); }
    });
    $("bulk-status").addEventListener("change", () => { const s = $("bulk-status").value; $("bulk-status").value = ""; if (s) bulk({ action: "move", status: s }); });
    $("bulk-assign").addEventListener("click", () => bulk({ action: "assign", assignee: $("bulk-assignee").value.trim() || null }));
    $("bulk-prio").addEventListener("click", () => bulk({ action: "reprioritize", priority: Number($("bulk-priority").value || 0) }));
    $("bulk-archive").addEventListener("click", () => bulk({ action: "archive" }));
    $("bulk-clear").addEventListener("click", () => { state.selected.clear(); render(); });
  }

  const savedTheme = localStorage.getItem("kanban.theme");
  if (savedTheme) document.documentElement.dataset.theme = savedTheme;
  else if (matchMedia("(prefers-color-scheme: dark)").matches) document.documentElement.dataset.theme = "dark";
  initToken();
  initBoard();
  readFilters();
  wire();
  wireBoards();
  wireDiagnostics();
  if (!state.token) { $("auth").hidden = false; return; }
  // Lifecycle, diagnostics and board were asked for at once by boot.js; the boards switcher after them.
  state.lifecycleLoaded = loadLifecycle();
  state.diagLoaded = fetchDiagnostics().catch(() => {}); // without them the board still draws, unmarked
  loadBoard().then(() => { loadBoards(); loadMarkdown().catch(() => {}); return loadWarnings(); }).then(() => {
    // Links in notifications point at #task=<id>.
    const m = /^#task=([^&]+)$/.exec(location.hash);
    if (m) openDrawer(decodeURIComponent(m[1]));
  }).catch(fail);
})();
