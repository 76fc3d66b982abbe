/* The tip form: without JavaScript the contact field is always there; with it, only once
   the "let officers contact me" box is ticked (<div data-shown-by="BOX-ID">). */
(function () {
  "use strict";
  var field = document.querySelector("[data-shown-by]");
  var box = field && document.getElementById(field.getAttribute("data-shown-by"));
  if (!box) { return; }
  function sync() { field.hidden = !box.checked; }
  box.addEventListener("change", sync);
  sync();
})();
