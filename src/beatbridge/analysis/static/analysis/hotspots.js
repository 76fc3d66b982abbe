/* The hotspot map: hot and cold hexagons, over the area's outline when there is one. */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).hotspots = function (map) {
  "use strict";
  var colors = { hot: "#b2182b", cold: "#2166ac" };
  var data = beatbridge.json("hotspot-data");
  var outline = beatbridge.json("area-geometry");
  var bounds = null;
  if (outline) {
    bounds = L.geoJSON(outline, { style: { color: "#0b4f8a", weight: 2, fill: false } }).addTo(map).getBounds();
  }
  var layer = L.geoJSON(data, {
    style: function (f) { return { color: colors[f.properties.label], weight: 1, fillOpacity: 0.55 }; },
    onEachFeature: function (f, l) {
      l.bindTooltip(beatbridge.text(f.properties.label + " · " + f.properties.count + " · z " + f.properties.z));
    }
  }).addTo(map);
  if (!bounds && layer.getLayers().length) { bounds = layer.getBounds(); }
  if (bounds) { map.fitBounds(bounds); }
  // "Show on map" in the table of strongest hot spots: zoom to that hexagon and open its label.
  var byCell = {};
  layer.eachLayer(function (l) { byCell[l.feature.properties.cell] = l; });
  document.querySelectorAll("a[data-cell]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = byCell[link.getAttribute("data-cell")];
      if (!target) { return; }
      event.preventDefault();
      map.fitBounds(target.getBounds(), { maxZoom: 16 });
      target.openTooltip();
      document.getElementById("hotspot-map").scrollIntoView({ block: "center" });
    });
  });
};
