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
    if (f.matches && f.matches("form[data-confirm]") && !window.confirm(f.getAttribute("data-confirm"))) { ev.preventDefault(); return; }
    // Long work (a form with data-busy) says it is running until the
    // answer replaces the page, and cannot be sent twice meanwhile.
    if (f.matches && f.matches("form[data-busy]")) {
      f.setAttribute("aria-busy", "true");
      f.querySelectorAll("button[type=submit]").forEach(function (b) {
        b.textContent = f.getAttribute("data-busy");
        window.setTimeout(function () { b.disabled = true; }, 0);
      });
    }
  });
  // A character count (p.counter[data-count]) follows the field it names,
  // counting characters as the server does (code points, not UTF-16 units).
  function count(counter) {
    var field = document.getElementById(counter.dataset.count);
    if (!field) { return; }
    var n = Array.from(field.value).length, over = n > Number(counter.dataset.max);
    counter.textContent = (over ? counter.dataset.over : counter.dataset.format).replace("{n}", String(n));
    counter.classList.toggle("over", over);
    field.setAttribute("aria-invalid", over ? "true" : "false");
  }
  document.addEventListener("input", function (ev) {
    var id = ev.target && ev.target.id;
    if (!id) { return; }
    document.querySelectorAll('p.counter[data-count="' + id + '"]').forEach(count);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("p.counter[data-count]").forEach(count);
  });
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
