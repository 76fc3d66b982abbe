/* The concerns list map: one circle per concern; its popup is a link built as DOM. */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).concerns = function (map) {
  "use strict";
  fetch(beatbridge.json("concerns-geojson-url")).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 7, color: "#0b4f8a", weight: 2, fillOpacity: 0.6 }); },
      onEachFeature: function (f, l) {
        var a = document.createElement("a");
        a.href = f.properties.url;
        a.textContent = "#" + f.properties.id + " " + f.properties.category + " (" + f.properties.status + ")";
        l.bindPopup(a);
      }
    }).addTo(map);
    if (data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 15 }); }
  });
};
