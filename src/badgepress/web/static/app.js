// badgepress: small conveniences over plain forms (everything works without this file), and
// the JSON calls the desk's and the kiosk's scripts make (window.badgepress.api).
"use strict";
window.badgepress = {
  api: function (method, path, body) {
    // One JSON request: resolves to {status, body} (the answer's JSON, errors included).
    return fetch(path, {method: method, credentials: "same-origin",
      headers: body ? {"Content-Type": "application/json"} : {},
      body: body ? JSON.stringify(body) : undefined})
      .then(function (r) { return r.json().then(function (j) { return {status: r.status, body: j}; }); });
  }
};
document.addEventListener("DOMContentLoaded", function () {
  // The mapping is re-read as soon as a drop-down changes.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
  // Copy buttons (shown only with this script): the clipboard where the page may use it (this
  // computer, or https), else the selected text and the browser's copy command.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy),
        said = document.getElementById(button.dataset.copy + "-copied");
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(ok) {
        if (said) { said.textContent = ok ? "Copied." : "Selected: press Ctrl+C (⌘C) to copy."; }
      }
      input.focus();
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { done(true); },
                                                        function () { done(document.execCommand("copy")); });
      } else {
        done(document.execCommand("copy"));
      }
    });
  });
  // Follow a running build.
  var box = document.getElementById("progress");
  if (box) {
    var job = box.dataset.job, bar = document.getElementById("bar"),
        status = document.getElementById("status");
    var poll = function () {
      fetch("/api/jobs/" + encodeURIComponent(job), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (j) {
          bar.max = j.total || 1;
          bar.value = j.done;
          status.textContent = j.state + ": " + j.done + " of " + j.total;
          if (j.state === "done" || j.state === "failed") {
            window.location.replace(window.location.pathname + "?job=" + encodeURIComponent(job) + "&finished=1");
          } else {
            window.setTimeout(poll, 400);
          }
        })
        .catch(function () { window.setTimeout(poll, 1000); });
    };
    window.setTimeout(poll, 300);
  }
});
