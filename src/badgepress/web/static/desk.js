// badgepress desk: find, print, add walk-ins. Names are data: set with textContent only.
"use strict";
(function () {
  var root, eventId, find, results, status, deskName, printerSel, jobState, correctForm,
      current = [], timer = null, seq = 0, following = null, editing = null;

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
      var last = a.last_print;
      state.className = a.printed ? "printed" : "muted";
      state.textContent = a.printed ? "printed " + a.printed + "× · " + when(last.at) + " at " + last.desk
                                    : "not printed";
      if (last && last.state === "held") {
        // Not printed yet: it comes out when the printer is started again (so no reprint).
        state.className = "held";
        state.textContent = "held on " + last.printer + ": " + (last.message || "the printer is stopped") +
                            " · prints when it is started again";
      } else if (last && (last.state === "queued" || last.state === "printing")) {
        state.textContent = "printing on " + last.printer + " · " + when(last.at) + " at " + last.desk;
      }
      state.dataset.state = last ? last.state : "";
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = a.printed ? "Reprint" : "Print";
      btn.setAttribute("aria-label", (a.printed ? "Reprint " : "Print ") + a.name);
      btn.addEventListener("click", function () { printOne(a, btn); });
      var tools = document.createElement("span");
      tools.append(btn);
      if (a.source === "walkin") {
        var fix = document.createElement("button");
        fix.type = "button";
        fix.className = "secondary";
        fix.textContent = "Correct";
        fix.setAttribute("aria-label", "Correct " + a.name);
        fix.addEventListener("click", function () { openCorrect(a); });
        tools.append(" ", fix);
      }
      li.append(who, state, tools);
      results.append(li);
    });
  }

  function search(q) {
    var mine = ++seq;
    if (!q.trim()) { render([]); return Promise.resolve([]); }
    return api("GET", "/api/events/" + eventId + "/attendees?limit=20&q=" + encodeURIComponent(q))
      .then(function (r) {
        // 429: a newer search of this desk replaced it, or too many a second: keep the list.
        if (r.status >= 400) {
          if (r.status !== 429 && mine === seq) { say("Search failed: " + r.body.error); }
          return current;
        }
        if (mine === seq) { render(r.body); }
        return r.body;
      });
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
          showJob(a.name, j);
        } else {
          say((j.printer === "browser" ? "Printing in the browser: " : "Sent to " + j.printer + ": ") + a.name);
          if (j.printer === "browser") { browserPrint(j.job); } else { follow(a.name, j); }
        }
      })
      .finally(function () { if (btn) { btn.disabled = false; } search(find.value); });
  }

  var LIVE = {queued: 1, printing: 1, held: 1};

  function showJob(name, j) {
    // What CUPS says of the last job sent from this desk, until it ends.
    var text = {
      queued: "queued on " + j.printer,
      printing: "printing on " + j.printer,
      held: "held on " + j.printer + ": " + (j.message || "the printer is stopped") +
            "; it prints when the printer is started again (the attendee is saved)",
      done: "done on " + j.printer,
      failed: "failed" + (j.printer && j.printer !== "browser" ? " on " + j.printer : "") + ": " +
              (j.message || "no reason given") + " (the attendee is saved)"
    }[j.state] || j.state;
    jobState.hidden = false;
    jobState.className = j.state;
    jobState.dataset.state = j.state;
    jobState.textContent = "Badge of " + name + ": " + text;
  }

  function follow(name, j) {
    var mine = following = j.job, polls = 0;
    showJob(name, j);
    function next() {
      if (following !== mine) { return; }
      if (++polls > 600) { jobState.textContent += " (no longer followed here)"; return; }
      api("GET", "/api/events/" + eventId + "/jobs/" + encodeURIComponent(mine)).then(function (r) {
        if (following !== mine || r.status >= 400) { return; }
        showJob(name, r.body);
        if (LIVE[r.body.state]) { window.setTimeout(next, r.body.state === "held" ? 2000 : 700); }
        else { search(find.value); }
      }, function () { window.setTimeout(next, 2000); });
    }
    window.setTimeout(next, 500);
  }

  function loadPrinters() {
    // The CUPS queues (or why there are none), then this desk's choice from the server.
    var why = document.getElementById("printers-why");
    return api("GET", "/api/printers").then(function (r) {
      var keep = {browser: 1};
      r.body.queues.forEach(function (q) { keep[q] = 1; });
      Array.prototype.slice.call(printerSel.options).forEach(function (o) {
        if (!keep[o.value]) { o.remove(); }
      });
      r.body.queues.forEach(function (q) {
        if (!printerSel.querySelector('option[value="' + CSS.escape(q) + '"]')) {
          var o = document.createElement("option");
          o.value = q;
          o.textContent = q + " (CUPS)";
          printerSel.insertBefore(o, printerSel.querySelector('option[value="browser"]'));
        }
      });
      why.hidden = !r.body.reason;
      why.textContent = r.body.reason ? "No CUPS printers: " + r.body.reason : "";
    }).then(loadDesk);
  }

  function loadDesk() {
    return api("GET", "/api/events/" + eventId + "/desks/" + encodeURIComponent(deskName.value))
      .then(function (r) { if (r.status < 400) { printerSel.value = r.body.printer; } });
  }

  function choosePrinter() {
    api("PUT", "/api/events/" + eventId + "/desks/" + encodeURIComponent(deskName.value),
        {printer: printerSel.value}).then(function (r) {
      if (r.status >= 400) { say("Printer not changed: " + r.body.error); loadDesk(); return; }
      say(deskName.value + " prints on " + (r.body.printer === "browser" ? "this browser's print dialog" : r.body.printer));
    });
  }

  function closeCorrect() {
    editing = null;
    if (correctForm) { correctForm.remove(); correctForm = null; }
  }

  function openCorrect(a) {
    // The form is made from its template when needed, so its labels never stand beside the
    // walk-in form's while it is closed.
    closeCorrect();
    editing = a;
    var tpl = document.getElementById("correct-template");
    correctForm = tpl.content.firstElementChild.cloneNode(true);
    document.getElementById("walkin").after(correctForm);
    ["first_name", "last_name", "company", "role", "email"].forEach(function (k) {
      correctForm.elements[k].value = a[k] || "";
    });
    correctForm.addEventListener("submit", saveCorrect);
    correctForm.querySelector("#correct-cancel").addEventListener("click", closeCorrect);
    correctForm.elements.first_name.focus();
  }

  function saveCorrect(e) {
    e.preventDefault();
    if (!editing) { return; }
    var data = {}, a = editing, andPrint = e.submitter && e.submitter.value === "1";
    new FormData(correctForm).forEach(function (v, k) { data[k] = v; });
    api("PATCH", "/api/events/" + eventId + "/attendees/" + a.id, data).then(function (r) {
      if (r.status >= 400) { say("Not corrected: " + r.body.error); return; }
      closeCorrect();
      find.value = r.body.name;
      say("Corrected: " + r.body.name);
      if (andPrint) { return printOne(r.body, null); }
      return search(find.value);
    });
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
    printerSel = document.getElementById("desk-printer");
    jobState = document.getElementById("jobstate");
    deskName.addEventListener("change", function () {
      window.localStorage.setItem("badgepress-desk", deskName.value);
      loadDesk();
    });
    printerSel.addEventListener("change", choosePrinter);
    loadPrinters();
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
