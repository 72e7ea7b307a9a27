// A small, safe markdown subset: everything is HTML-escaped first, then headings, lists, code, emphasis and
// http(s) links are added. No raw HTML from the text ever reaches the page.
"use strict";
window.renderMarkdown = (function () {
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function inline(s) {
    const codes = [];
    s = s.replace(/`([^`]+)`/g, (m, c) => { codes.push(c); return "\u0000" + (codes.length - 1) + "\u0000"; });
    s = s.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>").replace(/\*([^*]+)\*/g, "<em>$1</em>");
    s = s.replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
      (m, text, url) => '<a href="' + url + '" rel="noopener noreferrer" target="_blank">' + text + "</a>");
    return s.replace(/\u0000(\d+)\u0000/g, (m, i) => "<code>" + codes[Number(i)] + "</code>");
  }
  return function (text) {
    const lines = esc(text || "").split("\n");
    const out = [];
    let list = null, code = false, para = [];
    const flush = () => { if (para.length) { out.push("<p>" + inline(para.join(" ")) + "</p>"); para = []; } };
    const endList = () => { if (list) { out.push("</" + list + ">"); list = null; } };
    for (const line of lines) {
      if (line.startsWith("```")) {
        flush(); endList();
        out.push(code ? "</code></pre>" : "<pre><code>");
        code = !code;
        continue;
      }
      if (code) { out.push(line + "\n"); continue; }
      let m;
      if ((m = line.match(/^(#{1,4})\s+(.*)$/))) {
        flush(); endList();
        const n = m[1].length + 2;
        out.push("<h" + n + ">" + inline(m[2]) + "</h" + n + ">");
      } else if ((m = line.match(/^\s*([-*]|\d+\.)\s+(.*)$/))) {
        flush();
        const kind = /\d/.test(m[1]) ? "ol" : "ul";
        if (list !== kind) { endList(); out.push("<" + kind + ">"); list = kind; }
        out.push("<li>" + inline(m[2]) + "</li>");
      } else if (line.trim() === "") {
        flush(); endList();
      } else {
        endList();
        para.push(line);
      }
    }
    flush(); endList();
    if (code) out.push("</code></pre>");
    return out.join("");
  };
})();
