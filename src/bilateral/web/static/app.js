// bilateral dashboard: small enhancements; every page works without this file.
// Search boxes offer actors' names as one types (completer, below).
// An opened event is written into the address (#ev-…) so that the view can be shared,
// and an address naming an event opens it.
(function () {
  "use strict";

  function openFromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.indexOf("ev-") !== 0) { return; }
    var target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      var summary = target.querySelector("summary");
      if (summary) { summary.focus(); }
    }
  }

  function remember(event) {
    var details = event.target;
    if (details.tagName !== "DETAILS" || details.id.indexOf("ev-") !== 0) { return; }
    var url = window.location.pathname + window.location.search;
    if (details.open) { url += "#" + details.id; }
    window.history.replaceState(null, "", url);
  }

  // A search box whose list is a <datalist data-complete="/api/complete"> gets its options from this
  // server as one types: actors by name, adjective or capital ("Mosc" offers Moscou, Russie · RUS).
  // Without this file (or fetch) the box is an ordinary search box.
  function completer(input) {
    var list = document.getElementById(input.getAttribute("list") || "");
    var route = list && list.getAttribute("data-complete");
    if (!route || !window.fetch) { return; }
    var timer = null, asked = 0, last = null;

    function fill(items, seq) {
      if (seq !== asked) { return; }  // a slower answer to an earlier question
      while (list.firstChild) { list.removeChild(list.firstChild); }
      for (var i = 0; i < items.length; i++) {
        var option = document.createElement("option");
        option.value = String(items[i].value);
        option.label = String(items[i].label);
        list.appendChild(option);
      }
    }

    function ask() {
      var q = input.value.trim();
      if (q === last) { return; }
      last = q;
      var seq = ++asked;
      if (q.length < 2) { fill([], seq); return; }
      var url = route + "?q=" + encodeURIComponent(q) +
                "&lang=" + encodeURIComponent(document.documentElement.lang || "en");
      window.fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {items: []}; })
        .then(function (body) { fill(body.items || [], seq); })
        .catch(function () { /* no completions: the box still searches */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 150);
    });
  }

  function startCompleters() {
    var inputs = document.querySelectorAll("input[list]");
    for (var i = 0; i < inputs.length; i++) { completer(inputs[i]); }
  }

  document.addEventListener("DOMContentLoaded", startCompleters);
  document.addEventListener("DOMContentLoaded", openFromHash);
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("toggle", remember, true);
})();
