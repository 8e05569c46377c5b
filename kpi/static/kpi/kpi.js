/* Kinerja KPI pages: the live weight total of a template, and the live "score a sheet". */
(function () {
  "use strict";

  /* Numbers as typed in the page's language, the rule of spm/numbers.py: Indonesian
     1.000.000 and 1,5; English 1,000,000 and 1.5. Anything else is not a number (null). */
  var english = (document.documentElement.lang || "id").slice(0, 2) === "en";
  var thousands = english ? "," : ".";
  var decimal = english ? "." : ",";
  function number(text) {
    var t = String(text || "").trim();
    var sep = thousands === "." ? "\\." : ",";
    var dec = decimal === "." ? "\\." : ",";
    var shape = new RegExp("^-?(\\d+|\\d{1,3}(" + sep + "\\d{3})+)(" + dec + "\\d+)?$");
    if (!shape.test(t)) { return null; }
    return parseFloat(t.split(thousands).join("").replace(decimal, "."));
  }
  /* A number the API sends ("1234.50") written the page's way ("1.234,50" in Indonesian,
     "1,234.50" in English), keeping the decimals it was given (spm.formats does the same). */
  function shown(text) {
    if (text === null || text === undefined) { return "–"; }
    var parts = String(text).split(".");
    var sign = parts[0].charAt(0) === "-" ? "-" : "";
    var whole = parts[0].replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
    return sign + whole + (parts.length > 1 ? decimal + parts[1] : "");
  }

  /* --- template form: the weights' total, live, and adding rows --- */
  var itemsBody = document.getElementById("items-body");
  if (itemsBody) {
    var totalEl = document.getElementById("weight-total");
    var hintEl = document.getElementById("weight-hint");
    var okText = document.getElementById("msg-ok").textContent;
    var badText = document.getElementById("msg-bad").textContent;
    var directions = JSON.parse(document.getElementById("kpi-directions").textContent);
    var markCaps = function () {
      /* a lower-is-better KPI needs a cap: show the empty cap as missing */
      itemsBody.querySelectorAll("tr.item-row").forEach(function (row) {
        var kpi = row.querySelector("select[name$='-kpi']");
        var cap = row.querySelector("input[name$='-cap']");
        if (!kpi || !cap) { return; }
        var needed = directions[kpi.value] === "lower" && cap.value.trim() === "";
        cap.classList.toggle("is-invalid", needed);
      });
    };
    var updateTotal = function () {
      markCaps();
      var cents = 0;
      itemsBody.querySelectorAll("tr.item-row").forEach(function (row) {
        var del = row.querySelector("input[name$='-DELETE']");
        var weight = row.querySelector("input[name$='-weight']");
        if (del && del.checked) { return; }
        var value = weight ? number(weight.value) : null;
        if (value !== null) { cents += Math.round(value * 100); }
      });
      var total = cents / 100;
      totalEl.textContent = (cents % 100 === 0) ? String(total) : total.toFixed(2);
      var ok = cents === 10000;
      totalEl.className = ok ? "text-success fw-bold" : "text-danger fw-bold";
      hintEl.textContent = ok ? okText : badText;
      hintEl.className = ok ? "small text-success" : "small text-danger";
    };
    itemsBody.addEventListener("input", updateTotal);
    itemsBody.addEventListener("change", updateTotal);
    var add = document.getElementById("add-item");
    var totalForms = document.getElementById("id_items-TOTAL_FORMS");
    add.addEventListener("click", function () {
      var index = parseInt(totalForms.value, 10);
      var html = document.getElementById("empty-item").innerHTML.replace(/__prefix__/g, String(index));
      itemsBody.insertAdjacentHTML("beforeend", html);
      totalForms.value = String(index + 1);
      updateTotal();
    });
    updateTotal();
  }

  /* --- target breakdown: the sum of the (edited) parts against the whole --- */
  var breakdownSum = document.getElementById("breakdown-sum");
  if (breakdownSum) {
    var table = document.getElementById("breakdown-table");
    var whole = parseInt(breakdownSum.dataset.total, 10);
    var resum = function () {
      var sum = 0;
      table.querySelectorAll("input[name^='p-']").forEach(function (input) {
        var value = input.value.trim() === "" ? 0 : number(input.value);
        if (value !== null) { sum += value; }
      });
      breakdownSum.textContent = sum.toLocaleString(english ? "en-US" : "id-ID");
      breakdownSum.className = sum === whole ? "text-success" : "text-danger";
    };
    table.addEventListener("input", resum);
    resum();
  }

  /* --- score a sheet: ask the preview API as the manager types --- */
  var sheet = document.getElementById("sheet-form");
  if (sheet) {
    var errorsEl = document.getElementById("sheet-errors");
    var timer = null;
    var csrf = sheet.querySelector("input[name=csrfmiddlewaretoken]").value;
    var rowsOf = function () {
      var rows = [];
      sheet.querySelectorAll("tr.sheet-row").forEach(function (tr) {
        var get = function (key) { return tr.querySelector("[name$='-" + key + "']").value.trim(); };
        tr.querySelector(".score").textContent = "";
        tr.querySelector(".final-score").textContent = "";
        if (!get("kpi") && !get("weight")) { return; }
        var toNumber = function (key) { var v = get(key); return v === "" ? null : v.replace(",", "."); };
        rows.push({
          tr: tr,
          data: {
            kpi: get("kpi") || ("#" + (parseInt(tr.dataset.index, 10) + 1)),
            weight: get("weight"), direction: get("direction"),
            target: toNumber("target"), actual: toNumber("actual"),
            cap: toNumber("cap"), floor: toNumber("floor")
          }
        });
      });
      return rows;
    };
    var describe = function (errors, rows) {
      var lines = [];
      Object.keys(errors).forEach(function (field) {
        var value = errors[field];
        if (field === "rows" && Array.isArray(value) && typeof value[0] === "object") {
          /* one entry per row, {} for a good one: {"rows": [{}, {"weight": [...]}]} */
          value.forEach(function (rowErrors, i) {
            Object.keys(rowErrors || {}).forEach(function (key) {
              lines.push((rows[i] ? rows[i].data.kpi : "#" + (i + 1)) + " · " + key + ": " + [].concat(rowErrors[key]).join(" "));
            });
          });
        } else {
          lines.push(field + ": " + [].concat(value).join(" "));
        }
      });
      return lines;
    };
    var refresh = function () {
      var rows = rowsOf();
      var totalEl = document.getElementById("sheet-total");
      if (!rows.length) { totalEl.textContent = "–"; errorsEl.hidden = true; return; }
      var body = { rounding: sheet.querySelector("[name=rounding]").value, rows: rows.map(function (r) { return r.data; }) };
      fetch(sheet.dataset.api, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (!answer.ok) {
          errorsEl.textContent = describe(answer.data, rows).join("\n");
          errorsEl.hidden = false;
          totalEl.textContent = "–";
          return;
        }
        errorsEl.hidden = true;
        answer.data.rows.forEach(function (result, i) {
          rows[i].tr.querySelector(".score").textContent = shown(result.score);
          rows[i].tr.querySelector(".final-score").textContent = shown(result.final_score);
        });
        totalEl.textContent = shown(answer.data.total);
      });
    };
    var later = function () { clearTimeout(timer); timer = setTimeout(refresh, 250); };
    sheet.addEventListener("input", later);
    sheet.addEventListener("change", later);
    refresh();
  }
})();
