/* The home page map: every neighborhood; a click opens its page. Names go in as text.
 * After a search it shows what was found: the address or ZIP code (data-lon/data-lat on
 * #search-results) with a marker, else the matching neighborhoods (data-kind/data-code on
 * each result). */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).home = function (map) {
  "use strict";
  var results = document.getElementById("search-results");
  fetch(beatbridge.json("home-areas-url"))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var matched = {};
      if (results) {
        results.querySelectorAll("[data-code]").forEach(function (li) {
          matched[li.dataset.kind + "/" + li.dataset.code] = true;
        });
      }
      var found = L.featureGroup();
      var layer = L.geoJSON(data, {
        style: function (feature) {
          var p = feature.properties;
          return matched[p.kind + "/" + p.code]
            ? { color: "#0b4f8a", weight: 3, fillOpacity: 0.3 }
            : { color: "#0b4f8a", weight: 1.5, fillOpacity: 0.12 };
        },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties;
          lyr.bindTooltip(beatbridge.text(p.name));
          lyr.on("click", function () {
            window.location = "/areas/" + encodeURIComponent(p.kind) + "/" + encodeURIComponent(p.code) + "/";
          });
          if (matched[p.kind + "/" + p.code]) { found.addLayer(lyr); }
        }
      }).addTo(map);
      var lat = results ? parseFloat(results.dataset.lat) : NaN;
      var lon = results ? parseFloat(results.dataset.lon) : NaN;
      if (isFinite(lat) && isFinite(lon)) {
        L.circleMarker([lat, lon], { radius: 8, color: "#7a1f1f", weight: 2, fillColor: "#c0392b", fillOpacity: 0.9 })
          .bindTooltip(beatbridge.text(results.dataset.place), { permanent: true, direction: "top" })
          .addTo(map);
        map.setView([lat, lon], 15);
      } else if (found.getLayers().length) {
        map.fitBounds(found.getBounds(), { maxZoom: 15 });
      } else if (data.features.length) {
        map.fitBounds(layer.getBounds());
      }
    });
};
