/* An area page's map: the outline; sections add their layers on "beatbridge:areamap". */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).area = function (map) {
  "use strict";
  var layer = L.geoJSON(beatbridge.json("area-geometry"), {
    style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.1 }
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  document.dispatchEvent(new CustomEvent("beatbridge:areamap", { detail: map }));
};
