// Suggestions for a pick list typed instead of chosen from thousands of options (an input with
// a <datalist>): asks the API (`?search=`, the caller's scope only) as one types, so a page
// never carries the whole sales force, or every team of it, as options. Without JavaScript the
// field still takes what is typed.
//   input[data-salesman-search]: a salesman's code (the salesmen API; label: name · team);
//   input[data-team-search]: a team's name (the teams API; label: its channel).
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

  document.querySelectorAll("input[data-team-search]").forEach(function (input) {
    suggest(input, input.getAttribute("data-team-search") + "?search=", function (team) {
      var option = document.createElement("option");
      option.value = team.name;
      option.label = team.channel;
      return option;
    });
  });
})();
