/* Page behaviours bound from data attributes, so that no template needs an inline handler
   (the Content-Security-Policy in spm/settings.py allows scripts from this site only).
   - <select data-autosubmit>: submits its form when the choice changes.
   - <form data-confirm="…">, <button data-confirm="…">: asks before submitting.
   - .table-responsive: a table wider than the screen scrolls inside this box; the box then takes
     the keyboard focus (tabindex 0) so that it can be scrolled without a mouse. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm], input[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  function focusableScrollBoxes() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  focusableScrollBoxes();  // this script comes last in the body: the tables are there
  window.addEventListener("resize", focusableScrollBoxes);
})();
