// Suggestions for a pick list typed instead of chosen from thousands of options (an input with
// a <datalist>): asks the API (`?search=`, the caller's scope only) as one types, so a page
// never carries the whole sales force, or every team of it, as options. Without JavaScript the
// field still takes what is typed.
//   input[data-salesman-search]: a salesman's code (the salesmen API; label: name · team);
//   input[data-name-search]: a team's or territory's name (the teams or territories API).
(function () {
  "use strict";

  function suggest(input, url, option) {
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
        fetch(url + encodeURIComponent(text), {
          credentials: "same-origin", headers: { Accept: "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (asked !== text) { return; }
            list.replaceChildren();
            (data.results || []).slice(0, 20).forEach(function (row) {
              list.appendChild(option(row));
            });
          })
          .catch(function () { /* no suggestions; the value can still be typed */ });
      }, 200);
    });
  }

  document.querySelectorAll("input[data-salesman-search]").forEach(function (input) {
    suggest(input, input.getAttribute("data-salesman-search") + "?active=true&search=",
      function (person) {
        var option = document.createElement("option");
        option.value = person.code;
        option.label = person.name + (person.team ? " · " + person.team : "");
        return option;
      });
  });

  document.querySelectorAll("input[data-name-search]").forEach(function (input) {
    suggest(input, input.getAttribute("data-name-search") + "?search=", function (row) {
      var option = document.createElement("option");
      option.value = row.name;
      if (row.channel) { option.label = row.channel; }
      return option;
    });
  });
})();
