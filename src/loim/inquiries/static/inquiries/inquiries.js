// Keyboard helpers of the inquiry forms. A file, not inline script: the CSP forbids inline code.
// - Ctrl+Enter (or Cmd+Enter) anywhere in a form marked data-ctrl-enter submits it.
// - A "find" box above a list of checkboxes narrows the list as you type; Enter ticks (or unticks)
//   the first match and clears the box, Arrow Down moves into the list, Escape clears.
// - After the quick-entry form is swapped in by htmx (and settled), focus goes to the first field with an error,
//   or, after a save, to the target group (which starts empty), so the next inquiry can be typed straight away.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function items(input) {
    var list = document.getElementById(input.getAttribute("data-filter-for"));
    return list ? Array.prototype.slice.call(list.querySelectorAll("li")) : [];
  }

  function applyFilter(input) {
    var query = fold(input.value.trim());
    var shown = 0;
    items(input).forEach(function (item) {
      var match = !query || fold(item.textContent).indexOf(query) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    var counter = document.getElementById(input.id + "_count");
    if (counter) {
      var template = input.getAttribute("data-count-template") || "{n}";
      counter.textContent = query ? template.replace("{n}", String(shown)) : "";
    }
    return shown;
  }

  function firstVisibleBox(input) {
    var visible = items(input).filter(function (item) { return !item.hidden; });
    return visible.length ? visible[0].querySelector("input") : null;
  }

  function initFilters(root) {
    (root || document).querySelectorAll(".choice-filter").forEach(function (box) {
      box.hidden = false;
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-filter-for]")) applyFilter(event.target);
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      var form = target.closest && target.closest("form[data-ctrl-enter]");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
      return;
    }
    if (!(target.matches && target.matches("input[data-filter-for]"))) return;
    if (event.key === "Enter") {
      event.preventDefault();
      if (!target.value.trim()) return;
      var box = firstVisibleBox(target);
      if (box) {
        box.checked = !box.checked;
        var counter = document.getElementById(target.id + "_count");
        var label = box.closest("label");
        var template = target.getAttribute(box.checked ? "data-ticked-template" : "data-unticked-template") || "{name}";
        target.value = "";
        applyFilter(target);
        if (counter && label) counter.textContent = template.replace("{name}", label.textContent.trim());
      }
    } else if (event.key === "Escape") {
      if (target.value) {
        event.preventDefault();
        target.value = "";
        applyFilter(target);
      }
    } else if (event.key === "ArrowDown") {
      var first = firstVisibleBox(target);
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    initFilters(document);
    var form = document.getElementById("inquiry-form");
    if (!form) return;
    var invalid = form.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (invalid) invalid.focus();
  });

  // afterSettle, not afterSwap: htmx keeps the old class attributes of elements with the same id
  // until the swap has settled, so "has-error" is only there by then.
  document.addEventListener("htmx:afterSettle", function (event) {
    var region = document.getElementById("quick-entry");
    if (!region || !region.contains(event.target)) return;
    initFilters(region);
    var invalid = region.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (invalid) {
      invalid.focus();
    } else if (region.getAttribute("data-saved")) {
      // The target group starts empty after each save: focus its first option (Space chooses it,
      // the arrow keys choose another), then Tab reaches the topic finder.
      var group = region.querySelector("#id_category_0");
      var finder = region.querySelector("#id_topics_filter");
      (group || (finder && !finder.closest("[hidden]") ? finder : region.querySelector("#id_topics_0"))).focus();
    }
  });
})();
