// Suggestions for a salesman field typed by code or name (input[data-salesman-search] with a
// <datalist>): asks the salesmen API (`?search=`, the caller's scope only) as one types, so a
// page never carries the whole sales force as options. Without JavaScript the field still takes
// a code.
(function () {
  "use strict";
  document.querySelectorAll("input[data-salesman-search]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < 2 || text === asked) { return; }
      timer = window.setTimeout(function () {
        asked = text;
        var url = input.getAttribute("data-salesman-search") +
          "?active=true&search=" + encodeURIComponent(text);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (asked !== text) { return; }
            list.replaceChildren();
            (data.results || []).slice(0, 20).forEach(function (person) {
              var option = document.createElement("option");
              option.value = person.code;
              option.label = person.name + (person.team ? " · " + person.team : "");
              list.appendChild(option);
            });
          })
          .catch(function () { /* no suggestions; the code can still be typed */ });
      }, 200);
    });
  });
})();
