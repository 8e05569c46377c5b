/* The tier rule form (incentives/templates/incentives/plan_rule_form.html): "Add tier" appends a
   new row from the empty-form template and bumps the formset's TOTAL_FORMS. */
(function () {
  "use strict";
  var button = document.getElementById("add-tier");
  var total = document.getElementById("id_tiers-TOTAL_FORMS");
  var template = document.getElementById("tier-template");
  var rows = document.getElementById("tier-rows");
  if (!button || !total || !template || !rows) {
    return;
  }
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var inputs = rows.lastElementChild.querySelectorAll("input");
    if (inputs.length) { inputs[0].focus(); }
  });
})();
