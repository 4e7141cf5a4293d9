// Lõim's small amount of JavaScript. Loaded as a file (the CSP forbids inline scripts).
// After an htmx swap, move focus to the swapped region's heading when it asks for it, so
// keyboard and screen-reader users land on the new content.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (target && target.hasAttribute("data-focus-after-swap")) {
    var heading = target.querySelector("h1, h2, h3, [tabindex]");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }
});
// Elements with data-confirm ask before submitting (used for deletions).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
// A table wider than the screen scrolls inside its `.table-scroll` box (on a phone every data table
// and the plan's timeline scroll in their own box, see app.css). Keyboard users must be able to reach
// and scroll it (WCAG 2.1.1), so an overflowing box becomes focusable and named. A table itself keeps
// its table role (its caption names it); a wrapper or figure becomes a region.
function loimLabelScrollRegions(root) {
  root.querySelectorAll(".table-scroll, table.data, figure.timeline").forEach(function (region) {
    if (region.tagName === "TABLE" && region.closest(".table-scroll")) return;  // the wrapper scrolls
    var overflows = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
    if (overflows) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("data-scroll-region", "");
      if (region.tagName === "TABLE") return;
      if (!region.hasAttribute("role")) region.setAttribute("role", "region");
      if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
        var caption = region.querySelector("caption, h2, h3, svg title");
        region.setAttribute("aria-label", (caption ? caption.textContent : document.title).trim());
      }
    } else if (region.hasAttribute("data-scroll-region")) {
      region.removeAttribute("tabindex");
      region.removeAttribute("data-scroll-region");
    }
  });
}
document.addEventListener("DOMContentLoaded", function () { loimLabelScrollRegions(document); });
document.addEventListener("htmx:afterSettle", function () { loimLabelScrollRegions(document); });
window.addEventListener("resize", function () { loimLabelScrollRegions(document); });
// A link to a place inside a folded <details> (the plan's contents, "My rows"), or to a section whose
// body is one, unfolds it first, so the target is visible; without JavaScript the reader opens the fold by hand.
function loimOpenTarget() {
  if (!location.hash) return;
  var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!target) return;
  for (var node = target; node; node = node.parentElement) {
    if (node.tagName === "DETAILS") node.open = true;
  }
  var own = target.querySelector(":scope > details");  // an activity's folded body, below its heading
  if (own) own.open = true;
  target.scrollIntoView();
}
document.addEventListener("DOMContentLoaded", loimOpenTarget);
window.addEventListener("hashchange", loimOpenTarget);
