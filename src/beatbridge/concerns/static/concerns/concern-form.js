/* The "Report a concern" form: extra questions per category, anonymity, the place from the
 * map or the phone's location, and a single send. Messages come from data-msg-* attributes
 * of the form (translated by the page). */
(function () {
  "use strict";
  var form = document.getElementById("concern-form");
  if (!form) { return; }
  var msg = form.dataset;
  var lat = document.getElementById("id_lat"), lon = document.getElementById("id_lon");
  var category = document.getElementById("id_category");
  var anon = document.getElementById("id_anonymous"), contact = document.getElementById("contact-fields");
  var status = document.getElementById("location-status");
  var anonymousOk = (msg.anonymousCategories || "").split(" ");
  var marker = null, map = null;

  function refreshAnon() { contact.hidden = anon.checked; }
  function refreshCategory() {
    var id = category.value;
    document.querySelectorAll(".extra-question").forEach(function (el) {
      var show = el.dataset.categories.split(" ").indexOf(id) >= 0;
      el.hidden = !show;
      el.querySelectorAll("input,select").forEach(function (i) { i.disabled = !show; });
    });
    var allowed = !id || anonymousOk.indexOf(id) >= 0;
    document.getElementById("anonymous-field").hidden = !allowed;
    document.getElementById("anonymous-not-allowed").hidden = true;
    if (!allowed) { anon.checked = false; }
    refreshAnon();
  }

  // The suggestions (#similar) are refreshed by htmx; a new point is announced to it.
  function refreshSimilar() { document.body.dispatchEvent(new CustomEvent("bbplaced")); }
  function setPoint(la, lo, label) {
    lat.value = la.toFixed(6); lon.value = lo.toFixed(6);
    if (map) {
      if (marker) { marker.setLatLng([la, lo]); } else { marker = L.marker([la, lo]).addTo(map); }
    }
    status.textContent = label;
    refreshSimilar();
  }
  (window.beatbridgeMaps = window.beatbridgeMaps || {}).pick = function (m) {
    map = m; window.concernMap = m;
    if (lat.value && lon.value) {
      marker = L.marker([+lat.value, +lon.value]).addTo(map);
      map.setView([+lat.value, +lon.value], 15);
    }
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng, msg.msgPlaced); });
  };
  document.getElementById("pick-map-wrap").hidden = false;
  var locate = document.getElementById("use-location");
  if (navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = msg.msgFinding;
      navigator.geolocation.getCurrentPosition(function (pos) {
        setPoint(pos.coords.latitude, pos.coords.longitude, msg.msgFound);
        if (map) { map.setView([pos.coords.latitude, pos.coords.longitude], 16); }
      }, function () { status.textContent = msg.msgUnavailable; },
      { enableHighAccuracy: true, timeout: 10000 });
    });
  }
  category.addEventListener("change", refreshCategory);
  anon.addEventListener("change", refreshAnon);
  form.addEventListener("submit", function (e) {
    var btn = document.getElementById("submit-concern");
    if (e.submitter === btn) {
      if (btn.dataset.sent) { e.preventDefault(); return; }
      btn.dataset.sent = "1"; btn.setAttribute("aria-disabled", "true");
    }
  });
  refreshCategory();
  var err = document.getElementById("form-errors");
  if (err) { err.setAttribute("tabindex", "-1"); err.focus(); }
})();
