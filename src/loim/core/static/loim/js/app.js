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
