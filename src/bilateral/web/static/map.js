/* The offline map of a page's events: country outlines from /static/countries.json and the page's
   located events from /api/geo, drawn as SVG in an equirectangular projection (x = longitude,
   y = -latitude). Events at one place are one point, sized by their reports and coloured by the
   quad class of the most reported; a click (or Enter) lists them with their evidence. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var QUAD_COLOURS = {1: "#2b8cbe", 2: "#31a354", 3: "#fd8d3c", 4: "#de2d26"};
  // the page filters /api/geo takes; a page's own parameters (page, sort, lang…) stay behind
  var FILTERS = ["type", "quad", "context", "since", "until", "q", "min_confidence", "include_unasserted",
                 "outlet", "language", "sector", "bbox", "directed"];

  function query(section) {
    var page = new URLSearchParams(window.location.search);
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) {
      var value = page.get(name);
      if (value) { params.set(name, value); }
    });
    if (section.dataset.dyad) { params.set("dyad", section.dataset.dyad); }
    if (section.dataset.actor) { params.set("actor", section.dataset.actor); }
    if (section.dataset.directed) { params.set("directed", "true"); }
    if (section.dataset.all) { params.set("include_unasserted", "true"); }
    return params.toString();
  }

  function element(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function places(features) {
    var byPlace = {};
    features.forEach(function (feature) {
      var xy = feature.geometry.coordinates;
      var key = xy[0] + "," + xy[1];
      (byPlace[key] = byPlace[key] || {lon: xy[0], lat: xy[1], events: [], reports: 0}).events.push(feature.properties);
      byPlace[key].reports += feature.properties.num_mentions;
    });
    return Object.keys(byPlace).map(function (key) {
      var place = byPlace[key];
      place.events.sort(function (a, b) { return b.num_mentions - a.num_mentions || (a.date < b.date ? -1 : 1); });
      return place;
    }).sort(function (a, b) { return b.reports - a.reports; });
  }

  function view(points) {
    if (!points.length) { return [-180, -90, 360, 180]; }
    var west = Math.min.apply(null, points.map(function (p) { return p.lon; }));
    var east = Math.max.apply(null, points.map(function (p) { return p.lon; }));
    var south = Math.min.apply(null, points.map(function (p) { return p.lat; }));
    var north = Math.max.apply(null, points.map(function (p) { return p.lat; }));
    var width = Math.max(east - west + 20, 40), height = Math.max(north - south + 20, 24);
    var cx = (west + east) / 2, cy = -(south + north) / 2;
    return [cx - width / 2, cy - height / 2, width, height];
  }

  function list(section, place) {
    var box = section.querySelector(".geo-map__list");
    box.textContent = "";
    var title = document.createElement("h3");
    title.textContent = section.dataset.at + " " + place.events[0].place;
    box.appendChild(title);
    var items = document.createElement("ul");
    place.events.forEach(function (event) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/event/" + encodeURIComponent(event.id);
      link.textContent = event.date + " " + event.event + " " + event.actor_code +
        (event.recipient_code ? " → " + event.recipient_code : "");
      var evidence = document.createElement("q");
      evidence.textContent = event.sentence_text;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(evidence);
      items.appendChild(item);
    });
    box.appendChild(items);
  }

  function draw(section, outlines, found) {
    var canvas = section.querySelector(".geo-map__canvas");
    var points = places(found.features);
    var box = view(points);
    var svg = element("svg", {viewBox: box.join(" "), class: "geo-map__svg", role: "img",
                              "aria-label": section.querySelector("h2").textContent});
    svg.style.width = "100%";
    svg.style.maxHeight = "28rem";
    Object.keys(outlines.countries).forEach(function (code) {
      var shape = element("path", {d: outlines.countries[code], fill: "#eeeeee", stroke: "#999999",
                                   "stroke-width": "0.5", "vector-effect": "non-scaling-stroke"});
      shape.setAttribute("data-country", code);
      svg.appendChild(shape);
    });
    var unit = box[2] / 200;
    points.forEach(function (place) {
      var dot = element("circle", {cx: place.lon, cy: -place.lat, r: unit * (2 + 1.5 * Math.sqrt(place.reports)),
                                   fill: QUAD_COLOURS[place.events[0].quad_code] || "#666666",
                                   "fill-opacity": "0.75", stroke: "#ffffff", "stroke-width": "1",
                                   "vector-effect": "non-scaling-stroke", tabindex: "0", role: "button",
                                   class: "geo-map__point", "data-place": place.events[0].place});
      var label = element("title", {});
      label.textContent = place.events[0].place + " (" + place.events.length + ")";
      dot.appendChild(label);
      dot.addEventListener("click", function () { list(section, place); });
      dot.addEventListener("keydown", function (key) {
        if (key.key === "Enter" || key.key === " ") { key.preventDefault(); list(section, place); }
      });
      svg.appendChild(dot);
    });
    canvas.textContent = "";
    canvas.appendChild(svg);
    if (!points.length) {
      section.querySelector(".geo-map__list").textContent = section.dataset.none;
    }
    section.setAttribute("data-drawn", String(points.length));
  }

  function start() {
    document.querySelectorAll("[data-geo-map]").forEach(function (section) {
      Promise.all([
        fetch("/static/countries.json").then(function (r) { return r.json(); }),
        fetch("/api/geo?" + query(section)).then(function (r) { return r.json(); }),
      ]).then(function (answers) { draw(section, answers[0], answers[1]); })
        .catch(function () { section.setAttribute("data-drawn", "error"); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
