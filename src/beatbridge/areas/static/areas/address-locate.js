/* Moves a pick map to the place typed in an address field. A form opts in with
 * data-geocode-url (the /areas/geocode/ endpoint) and data-geocode-found (a message with
 * "%(place)s" for the neighborhood found); the map is the one its page exposes as
 * window.concernMap. Only the view moves: the server places the typed text itself, and a
 * click on the map still chooses an exact point. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-geocode-url]").forEach(function (form) {
    var input = form.querySelector("[name=address]");
    var status = document.getElementById("location-status");
    if (!input || !window.fetch) { return; }
    var last = "";
    function locate() {
      var q = input.value.trim();
      if (q.length < 3 || q === last) { return; }
      last = q;
      fetch(form.dataset.geocodeUrl + "?q=" + encodeURIComponent(q), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (!data || input.value.trim() !== q) { return; }
        var map = window.concernMap;
        if (data.point && map) { map.setView([data.point.lat, data.point.lon], 16); }
        if (status && data.matches && data.matches.length && data.point) {
          status.textContent = (form.dataset.geocodeFound || "%(place)s")
            .replace("%(place)s", data.matches[0].name);
        }
      }).catch(function () { /* offline: the server still places the typed text */ });
    }
    input.addEventListener("change", locate);
  });
})();
