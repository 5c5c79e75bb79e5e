// badgepress desk: what this desk's printer holds (the stock), its driver, held prints for the
// sheet, which design it prints with, and a thumbnail of the badge it is about to print.
// Follows desk.js through its "badgepress:desk" and "badgepress:candidate" events. Names are
// data: set with textContent only.
"use strict";
(function () {
  var root, eventId, deskName, stockSel, driverSel, hold, thumb, who, candidate = null,
      stamp = 0;

  function api(method, path, body) { return window.badgepress.api(method, path, body); }

  function deskPath() {
    return "/api/events/" + eventId + "/desks/" + encodeURIComponent(deskName.value);
  }

  function say(text) { document.getElementById("status").textContent = text; }

  function loadStocks() {
    // Every stock, those the event cannot print on disabled with the reason as their title.
    return api("GET", "/api/stocks?event=" + encodeURIComponent(eventId)).then(function (r) {
      if (r.status >= 400) { return; }
      stockSel.replaceChildren();
      r.body.forEach(function (s) {
        var o = document.createElement("option");
        o.value = s.name;
        o.textContent = s.title + (s.name !== "sheet" && s.width_mm ? " (" + s.width_mm + " × " + s.height_mm + " mm)" : "") +
                        (s.design === "desk design" ? " · desk design" : "") + (s.design ? "" : " · needs a desk design");
        if (!s.design) { o.disabled = true; o.title = s.why || ""; }
        stockSel.append(o);
      });
    });
  }

  function show(info) {
    // The desk's setting, as the server has it.
    stockSel.value = info.stock;
    driverSel.value = info.driver_chosen ? info.driver : "auto";
    hold.checked = !!info.hold;
    document.getElementById("desk-hold-row").hidden = info.stock !== "sheet" || info.per_sheet < 2;
    document.getElementById("desk-driver-label").hidden = driverSel.hidden = info.stock === "sheet";
    var design = document.getElementById("desk-design");
    design.className = info.design.error ? "error" : "";
    design.textContent = info.design.error
      ? "Cannot print on " + info.stock_title + ": " + info.design.error
      : "Prints " + (info.design.source === "desk design" ? "the desk design " : "the event's design ") +
        "“" + info.design.title + "” on " + info.stock_title +
        (info.width_mm ? ", " + info.width_mm + " × " + info.height_mm + " mm" : "") + ", on " +
        (info.printer === "browser" ? "this browser's print dialog" : info.printer) + ".";
    document.getElementById("desk-options").textContent = info.options.length
      ? "Job options: " + info.options.map(function (o) { return "-o " + o; }).join(" ") +
        (info.driver ? " (driver: " + info.driver + ")" : " (no label printer driver known for this queue)")
      : "";
    var held = document.getElementById("desk-held");
    held.hidden = !info.held;
    document.getElementById("desk-held-count").textContent =
      info.held + " of " + info.per_sheet + " badges held for the next sheet";
    refreshThumb();
  }

  function loadDesk() {
    return api("GET", deskPath()).then(function (r) { if (r.status < 400) { show(r.body); } });
  }

  function put(change, what) {
    return api("PUT", deskPath(), change).then(function (r) {
      if (r.status >= 400) { say(what + " not changed: " + r.body.error); return loadDesk(); }
      show(r.body);
      say(deskName.value + " prints on " + r.body.stock_title);
    });
  }

  function refreshThumb() {
    // The badge the desk is about to print: the attendee found, else a sample name.
    stamp++;
    thumb.src = deskPath() + "/badge.png?" + (candidate ? "attendee=" + candidate.id + "&" : "") + "v=" + stamp;
    who.textContent = candidate ? "The badge of " + candidate.name + ", as it will print"
                                : "A sample badge, as it will print";
  }

  function printSheet() {
    var button = document.getElementById("print-sheet");
    button.disabled = true;
    api("POST", deskPath() + "/sheet").then(function (r) {
      if (r.status >= 400) { say("Not printed: " + r.body.error); return; }
      say("Printing " + r.body.count + " held badges on one sheet" +
          (r.body.printer === "browser" ? " in the browser" : " on " + r.body.printer));
      if (r.body.printer === "browser") {
        window.open("/api/prints/" + encodeURIComponent(r.body.job) + ".pdf", "_blank", "noopener");
      }
    }).finally(function () { button.disabled = false; loadDesk(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("desk");
    if (!root) { return; }
    eventId = root.dataset.event;
    deskName = document.getElementById("desk-name");
    stockSel = document.getElementById("desk-stock");
    driverSel = document.getElementById("desk-driver");
    hold = document.getElementById("desk-hold");
    thumb = document.getElementById("desk-thumb");
    who = document.getElementById("desk-thumb-who");
    root.addEventListener("badgepress:desk", function (e) { show(e.detail); });
    root.addEventListener("badgepress:candidate", function (e) {
      if (candidate && candidate.id === e.detail.id) { return; }
      candidate = {id: e.detail.id, name: e.detail.name};
      refreshThumb();
    });
    root.addEventListener("badgepress:printed", function () { loadDesk(); });
    stockSel.addEventListener("change", function () { put({stock: stockSel.value}, "Stock"); });
    driverSel.addEventListener("change", function () { put({driver: driverSel.value}, "Driver"); });
    hold.addEventListener("change", function () { put({hold: hold.checked}, "Holding"); });
    document.getElementById("print-sheet").addEventListener("click", printSheet);
    loadStocks().then(loadDesk);
  });
})();
