// bilateral dashboard: small enhancements; every page works without this file.
// Search boxes offer actors' names as one types (completer, below).
// An opened event is written into the address (#ev-…) so that the view can be shared,
// and an address naming an event opens it.
// Dragging across a timeline chooses dates (brush, below); without this file the presets do.
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

  // A timeline's <rect class="slot" data-since data-until> columns, one per period, give the dates under
  // the pointer; a drag across them shades the periods and, on release, asks for the page with
  // since/until set to the first and last day shaded (other parameters kept, back to page 1).
  // A click without a drag does nothing, so that the bars' titles can still be read.
  var DRAG = 5;  // px the pointer must travel before a press counts as a drag

  function brush(svg) {
    var slots = svg.querySelectorAll("rect.slot");
    var band = svg.querySelector("rect.brush");
    if (!slots.length || !band || !svg.createSVGPoint || !svg.getScreenCTM) { return; }
    var left = parseFloat(slots[0].getAttribute("x"));
    var width = parseFloat(slots[0].getAttribute("width"));
    var pressed = null;

    function slotAt(event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var x = point.matrixTransform(svg.getScreenCTM().inverse()).x;
      return Math.max(0, Math.min(slots.length - 1, Math.floor((x - left) / width)));
    }

    function shade(a, b) {
      var first = Math.min(a, b), last = Math.max(a, b);
      band.setAttribute("x", String(left + first * width));
      band.setAttribute("width", String((last - first + 1) * width));
      band.classList.add("on");
      return [first, last];
    }

    function stop() {
      pressed = null;
      band.classList.remove("on");
    }

    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      pressed = {slot: slotAt(event), x: event.clientX, moved: false};
      if (svg.setPointerCapture) { svg.setPointerCapture(event.pointerId); }
    });
    svg.addEventListener("pointermove", function (event) {
      if (!pressed) { return; }
      if (!pressed.moved && Math.abs(event.clientX - pressed.x) < DRAG) { return; }
      pressed.moved = true;
      shade(pressed.slot, slotAt(event));
      event.preventDefault();
    });
    svg.addEventListener("pointerup", function (event) {
      if (!pressed) { return; }
      var moved = pressed.moved, span = shade(pressed.slot, slotAt(event));
      if (!moved) { stop(); return; }
      pressed = null;
      var params = new URLSearchParams(window.location.search);
      params.set("since", slots[span[0]].getAttribute("data-since"));
      params.set("until", slots[span[1]].getAttribute("data-until"));
      params.delete("page");
      window.location.assign(window.location.pathname + "?" + params.toString());
    });
    svg.addEventListener("pointercancel", stop);
    svg.classList.add("brushable");
  }

  function startBrushes() {
    var charts = document.querySelectorAll("svg.timeline, svg.timeline-narrow");
    for (var i = 0; i < charts.length; i++) { brush(charts[i]); }
    var hints = document.querySelectorAll(".brush-hint");
    for (var j = 0; j < hints.length; j++) { hints[j].hidden = false; }
  }

  document.addEventListener("DOMContentLoaded", startCompleters);
  document.addEventListener("DOMContentLoaded", startBrushes);
  document.addEventListener("DOMContentLoaded", openFromHash);
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("toggle", remember, true);
})();
