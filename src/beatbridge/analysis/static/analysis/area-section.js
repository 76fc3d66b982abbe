/* The "Hotspots and prevention" section of an area page draws on the area map. */
document.addEventListener("beatbridge:areamap", function (e) {
  "use strict";
  var map = e.detail;
  var zones = document.getElementById("area-risk-zones");
  if (zones) {
    JSON.parse(zones.textContent).forEach(function (z) {
      L.circle([z.lat, z.lon], { radius: z.radius, color: "#8a4b00", weight: 1, fillColor: "#f4a300", fillOpacity: 0.25 }).addTo(map);
    });
  }
  var hotspots = document.getElementById("area-hotspots");
  if (hotspots) {
    var data = JSON.parse(hotspots.textContent);
    data.features = data.features.filter(function (f) { return f.properties.label === "hot"; });
    L.geoJSON(data, { style: { color: "#b2182b", weight: 1, fillOpacity: 0.45 } }).addTo(map);
  }
});
