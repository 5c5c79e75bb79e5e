// badgepress kiosk: scan (or e-mail and surname), the name as it will print, Print, where to
// take it, then start again. One attendee at a time: the page never lists anyone. Names are
// data: set with textContent only.
"use strict";
(function () {
  var root, eventId, kioskName, auto, resetAfter, where, code, emailForm, steps, found = null,
      timer = null, busy = false;

  function api(method, path, body) { return window.badgepress.api(method, path, body); }

  function show(id) {
    Object.keys(steps).forEach(function (k) { steps[k].hidden = k !== id; });
  }

  function start() {
    // Back to the first step: nothing of the last attendee stays on the screen.
    window.clearTimeout(timer);
    found = null;
    busy = false;
    code.value = "";
    emailForm.reset();
    document.getElementById("k-name").textContent = "";
    document.getElementById("k-message").textContent = "";
    root.dataset.state = "scan";
    show("scan");
    code.focus();
  }

  function later() {
    // The page starts again after a few seconds, counting down.
    var left = resetAfter, again = document.getElementById("k-again");
    window.clearTimeout(timer);
    function tick() {
      again.textContent = "This screen starts again in " + left + " s.";
      if (left-- <= 0) { start(); return; }
      timer = window.setTimeout(tick, 1000);
    }
    tick();
  }

  function finish(state, text) {
    root.dataset.state = state;
    var message = document.getElementById("k-message");
    message.className = "kiosk-message " + state;
    message.textContent = text;
    show("done");
    later();
  }

  function refused(r) {
    // Unknown, printed before, or anything else: the kiosk's own words, then start again.
    if (r.status === 429) { finish("wait", "One moment, please: " + r.body.error); return; }
    finish("ask", r.body.error || "Please ask at the desk.");
  }

  function ask(query) {
    if (busy) { return; }
    busy = true;
    api("GET", "/api/events/" + eventId + "/kiosk/lookup?" + query).then(function (r) {
      busy = false;
      if (r.status >= 400) { refused(r); return; }
      found = query;
      document.getElementById("k-name").textContent = r.body.name;
      root.dataset.state = "confirm";
      show("confirm");
      if (auto) { printIt(); } else {
        document.getElementById("k-print").focus();
        timer = window.setTimeout(start, Math.max(resetAfter, 20) * 1000);  // walked away
      }
    }, function () { busy = false; finish("ask", "The kiosk cannot reach the server: please ask at the desk."); });
  }

  function printIt() {
    if (!found || busy) { return; }
    busy = true;
    window.clearTimeout(timer);
    var body = {kiosk: kioskName}, params = new URLSearchParams(found);
    params.forEach(function (v, k) { body[k] = v; });
    document.getElementById("k-print").disabled = true;
    api("POST", "/api/events/" + eventId + "/kiosk/print", body).then(function (r) {
      document.getElementById("k-print").disabled = false;
      if (r.status >= 400) { refused(r); return; }
      if (r.body.state === "failed") {
        finish("ask", "The printer did not take your badge: please ask at the desk.");
        return;
      }
      finish("printed", "Your badge is printing. Please take it " + (r.body.where || where) + ".");
    }, function () {
      document.getElementById("k-print").disabled = false;
      finish("ask", "The kiosk cannot reach the server: please ask at the desk.");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("kiosk");
    if (!root) { return; }
    eventId = root.dataset.event;
    kioskName = root.dataset.kiosk;
    auto = root.dataset.auto === "yes";
    resetAfter = parseInt(root.dataset.reset, 10) || 8;
    where = root.dataset.where;
    code = document.getElementById("k-code");
    emailForm = document.getElementById("k-email-form");
    steps = {scan: document.getElementById("k-scan"), confirm: document.getElementById("k-confirm"),
             done: document.getElementById("k-done")};
    document.getElementById("k-code-form").addEventListener("submit", function (e) {
      // A scanner types the code and Enter.
      e.preventDefault();
      var value = code.value.trim();
      if (value) { ask("code=" + encodeURIComponent(value)); }
    });
    emailForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var email = emailForm.elements.email.value.trim(), surname = emailForm.elements.surname.value.trim();
      if (email && surname) {
        ask("email=" + encodeURIComponent(email) + "&surname=" + encodeURIComponent(surname));
      }
    });
    document.getElementById("k-print").addEventListener("click", printIt);
    document.getElementById("k-cancel").addEventListener("click", start);
    document.addEventListener("keydown", function (e) {
      // A scan while a message shows starts again with that scan.
      if (root.dataset.state === "printed" || root.dataset.state === "ask" || root.dataset.state === "wait") {
        if (e.key.length === 1 && !e.ctrlKey && !e.metaKey) { start(); }
      }
    });
    start();
  });
})();
