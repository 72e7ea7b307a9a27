// Markdown on the page (task bodies, comments, child results): CommonMark plus GFM tables and strikethrough,
// rendered by markdown-it and cleaned by DOMPurify (both in vendor/, see vendor/README.md).
// - Raw HTML in the text is shown as text (markdown-it's html: false), as the page always did.
// - The output then goes through DOMPurify with an allow-list of the tags markdown-it writes, so nothing a task
//   says can add a script, an event handler or a style; links keep only http(s) and mailto targets (a link
//   to anything else keeps its text and loses its target).
// - Images become links (the page's CSP would block remote images anyway); headings start at h3 so a task's
//   "# Title" does not outrank the drawer's own headings.
"use strict";
window.renderMarkdown = (function () {
  const md = window.markdownit({ html: false, linkify: true, typographer: false });
  md.disable("image");
  md.core.ruler.push("kanban_page_fit", (state) => {
    for (const token of state.tokens) {
      if (token.type === "heading_open" || token.type === "heading_close") {
        token.tag = "h" + Math.min(6, Number(token.tag.slice(1)) + 2);
      }
      // Table alignment as the align attribute: the CSP (style-src 'self') refuses inline style attributes.
      const style = (token.type === "th_open" || token.type === "td_open") && token.attrGet("style");
      if (style) {
        token.attrs = token.attrs.filter((a) => a[0] !== "style");
        token.attrSet("align", style.replace("text-align:", ""));
      }
    }
  });

  const purify = window.DOMPurify(window); // an instance of our own, so its hook and settings stay ours
  const config = {
    ALLOWED_TAGS: ["p", "br", "hr", "h3", "h4", "h5", "h6", "em", "strong", "s", "code", "pre", "blockquote",
      "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td"],
    ALLOWED_ATTR: ["href", "title", "start", "align"],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    ADD_URI_SAFE_ATTR: ["align", "start"], // plain values, not addresses: spared the check above
  };
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A" && node.hasAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });

  return function (text) {
    return purify.sanitize(md.render(String(text == null ? "" : text)), config);
  };
})();
