/* The walk-through editor: click the map to add route points (shift-click sets the issue's
 * point); the route box and the line stay in step. */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).route = function (map) {
  "use strict";
  var box = document.getElementById("id_route");
  var line = L.polyline([], { color: "#0b4f8a", weight: 4 }).addTo(map);
  function parse() {
    return box.value.split(";").map(function (s) { return s.split(",").map(Number); })
      .filter(function (p) { return p.length === 2 && !isNaN(p[0]) && !isNaN(p[1]); });
  }
  function draw() { line.setLatLngs(parse().map(function (p) { return [p[1], p[0]]; })); }
  var route = beatbridge.json("route-data");
  draw();
  if (route) { map.fitBounds(line.getBounds(), { maxZoom: 17 }); }
  map.on("click", function (e) {
    if (e.originalEvent.shiftKey) {
      document.getElementById("id_lon").value = e.latlng.lng.toFixed(6);
      document.getElementById("id_lat").value = e.latlng.lat.toFixed(6);
      return;
    }
    var pts = parse(); pts.push([e.latlng.lng, e.latlng.lat]);
    box.value = pts.map(function (p) { return p[0].toFixed(6) + ", " + p[1].toFixed(6); }).join("; ");
    draw();
  });
  box.addEventListener("input", draw);
  document.getElementById("route-clear").addEventListener("click", function () { box.value = ""; draw(); });
};
