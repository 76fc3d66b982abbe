/* Secret links (/tips/c/#CODE, /concerns/track/#TOKEN): the secret rides in the URL fragment,
   which browsers never send to the server. This fills the page's form with it, removes it
   from the address bar and the history entry, and sends the form by POST. Without JavaScript
   the visitor pastes the code or link into the same form.

   <form data-secret-field="code"> names the input the fragment goes into.
   <button data-copy="ELEMENT-ID" data-copied="message"> copies that element's text. */
(function () {
  "use strict";

  function openFromFragment() {
    var form = document.querySelector("form[data-secret-field]");
    var secret = window.location.hash.slice(1);
    if (!form || !secret) { return; }
    try { secret = decodeURIComponent(secret); } catch (e) { /* keep it as it is */ }
    // First out of the address bar and history, so it is not bookmarked or shown again.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    var field = form.elements[form.getAttribute("data-secret-field")];
    if (!field) { return; }
    field.value = secret;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function copyButtons() {
    if (!navigator.clipboard) { return; }
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-status") || "");
      if (!source) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          if (status) { status.textContent = button.getAttribute("data-copied") || ""; }
        });
      });
    });
  }

  openFromFragment();
  window.addEventListener("hashchange", openFromFragment);
  copyButtons();
})();
