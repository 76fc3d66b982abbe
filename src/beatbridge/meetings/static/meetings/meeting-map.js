/* The public meeting page's map: the meeting place, a walk-through's route and the issues
 * found on it. Labels are typed by people: they go in as text, never as HTML. */
(window.beatbridgeMaps = window.beatbridgeMaps || {}).meeting = function (map) {
  "use strict";
  var lon = beatbridge.json("meeting-lon"), lat = beatbridge.json("meeting-lat");
  var place = null;
  if (lon !== null && lat !== null) {
    place = [lat, lon];
    L.marker(place, { title: beatbridge.json("meeting-title") || "" }).addTo(map);
  }
  var route = beatbridge.json("meeting-route");
  if (route) {
    var layer = L.geoJSON(route, { style: { color: "#0b4f8a", weight: 4 } }).addTo(map);
    (beatbridge.json("meeting-issues") || []).forEach(function (i) {
      L.circleMarker([i.lat, i.lon], { radius: 7, color: "#a1161b", weight: 2, fillOpacity: 0.7 })
        .bindTooltip(beatbridge.text(i.label)).addTo(map);
    });
    map.fitBounds(layer.getBounds(), { maxZoom: 17, padding: [20, 20] });
  } else if (place) {
    map.setView(place, 16);
  }
};
