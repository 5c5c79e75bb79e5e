// badgepress desk: find, print, add walk-ins. Names are data: set with textContent only.
"use strict";
(function () {
  var root, eventId, find, results, status, deskName, current = [], timer = null, seq = 0;

  function api(method, path, body) {
    return fetch(path, {method: method, credentials: "same-origin",
      headers: body ? {"Content-Type": "application/json"} : {},
      body: body ? JSON.stringify(body) : undefined})
      .then(function (r) { return r.json().then(function (j) { return {status: r.status, body: j}; }); });
  }

  function say(text) { status.textContent = text; }

  function when(iso) {
    var d = new Date(iso);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function render(list) {
    current = list;
    results.replaceChildren();
    list.forEach(function (a) {
      var li = document.createElement("li");
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = a.name + (a.company ? " · " + a.company : "") + (a.ticket ? " · " + a.ticket : "");
      var state = document.createElement("span");
      state.className = a.printed ? "printed" : "muted";
      state.textContent = a.printed ? "printed " + a.printed + "× · " + when(a.last_print.at) + " at " + a.last_print.desk
                                    : "not printed";
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = a.printed ? "Reprint" : "Print";
      btn.setAttribute("aria-label", (a.printed ? "Reprint " : "Print ") + a.name);
      btn.addEventListener("click", function () { printOne(a, btn); });
      li.append(who, state, btn);
      results.append(li);
    });
  }

  function search(q) {
    var mine = ++seq;
    if (!q.trim()) { render([]); return Promise.resolve([]); }
    return api("GET", "/api/events/" + eventId + "/attendees?limit=20&q=" + encodeURIComponent(q))
      .then(function (r) { if (mine === seq) { render(r.body); } return r.body; });
  }

  function browserPrint(job) {
    // The one-badge PDF opens in a new tab, where the browser's viewer prints it (Ctrl+P).
    var url = "/api/prints/" + encodeURIComponent(job) + ".pdf";
    var link = document.getElementById("lastpdf");
    link.href = url;
    link.hidden = false;
    window.open(url, "_blank", "noopener");
  }

  function printOne(a, btn, reprint) {
    if (btn) { btn.disabled = true; }
    var body = {desk: deskName.value, reprint: !!reprint};
    return api("POST", "/api/events/" + eventId + "/attendees/" + a.id + "/print", body)
      .then(function (r) {
        if (r.status === 409) {
          if (window.confirm(a.name + ": " + r.body.error)) { return printOne(a, btn, true); }
          say("Not printed again: " + a.name);
          return;
        }
        if (r.status >= 400) { say("Could not print " + a.name + ": " + r.body.error); return; }
        var j = r.body;
        if (j.state === "failed") {
          say("Printing failed for " + a.name + ": " + (j.message || "") + " (the attendee is saved)");
        } else {
          say((j.printer === "browser" ? "Printing in the browser: " : "Sent to " + j.printer + ": ") + a.name);
          if (j.printer === "browser") { browserPrint(j.job); }
        }
      })
      .finally(function () { if (btn) { btn.disabled = false; } search(find.value); });
  }

  function onEnter() {
    var q = find.value.trim();
    if (!q) { return; }
    search(q).then(function (list) {
      var exact = list.filter(function (a) { return a.ticket && a.ticket.toLowerCase() === q.toLowerCase(); });
      var pick = exact.length === 1 ? exact[0] : (list.length === 1 ? list[0] : null);
      if (pick) { printOne(pick, null); } else {
        say(list.length ? list.length + " match; choose one" : "No attendee matches " + q);
      }
    });
  }

  function uid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("desk");
    if (!root) { return; }
    eventId = root.dataset.event;
    find = document.getElementById("find");
    results = document.getElementById("results");
    status = document.getElementById("status");
    deskName = document.getElementById("desk-name");
    deskName.value = window.localStorage.getItem("badgepress-desk") || deskName.value;
    deskName.addEventListener("change", function () {
      window.localStorage.setItem("badgepress-desk", deskName.value);
    });
    find.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { search(find.value); }, 120);
    });
    find.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); window.clearTimeout(timer); onEnter(); }
    });
    var form = document.getElementById("walkin"), pending = null;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = {request: pending || (pending = uid())};
      new FormData(form).forEach(function (v, k) { data[k] = v; });
      var button = form.querySelector("button");
      button.disabled = true;
      api("POST", "/api/events/" + eventId + "/attendees", data).then(function (r) {
        if (r.status >= 400) { say("Not added: " + r.body.error); return; }
        pending = null;
        form.reset();
        var name = [data.first_name, data.last_name].filter(Boolean).join(" ");
        find.value = name;
        return printOne({id: r.body.id, name: name}, null);
      }).finally(function () { button.disabled = false; });
    });
    // What other desks print shows here within a few seconds.
    window.setInterval(function () { if (find.value.trim()) { search(find.value); } }, 2500);
  });
})();
