// badgepress desk: find (a page at a time), print, add walk-ins, correct any badge, the counts
// and who has not arrived. Names are data: set with textContent only.
"use strict";
(function () {
  var root, eventId, find, status, deskName, printerSel, jobState, correctForm,
      timer = null, following = null, editing = null, found, waiting;
  var PAGE = 50;
  //: The badge fields a desk corrects, as the page names them.
  var LABELS = {first_name: "first name", last_name: "last name", name: "name", company: "company",
                role: "role", job_title: "job title", email: "e-mail", id: "ticket"};

  function api(method, path, body) { return window.badgepress.api(method, path, body); }

  function say(text) { status.textContent = text; }

  function announce(kind, detail) {
    // deskstock.js follows the desk's setting and the attendee about to print.
    root.dispatchEvent(new CustomEvent("badgepress:" + kind, {detail: detail}));
  }

  function when(iso) {
    var d = new Date(iso);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function tag(text, className, title) {
    var t = document.createElement("span");
    t.className = "tag " + (className || "");
    t.textContent = text;
    if (title) { t.title = title; }
    return t;
  }

  function correctedNote(a) {
    // "Corrected at the desk: last name (was “Smiht”)": what the organiser's list says.
    var fixes = a.corrections || {}, parts = [];
    Object.keys(LABELS).forEach(function (k) {
      if (!fixes[k] || (k === "name" && (fixes.first_name || fixes.last_name))) { return; }
      var was = fixes[k].list;
      parts.push(LABELS[k] + " (was " + (was ? "“" + was + "”" : "empty") + ")");
    });
    return parts.length ? "Corrected at the desk: " + parts.join(", ") : "";
  }

  function row(a) {
    // One attendee: who, their tags and corrections, printed or not, and what the desk can do.
    var li = document.createElement("li");
    var box = document.createElement("div");
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = a.name + (a.company ? " · " + a.company : "") + (a.ticket ? " · " + a.ticket : "");
    box.append(who);
    var kind = a.ticket_type || a.role;
    if (kind) { box.append(" ", tag(kind, "kind", "Ticket type")); }
    if (a.source === "walkin") { box.append(" ", tag("walk-in", "walkin")); }
    if (a.in_list === false) {
      li.className = "gone";
      box.append(" ", tag("not in the current list", "gone",
        "The organiser's newer list no longer has this attendee; kept for their prints"));
    }
    var note = correctedNote(a);
    if (note) {
      var fixed = document.createElement("span");
      fixed.className = "corrected";
      fixed.textContent = note;
      box.append(fixed);
    }
    var state = document.createElement("span");
    var last = a.last_print;
    state.className = a.printed ? "printed" : "muted";
    state.textContent = a.printed ? "printed " + a.printed + "× · " + when(last.at) + " at " + last.desk
                                  : "not printed";
    if (last && last.state === "waiting") {
      state.className = "held";
      state.textContent = "held for the sheet at " + last.desk + " · prints when the sheet is full";
    } else if (last && last.state === "held") {
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
    var fix = document.createElement("button");
    fix.type = "button";
    fix.className = "secondary";
    fix.textContent = "Correct";
    fix.setAttribute("aria-label", "Correct " + a.name);
    fix.addEventListener("click", function () { openCorrect(a); });
    var tools = document.createElement("span");
    tools.className = "tools";
    tools.append(btn, " ", fix);
    li.append(box, state, tools);
    li.dataset.id = a.id;
    li.addEventListener("mouseenter", function () { announce("candidate", a); });
    li.addEventListener("focusin", function () { announce("candidate", a); });
    return li;
  }

  function Paged(ul, more, shown, query) {
    // A list of attendees shown a page at a time: "Show more" asks for the next page; a
    // refresh asks again for what is shown (up to 200, the API's most), keeping the place.
    this.ul = ul; this.more = more; this.shown = shown; this.query = query;
    this.items = []; this.total = 0; this.seq = 0; this.busy = 0;
  }
  Paged.prototype.url = function (offset, limit) {
    return "/api/events/" + eventId + "/attendees?paged=1&limit=" + limit + "&offset=" + offset +
           this.query();
  };
  Paged.prototype.load = function (offset, limit) {
    var self = this, mine = ++this.seq;
    this.busy++;
    return api("GET", this.url(offset, limit))
      .finally(function () { self.busy--; })
      .then(function (r) {
        if (mine !== self.seq) { return null; }
        if (r.status >= 400) {
          // 429: a newer search of this desk replaced it, or too many a second: keep the list.
          if (r.status !== 429) { say("Search failed: " + r.body.error); }
          return null;
        }
        var items = offset ? self.items.concat(r.body.attendees) : r.body.attendees;
        var same = !offset && r.body.total === self.total && self.ul.children.length &&
                   JSON.stringify(items) === JSON.stringify(self.items);
        self.total = r.body.total;
        self.items = items;
        if (!same) { self.draw(offset); }  // a refresh that changed nothing leaves the list be
        return r.body;
      });
  };
  Paged.prototype.draw = function (from) {
    var ul = this.ul, active = document.activeElement, keep = null;
    if (!from && active && ul.contains(active) && active.closest("li")) {
      // A refresh keeps the keyboard's place: the same button of the same attendee.
      var li = active.closest("li");
      keep = [li.dataset.id, Array.prototype.indexOf.call(li.querySelectorAll("button"), active)];
    }
    if (!from) { ul.replaceChildren(); }
    this.items.slice(from).forEach(function (a) { ul.append(row(a)); });
    if (keep) {
      var again = ul.querySelector('li[data-id="' + CSS.escape(keep[0]) + '"]');
      if (again && again.querySelectorAll("button")[keep[1]]) { again.querySelectorAll("button")[keep[1]].focus(); }
    }
    var left = this.total - this.items.length;
    this.more.hidden = left <= 0;
    this.shown.textContent = "Showing " + this.items.length.toLocaleString() + " of " +
                             this.total.toLocaleString();
    this.more.querySelector("button").textContent =
      "Show " + Math.min(PAGE, Math.max(left, 0)) + " more";
  };
  Paged.prototype.first = function () { return this.load(0, PAGE); };
  Paged.prototype.next = function () { return this.load(this.items.length, PAGE); };
  Paged.prototype.refresh = function () {
    // Never in the way of what the volunteer asked (a search, the next page).
    if (this.busy) { return Promise.resolve(null); }
    return this.load(0, Math.min(200, Math.max(PAGE, this.items.length)));
  };
  Paged.prototype.clear = function () {
    this.seq++; this.items = []; this.total = 0;
    this.ul.replaceChildren(); this.more.hidden = true;
  };

  function search(q) {
    var nomatch = document.getElementById("nomatch");
    if (!q.trim()) { found.clear(); nomatch.hidden = true; return Promise.resolve([]); }
    return found.first().then(function (page) {
      if (!page) { return null; }  // replaced by a newer search, or refused
      offerWalkin(q, page.total === 0);
      var exact = page.attendees.filter(function (a) { return a.ticket && a.ticket.toLowerCase() === q.trim().toLowerCase(); });
      var pick = exact.length === 1 ? exact[0] : (page.attendees.length === 1 ? page.attendees[0] : null);
      if (pick) { announce("candidate", pick); }
      return page.attendees;
    });
  }

  function refresh() {
    // What other desks printed or added, and the counts: every few seconds and after a print.
    if (find.value.trim()) { found.refresh(); }
    if (waiting.open) { waiting.list.refresh(); }
    return loadCounts();
  }

  function loadCounts() {
    return api("GET", "/api/events/" + eventId + "/stats").then(function (r) {
      if (r.status >= 400) { return; }
      var s = r.body, counts = document.getElementById("counts");
      var parts = ["Checked in " + s.checked_in.toLocaleString() + " of " + s.attendees.toLocaleString()];
      if (s.walk_ins) { parts.push(s.walk_ins.toLocaleString() + " walk-in" + (s.walk_ins === 1 ? "" : "s")); }
      if (s.not_in_list) { parts.push(s.not_in_list.toLocaleString() + " no longer in the list"); }
      counts.textContent = parts.join(" · ");
      document.getElementById("not-arrived-count").textContent = "(" + s.not_arrived.toLocaleString() + ")";
    });
  }

  var PARTICLES = {van: 1, von: 1, de: 1, der: 1, den: 1, del: 1, della: 1, di: 1, da: 1, dos: 1,
                   das: 1, du: 1, la: 1, le: 1, ten: 1, ter: 1, zu: 1, al: 1, el: 1, bin: 1, ibn: 1};

  function capital(word) {
    return word.split("-").map(function (w) {
      return w ? w.charAt(0).toLocaleUpperCase() + w.slice(1) : w;
    }).join("-");
  }

  function walkinFrom(q) {
    // A query that found nobody as the walk-in form's fields: "jane van der berg" is Jane /
    // van der Berg, "Doe, Jane" Jane / Doe, one word a last name, an e-mail the e-mail (and
    // jane.doe@... Jane / Doe). Lower-case typing gets capitals; anything typed with capitals
    // stays as typed.
    var out = {first_name: "", last_name: "", email: ""}, text = q.trim().replace(/\s+/g, " ");
    if (/^[^\s@]+@[^\s@]+$/.test(text)) {
      out.email = text;
      var local = text.split("@")[0].split(/[._]/).filter(function (w) { return /^\D+$/.test(w); });
      if (local.length < 2) { return out; }
      text = local.join(" ").toLowerCase();
    }
    var first, last, comma = text.indexOf(",");
    if (comma >= 0) {
      last = text.slice(0, comma).trim().split(" ");
      first = text.slice(comma + 1).trim().split(" ").filter(Boolean);
    } else {
      var words = text.split(" "), cut = words.length - 1;
      if (words.length === 1) { cut = 0; }
      for (var i = 1; i < words.length - 1; i++) {
        if (PARTICLES[words[i].toLowerCase()]) { cut = i; break; }
      }
      first = words.slice(0, cut);
      last = words.slice(cut);
    }
    var lower = text === text.toLowerCase();
    function cased(words, isLast) {
      return words.map(function (w, i) {
        return !lower || (isLast && PARTICLES[w] && i < words.length - 1) ? w : capital(w);
      }).join(" ");
    }
    out.first_name = cased(first, false);
    out.last_name = cased(last, true);
    return out;
  }

  function offerWalkin(q, none) {
    // No match: one button that fills the walk-in form from the query (not for a scanned code).
    var nomatch = document.getElementById("nomatch"), button = document.getElementById("as-walkin");
    var offer = none && !/\d/.test(q);
    nomatch.hidden = !offer;
    if (offer) { button.textContent = "Add “" + q.trim() + "” as a walk-in"; }
  }

  function fillWalkin() {
    var form = document.getElementById("walkin"), fields = walkinFrom(find.value);
    form.elements.first_name.value = fields.first_name;
    form.elements.last_name.value = fields.last_name;
    form.elements.email.value = fields.email;
    form.scrollIntoView({block: "nearest"});
    var empty = ["first_name", "last_name", "company"].filter(function (k) { return !form.elements[k].value; });
    form.elements[empty.length ? empty[0] : "company"].focus();
    say("Walk-in: check the name, add the rest, then Add and print");
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
        announce("candidate", a);
        if (j.state === "waiting") {
          say("Held for the next sheet (" + j.held + " of " + j.per_sheet + "): " + a.name);
          announce("printed", j);
          return;
        }
        announce("printed", j);
        if (j.sheet) { say("The sheet is full: printing its badges on " + j.printer); }
        if (j.state === "failed") {
          say("Printing failed for " + a.name + ": " + (j.message || "") + " (the attendee is saved)");
          showJob(a.name, j);
        } else {
          if (!j.sheet) { say((j.printer === "browser" ? "Printing in the browser: " : "Sent to " + j.printer + ": ") + a.name); }
          if (j.printer === "browser") { browserPrint(j.job); } else { follow(a.name, j); }
        }
      })
      .finally(function () { if (btn) { btn.disabled = false; } refresh(); });
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
        else { refresh(); }
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
      .then(function (r) { if (r.status < 400) { printerSel.value = r.body.printer; announce("desk", r.body); } });
  }

  function choosePrinter() {
    api("PUT", "/api/events/" + eventId + "/desks/" + encodeURIComponent(deskName.value),
        {printer: printerSel.value}).then(function (r) {
      if (r.status >= 400) { say("Printer not changed: " + r.body.error); loadDesk(); return; }
      announce("desk", r.body);
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
    document.getElementById("walkin").before(correctForm);
    correctForm.querySelector("#correct-title").textContent = "Correct the badge of " + a.name;
    correctForm.querySelector("#correct-about").textContent = a.source === "walkin"
      ? "A walk-in: the desk's own fields change."
      : "From the organiser's list: the desk's correction is printed over the list's row, " +
        "shown as corrected, and exported; the list itself is not changed.";
    var fixes = a.corrections || {};
    ["first_name", "last_name", "company", "role", "email"].forEach(function (k) {
      correctForm.elements[k].value = a[k] || "";
      var was = correctForm.querySelector("#" + correctForm.elements[k].id + "-was");
      if (fixes[k]) {
        was.hidden = false;
        was.textContent = "The list says: " + (fixes[k].list ? "“" + fixes[k].list + "”" : "nothing");
      }
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
      if (!list) { return; }  // a newer search answers instead
      var exact = list.filter(function (a) { return a.ticket && a.ticket.toLowerCase() === q.toLowerCase(); });
      var pick = exact.length === 1 ? exact[0] : (list.length === 1 ? list[0] : null);
      if (pick) { printOne(pick, null); } else {
        say(list.length ? found.total.toLocaleString() + " match; choose one" : "No attendee matches " + q);
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
    status = document.getElementById("status");
    found = new Paged(document.getElementById("results"), document.getElementById("results-more"),
                      document.getElementById("results-shown"),
                      function () { return "&q=" + encodeURIComponent(find.value); });
    document.getElementById("more").addEventListener("click", function () { found.next(); });
    document.getElementById("as-walkin").addEventListener("click", fillWalkin);
    waiting = document.getElementById("not-arrived");
    waiting.list = new Paged(document.getElementById("waiting"), document.getElementById("waiting-more"),
                             document.getElementById("waiting-shown"),
                             function () { return "&arrived=no"; });
    document.getElementById("more-waiting").addEventListener("click", function () { waiting.list.next(); });
    waiting.addEventListener("toggle", function () { if (waiting.open) { waiting.list.first(); } });
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
    loadCounts();
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
        document.getElementById("nomatch").hidden = true;
        var name = [data.first_name, data.last_name].filter(Boolean).join(" ");
        find.value = name;
        return printOne({id: r.body.id, name: name}, null);
      }).finally(function () { button.disabled = false; });
    });
    // What other desks print shows here within a few seconds.
    window.setInterval(refresh, 2500);
  });
})();
