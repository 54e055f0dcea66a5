// bilateral dashboard: small enhancements; every page works without this file.
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

  document.addEventListener("DOMContentLoaded", openFromHash);
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("toggle", remember, true);
})();
