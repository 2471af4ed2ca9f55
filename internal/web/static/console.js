// Small behaviours every console page may use, kept out of the templates:
// the Content-Security-Policy allows no inline script or handler.
(function () {
  "use strict";
  // A read-only field to copy from selects its text when focused.
  document.addEventListener("focusin", function (ev) {
    if (ev.target.matches && ev.target.matches("input[data-select-on-focus]")) { ev.target.select(); }
  });
  // A destructive action (a form with data-confirm) asks first, on every
  // page; the question is the attribute's text.
  document.addEventListener("submit", function (ev) {
    var f = ev.target;
    if (f.matches && f.matches("form[data-confirm]") && !window.confirm(f.getAttribute("data-confirm"))) { ev.preventDefault(); }
  });
  // A text box with data-count shows its length against that limit in the
  // element whose id is the box's followed by "-count", counted as the
  // server counts (characters, not bytes).
  function count(el) {
    var out = document.getElementById(el.id + "-count");
    if (!out) { return; }
    var n = Array.from(el.value).length, max = parseInt(el.getAttribute("data-count"), 10);
    out.textContent = n + " / " + max;
    out.classList.toggle("over", n > max);
  }
  document.addEventListener("input", function (ev) {
    if (ev.target.matches && ev.target.matches("[data-count]")) { count(ev.target); }
  });
  document.addEventListener("DOMContentLoaded", function () { document.querySelectorAll("[data-count]").forEach(count); });
  // A table wider than a phone scrolls inside its own box; a keyboard
  // reaches that box (it takes focus) to scroll it.
  function focusableScrolls() {
    document.querySelectorAll("main table").forEach(function (t) {
      if (t.scrollWidth > t.clientWidth) { t.setAttribute("tabindex", "0"); } else { t.removeAttribute("tabindex"); }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableScrolls);
  window.addEventListener("resize", focusableScrolls);
})();
