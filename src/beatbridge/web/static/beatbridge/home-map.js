/* The home page map: every neighborhood; a click opens its page. Names go in as text. */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).home = function (map) {
  "use strict";
  fetch(beatbridge.json("home-areas-url"))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: { color: "#0b4f8a", weight: 1.5, fillOpacity: 0.12 },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties;
          lyr.bindTooltip(beatbridge.text(p.name));
          lyr.on("click", function () {
            window.location = "/areas/" + encodeURIComponent(p.kind) + "/" + encodeURIComponent(p.code) + "/";
          });
        }
      }).addTo(map);
      if (data.features.length) { map.fitBounds(layer.getBounds()); }
    });
};
