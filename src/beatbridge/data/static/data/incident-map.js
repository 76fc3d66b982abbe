/* The incident map of the crime statistics: block-sized hexagons, redrawn when the
 * filters change; the download links follow the filters. */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).incidents = function (map) {
  "use strict";
  var scope = beatbridge.json("incident-scope");
  var form = document.querySelector("[data-incident-filters]");
  var status = document.getElementById("incident-map-status");
  var layer = null;
  var outline = beatbridge.json("area-geometry");
  if (outline) {
    L.geoJSON(outline, { style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.05 } }).addTo(map);
  }
  function query() {
    var params = new URLSearchParams(scope);
    new FormData(form).forEach(function (v, k) { if (v) { params.set(k, v); } });
    return params.toString();
  }
  /* Each category in the filter ends with its count in the period shown: "Burglary (5)". */
  function countCategories(data) {
    var select = form.querySelector("select[name=category]");
    if (!select || !data.categories) { return; }
    var lang = document.documentElement.lang || undefined;
    Array.prototype.forEach.call(select.options, function (opt) {
      var n = opt.value ? (data.categories[opt.value] || 0) : Object.keys(data.categories)
        .reduce(function (sum, k) { return sum + data.categories[k]; }, 0);
      opt.textContent = opt.textContent.replace(/ \([^()]*\)$/, "") + " (" + n.toLocaleString(lang) + ")";
    });
  }
  function load() {
    var q = query();
    document.querySelectorAll("[data-export]").forEach(function (a) {
      a.href = a.href.split("?")[0] + "?" + q;
    });
    fetch(form.dataset.geojsonUrl + "?" + q).then(function (r) { return r.json(); }).then(function (data) {
      if (layer) { map.removeLayer(layer); }
      if (!data.features) { status.textContent = status.dataset.msgCheck; return; }
      var total = 0;
      layer = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          total += f.properties.count;
          return L.circleMarker(latlng, { radius: Math.min(4 + Math.sqrt(f.properties.count) * 2, 18),
            color: "#7a1f1f", weight: 1, fillColor: "#c0392b", fillOpacity: 0.55 })
            .bindTooltip(beatbridge.text(f.properties.count));
        }
      }).addTo(map);
      if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { maxZoom: 15 }); }
      status.textContent = data.summary || String(total);
      countCategories(data);
    });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
  load();
};
