// Small behaviours every console page may use, kept out of the templates:
// the Content-Security-Policy allows no inline script or handler.
(function () {
  "use strict";
  // A read-only field to copy from selects its text when focused.
  document.addEventListener("focusin", function (ev) {
    if (ev.target.matches && ev.target.matches("input[data-select-on-focus]")) { ev.target.select(); }
  });
})();
