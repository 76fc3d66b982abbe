/* Starts the Leaflet maps written by {% map %} (no inline script: see web/csp.py).
 *
 * Page scripts register what to draw, before or after this file loads:
 *   (window.beatbridgeMaps = window.beatbridgeMaps || {}).name = function (map) { ... };
 * and {% map "id" "name" %} names it. Every label and popup must be given text
 * (beatbridge.text) or a DOM node, never an HTML string built from data: Leaflet puts
 * strings in as HTML. */
(function () {
  "use strict";
  var inits = window.beatbridgeMaps = window.beatbridgeMaps || {};
  var bb = window.beatbridge = window.beatbridge || {};

  /* A text node wrapped in a <span>, for bindTooltip/bindPopup/setContent. */
  bb.text = function (value) {
    var span = document.createElement("span");
    span.textContent = value === null || value === undefined ? "" : String(value);
    return span;
  };

  /* The parsed content of a {{ value|json_script:"id" }} block, or null. */
  bb.json = function (id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  };

  function start() {
    document.querySelectorAll("[data-leaflet-map]").forEach(function (el) {
      var init = inits[el.dataset.leafletMap];
      L.Map.djangoMap(el.id, {
        djoptions: JSON.parse(el.dataset.djoptions),
        globals: false,
        callback: function (map) {
          if (typeof init === "function") { init(map); }
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
