/* A concern's page: its (public) point on the map. */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).concern = function (map) {
  "use strict";
  var p = beatbridge.json("concern-point");
  if (!p) { return; }
  L.circleMarker([p[1], p[0]], { radius: 9, color: "#0b4f8a", weight: 3 }).addTo(map);
  map.setView([p[1], p[0]], 16);
};
