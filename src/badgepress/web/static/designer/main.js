// The badge designer (/events/{id}/design): the event's layout as JSON (the truth), shown on
// the stage over the engine's own PNG of a real attendee's badge, redrawn after every change;
// elements added, moved, resized, nudged, typed, reordered; undo and redo across every
// change; live checks; save and download. Talks to the designer's API only.
import { canvasBox, clone, elements, faceOf, geometry, guides, hasBack, layerOf, layoutBox,
  mmText, parseKey, tableOf } from "./model.js";
import { el, renderList, renderProps } from "./panel.js";
import { Stage } from "./stage.js";

const root = document.getElementById("designer");
const EVENT = root.dataset.event;
const API = `/api/events/${encodeURIComponent(EVENT)}`;
const $ = (sel) => root.querySelector(sel);
const HISTORY = 300;

const state = {
  layout: null, saved: "", name: "", side: "front", selected: null, history: [], future: [],
  setup: { headers: [], values: {}, fonts: [], files: [], stocks: [] }, findings: [],
  attendees: [], attendee: null, zoom: 1, picture: null,
};

const stage = new Stage($("[data-testid=badge-stage]"), {
  select: (key) => select(key),
  change: (key, box, done) => moved(key, box, done),
});

// ---- messages ------------------------------------------------------------------------------
function status(text) { $("#dz-status").textContent = text; }
function problem(text) {
  const p = $("#dz-error");
  p.textContent = text || "";
  p.hidden = !text;
}
async function answerError(r) {
  try { return (await r.json()).error || `${r.status} ${r.statusText}`; } catch { return `${r.status} ${r.statusText}`; }
}
async function api(path, options = {}) {
  let r;
  try {
    r = await fetch(`${API}${path}`, { credentials: "same-origin", ...options });
  } catch {
    throw new Error("the server did not answer; is badgepress serve still running?");
  }
  if (!r.ok) throw new Error(await answerError(r));
  return r;
}
function post(path, body, method = "POST") {
  return api(path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

// ---- the state and its history ------------------------------------------------------------
const dirty = () => JSON.stringify(state.layout) !== state.saved;

/** Change the layout with ``fn(layout)`` (or ``fn(table)`` of the selected element): one
 *  step of the history, then everything is shown again and the badge drawn again. */
function edit(fn, { onLayout = false } = {}) {
  const before = JSON.stringify(state.layout);
  const target = onLayout ? state.layout : tableOf(state.layout, state.selected);
  if (!target) return;
  fn(target);
  if (JSON.stringify(state.layout) === before) return;
  state.history.push(before);
  if (state.history.length > HISTORY) state.history.shift();
  state.future = [];
  update();
}

function undo() {
  if (!state.history.length) return;
  state.future.push(JSON.stringify(state.layout));
  state.layout = JSON.parse(state.history.pop());
  update();
}

function redo() {
  if (!state.future.length) return;
  state.history.push(JSON.stringify(state.layout));
  state.layout = JSON.parse(state.future.pop());
  update();
}

function findingsByKey() {
  const map = new Map();
  for (const f of state.findings) {
    const key = /^(back\.)?(field|image|rect|qr)\[\d+\]$/.test(f.key) ? f.key : "";
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(f);
  }
  return map;
}

/** Show the state again (stage, list, properties, buttons) and refresh the picture. */
function update({ picture = true, props = true, check = true } = {}) {
  const focused = document.activeElement;
  const again = focused && focused.dataset && focused.dataset.element ? `[data-element="${focused.dataset.element}"]`
    : focused && focused.name && $("#props").contains(focused) ? `#props [name="${focused.name}"]` : null;
  if (state.selected && !tableOf(state.layout, state.selected)) state.selected = null;
  if (state.side === "back" && !hasBack(state.layout)) state.side = "front";
  const geo = geometry(state.layout);
  const byKey = findingsByKey();
  stage.draw(state.layout, state.side, state.selected, new Set(byKey.keys()), geo);
  renderList($("#elements"), state.layout, state.selected, byKey, select);
  if (props) {
    const key = state.selected;
    const k = parseKey(key);
    renderProps($("#props"), { layout: state.layout, key, kind: k && k.kind, table: tableOf(state.layout, key), geo,
      setup: state.setup, byKey, edit, upload });
  }
  for (const [action, on] of [["undo", state.history.length], ["redo", state.future.length]]) {
    $(`[data-action=${action}]`).disabled = !on;
  }
  for (const action of ["delete", "duplicate", "forward", "backward"]) {
    $(`[data-action=${action}]`).disabled = !state.selected;
  }
  $("#side-back").disabled = !hasBack(state.layout);
  $("[data-action=add-back]").hidden = hasBack(state.layout);
  $(`#side-${state.side}`).checked = true;
  root.dataset.dirty = dirty() ? "yes" : "no";
  $("[data-action=save]").textContent = dirty() ? "Save" : "Saved";
  fit();
  if (again && !root.contains(document.activeElement)) {
    const back = root.querySelector(again);
    if (back) back.focus();
  }
  if (picture) refresh();
  if (check) scheduleCheck();
}

function select(key) {
  const k = parseKey(key);
  const turned = Boolean(k && k.side !== state.side);
  state.selected = key;
  if (turned) state.side = k.side;
  update({ picture: turned, check: false });
}

// ---- the picture: the engine's render of the draft --------------------------------------------
let rendering = null, again = false;
/** Draw the draft again (one request at a time; the newest state wins). The stage's wrapper
 *  says what it shows: data-wanted (the state asked for), data-shown (the state drawn),
 *  data-state (rendering, ready, error). */
function refresh() {
  const wrap = $(".dz-stagewrap");
  const sent = JSON.stringify({ layout: state.layout, attendee: state.attendee, side: state.side });
  wrap.dataset.wanted = hash(sent);
  if (rendering) { again = true; return; }
  if (!geometry(state.layout)) { wrap.dataset.state = "error"; wrap.dataset.shown = hash(sent); problem("the badge has no size: choose a stock"); return; }
  wrap.dataset.state = "rendering";
  rendering = post("/layout/render", JSON.parse(sent)).then((r) => r.blob()).then((blob) => {
    if (state.picture) URL.revokeObjectURL(state.picture);
    state.picture = URL.createObjectURL(blob);
    stage.setPicture(state.picture);
    problem("");
    wrap.dataset.state = "ready";
  }).catch((err) => {
    problem(err.message);
    wrap.dataset.state = "error";
    if (!elements(state.layout, state.side).some((e) => e.kind === "field")) {
      stage.setPicture("");  // nothing of the last picture is on this badge
    }
  }).finally(() => {
    wrap.dataset.shown = hash(sent);
    rendering = null;
    if (again) { again = false; refresh(); }
  });
}

function hash(text) {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

// ---- live checks and the attendees, hardest first ---------------------------------------------
let checkTimer = null, checkSeq = 0;
function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    const mine = ++checkSeq;
    try {
      const out = await (await post("/layout/check", { layout: state.layout })).json();
      if (mine !== checkSeq) return;
      state.findings = out.warnings;
      setAttendees(out.attendees);
    } catch {
      if (mine !== checkSeq) return;
      state.findings = [];  // the render says what is wrong
    }
    update({ picture: false, check: false, props: !$("#props").contains(document.activeElement) });
  }, 450);
}

function setAttendees(list, draw = true) {
  if (!list || !list.length) return;
  const known = new Set(list.map((a) => a.id));
  if (state.attendee !== null && !known.has(state.attendee)) {
    const current = state.attendees.find((a) => a.id === state.attendee);
    if (current) list = [current, ...list];
  }
  state.attendees = list;
  const s = $("#attendee");
  s.replaceChildren(...list.map((a) => el("option", { value: a.id, text: a.name || `row ${a.row}`, selected: a.id === state.attendee })));
  if (state.attendee === null) {
    state.attendee = list[0].id;
    if (draw) refresh();
  }
}

function stepAttendee(by) {
  if (!state.attendees.length) return;
  const i = state.attendees.findIndex((a) => a.id === state.attendee);
  const next = state.attendees[(i + by + state.attendees.length) % state.attendees.length];
  state.attendee = next.id;
  $("#attendee").value = String(next.id);
  refresh();
}

// ---- moving and resizing -----------------------------------------------------------------------
function moved(key, box, done) {
  const geo = geometry(state.layout);
  const lb = layoutBox(box, geo);
  for (const name of ["x", "y", "width", "height"]) {
    const input = $(`#props input[name=${name}]`);
    if (input) input.value = String(parseFloat(lb[name]));
  }
  if (!done) return;
  edit((t) => { t.box = { ...(typeof t.box === "object" ? t.box : {}), ...lb }; });
}

function nudge(dx, dy) {
  const key = state.selected;
  const table = tableOf(state.layout, key);
  const geo = geometry(state.layout);
  if (!table || !geo) return;
  const k = parseKey(key);
  const box = canvasBox(k.kind, table, geo);
  if (!box || typeof table.box !== "object") return;
  edit((t) => { t.box = { ...t.box, ...layoutBox({ ...box, x: box.x + dx, y: box.y + dy }, geo) }; });
}

// ---- adding, removing, ordering -------------------------------------------------------------
function face(create = false) {
  let f = faceOf(state.layout, state.side);
  if (!f && create) { state.layout.back = {}; f = state.layout.back; }
  return f;
}

function topLayer(f) {
  const els = elements(state.layout, state.side);
  const explicit = els.some((e) => Number.isInteger(e.table.layer));
  return explicit ? Math.max(...els.map((e) => layerOf(e.kind, e.table))) + 1 : undefined;
}

function add(kind, table) {
  const layerTop = topLayer(face());
  if (layerTop !== undefined) table.layer = layerTop;
  let key = null;
  edit((layout) => {
    const f = faceOf(layout, state.side) || (layout.back = {});
    f[kind] = Array.isArray(f[kind]) ? f[kind] : [];
    f[kind].push(table);
    key = `${state.side === "back" ? "back." : ""}${kind}[${f[kind].length}]`;
  }, { onLayout: true });
  if (key) select(key);
}

function freeBox(height) {
  const g = geometry(state.layout);
  const s = guides(g).safe;
  const boxes = elements(state.layout, state.side).filter((e) => e.kind === "field")
    .map((e) => canvasBox(e.kind, e.table, g)).filter(Boolean);
  let y = s.y + (s.h - height) / 2;
  for (let top = s.y; top + height <= s.y + s.h + 1e-6; top += 1) {
    if (boxes.every((b) => top + height <= b.y || top >= b.y + b.h)) { y = top; break; }
  }
  return layoutBox({ x: s.x, y, w: s.w, h: Math.min(height, s.h) }, g);
}

function addField(template) {
  const g = geometry(state.layout);
  if (!g) return;
  const big = /\{(name|first_name|last_name|First Name|Last Name)\}/i.test(template);
  const height = Math.min(big ? 18 : 7, Math.max(3, g.H - 2 * g.s));
  const box = freeBox(height);
  const pt = height * 72 / 25.4;
  const name = (/^\{([^{}]+)\}$/.exec(template.split("\n")[0]) || [null, "text"])[1]
    .replace(/[^A-Za-z0-9_]+/g, "_").toLowerCase().replace(/^_+|_+$/g, "") || "text";
  const field = { name, text: template, box, font: big ? "Noto Sans Bold" : "Noto Sans",
    size: { max: `${Math.max(6, Math.round(pt * (big ? 0.45 : 0.7)))}pt`, min: `${big ? 12 : 6}pt` } };
  if (template.includes("\n")) field.lines = 2;
  if (parseFloat(field.size.min) > parseFloat(field.size.max)) field.size.min = field.size.max;
  add("field", field);
}

function addBand() {
  const g = geometry(state.layout);
  if (!g) return;
  const h = Math.min(10, g.H / 4);
  add("rect", { box: { x: "0mm", y: mmText(g.H - h), width: mmText(g.W), height: mmText(h) },
    color: "cmyk(100, 45, 0, 0)" });
}

function addQr() {
  const g = geometry(state.layout);
  if (!g) return;
  const side = Math.min(18, g.W / 3, g.H / 2);
  const email = (state.setup.headers || []).find((h) => /e-?mail/i.test(h));
  add("qr", { data: email ? `{${email}}` : "{email}", box: { x: mmText(g.W - g.s - side),
    y: mmText(g.s), width: mmText(side), height: mmText(side) }, error: "M" });
}

function addImage(file) {
  const g = geometry(state.layout);
  if (!g) return;
  const w = Math.max(5, g.W * 0.35), h = Math.max(5, g.H * 0.2);
  add("image", { file, box: { x: mmText(g.s), y: mmText(g.H - g.s - h), width: mmText(w),
    height: mmText(h) }, fit: "contain" });
}

async function upload(file, then) {
  const body = new FormData();
  body.append("file", file, file.name);
  status(`Uploading ${file.name}…`);
  try {
    const out = await (await api("/artwork", { method: "POST", body })).json();
    if (!state.setup.files.includes(out.file)) state.setup.files.push(out.file);
    status(`${out.file} uploaded`);
    problem("");
    then(out.file);
  } catch (err) {
    problem(err.message);
    status("");
  }
}

function removeSelected() {
  const k = parseKey(state.selected);
  if (!k) return;
  state.selected = null;
  edit((layout) => { faceOf(layout, k.side)[k.kind].splice(k.index, 1); }, { onLayout: true });
}

function duplicate() {
  const k = parseKey(state.selected);
  if (!k) return;
  let key = null;
  edit((layout) => {
    const list = faceOf(layout, k.side)[k.kind];
    const copy = clone(list[k.index]);
    const g = geometry(layout);
    const box = canvasBox(k.kind, copy, g);
    if (box && typeof copy.box === "object") {
      copy.box = { ...copy.box, ...layoutBox({ ...box, x: box.x + 2, y: box.y + 2 }, g) };
    }
    list.splice(k.index + 1, 0, copy);
    key = `${k.side === "back" ? "back." : ""}${k.kind}[${k.index + 2}]`;
  }, { onLayout: true });
  if (key) select(key);
}

/** Move the selection one step up (``by`` = 1) or down (-1) the drawing order; every element
 *  of the side gets its place as its ``layer``. */
function reorder(by) {
  const items = elements(state.layout, state.side);
  const i = items.findIndex((e) => e.key === state.selected);
  const j = i + by;
  if (i < 0 || j < 0 || j >= items.length) return;
  [items[i], items[j]] = [items[j], items[i]];
  edit(() => { items.forEach((e, n) => { e.table.layer = n; }); }, { onLayout: true });
}

function addBack() {
  edit((layout) => {
    const fields = (layout.field || []).map((f) => clone(f));
    layout.back = { field: fields.length ? fields : [] };
    const stock = layout.sheet && layout.sheet.stock;
    if (!(layout.badge && layout.badge.fold) && !(layout.sheet && layout.sheet.duplex) && stock !== "labels") {
      layout.sheet = { ...(layout.sheet || {}), duplex: "long-edge" };
    }
  }, { onLayout: true });
  state.side = "back";
  update();
}

// ---- stock ---------------------------------------------------------------------------------
function stockLayout() {
  const choice = $("#stock").value;
  if (choice !== "custom") {
    const s = state.setup.stocks.find((x) => x.name === choice);
    return s ? { layout: clone(s.layout), back: s.back, title: s.title } : null;
  }
  const n = (name) => parseFloat($(`#custom-stock [name=${name}]`).value);
  const [w, h, b, s] = [n("custom_width"), n("custom_height"), n("custom_bleed"), n("custom_safe")];
  if (![w, h, b, s].every(Number.isFinite) || w <= 0 || h <= 0) { problem("give the custom badge's width and height in mm"); return null; }
  const sheet = $("#custom-stock [name=custom_sheet]").value;
  const layout = { name: `${mmText(w).slice(0, -2)} × ${mmText(h).slice(0, -2)} mm`, sheet: { size: sheet },
    badge: { size: `${mmText(w)} x ${mmText(h)}`, bleed: mmText(b), safe: mmText(s) } };
  if (sheet !== "badge") { layout.grid = { gutter: mmText(b > 0 ? 2 * b : 0) }; layout.marks = { crop: true }; }
  return { layout, back: false, title: layout.name };
}

function useStock(keep) {
  const stock = stockLayout();
  if (!stock) return;
  const old = clone(state.layout);
  const oldGeo = geometry(old);
  edit((layout) => {
    for (const k of Object.keys(layout)) delete layout[k];
    layout.name = keep && old.name ? old.name : stock.title;
    Object.assign(layout, stock.layout, { name: layout.name });
    if (old.event) layout.event = clone(old.event);
    if (!keep) return;
    for (const kind of ["image", "rect", "qr", "field"]) if (old[kind]) layout[kind] = clone(old[kind]);
    if (old.back) layout.back = clone(old.back);
    const geo = geometry(layout);
    if (oldGeo && geo) scale(layout, oldGeo, geo);
  }, { onLayout: true });
  state.selected = null;
  $("#stock-menu").open = false;
  status(keep ? "The stock changed; the elements were scaled to the new badge." : "A fresh badge: add a text field to begin (a badge needs at least one).");
  update();
}

function scale(layout, from, to) {
  const sx = to.W / from.W, sy = to.H / from.H;
  for (const side of ["front", "back"]) {
    for (const e of elements(layout, side)) {
      if (typeof e.table.box !== "object") continue;
      const b = canvasBox(e.kind, e.table, from);
      if (!b) continue;
      let x = (b.x - from.b) * sx, y = (b.y - from.b) * sy, w = b.w * sx, h = b.h * sy;
      if (e.kind === "field") {  // text stays in the safe area
        const s = to.s;
        x = Math.max(s, Math.min(x, to.W - s - 1)); y = Math.max(s, Math.min(y, to.H - s - 1));
        w = Math.min(w, to.W - s - x); h = Math.min(h, to.H - s - y);
      }
      e.table.box = { ...e.table.box, ...layoutBox({ x: x + to.b, y: y + to.b, w, h }, to) };
    }
  }
}

// ---- zoom -----------------------------------------------------------------------------------
function fit() {
  const geo = geometry(state.layout);
  if (!geo) return;
  const area = $(".dz-scroll");
  const room = Math.max(120, area.clientWidth - 24);
  const tall = Math.max(120, Math.min(area.clientHeight || 9999, window.innerHeight * 0.7) - 24);
  const best = Math.max(1, Math.min(room / geo.cw, tall / geo.ch));
  stage.setScale(best * state.zoom);
  $("#zoom").textContent = `${Math.round(state.zoom * 100)} %`;
}
function zoom(by) {
  state.zoom = by === 0 ? 1 : Math.max(0.5, Math.min(6, state.zoom * by));
  update({ picture: false, props: false, check: false });
}

// ---- save and download --------------------------------------------------------------------------
async function save() {
  const sent = JSON.stringify(state.layout);
  status("Saving…");
  try {
    const out = await (await post("/layout", { layout: JSON.parse(sent) }, "PUT")).json();
    state.saved = sent;
    state.findings = out.warnings;
    problem("");
    status("Saved: builds, previews and the desks use this design.");
    update({ picture: false });
    return true;
  } catch (err) {
    problem(err.message);
    status("Not saved.");
    return false;
  }
}

// ---- the keyboard ---------------------------------------------------------------------------------
function typing(target) {
  return target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

document.addEventListener("keydown", (e) => {
  const ctrl = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  // In a field that holds what it showed, Ctrl+Z is the design's (else the field's own).
  const mine = !typing(e.target) || e.target.tagName === "SELECT" || e.target.value === e.target.defaultValue;
  if (ctrl && key === "z" && mine) { e.preventDefault(); (e.shiftKey ? redo : undo)(); return; }
  if (ctrl && key === "y" && mine) { e.preventDefault(); redo(); return; }
  if (ctrl && key === "s") { e.preventDefault(); save(); return; }
  if (typing(e.target) || e.altKey && !e.key.startsWith("Arrow")) return;
  const step = e.shiftKey ? 5 : 0.5;
  const arrows = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (arrows[e.key] && state.selected) { e.preventDefault(); nudge(...arrows[e.key]); return; }
  if ((e.key === "Delete" || e.key === "Backspace") && state.selected) { e.preventDefault(); removeSelected(); return; }
  if (ctrl && key === "d" && state.selected) { e.preventDefault(); duplicate(); return; }
  if (e.key === "Escape" && state.selected) { select(null); }
});

// ---- the toolbar ------------------------------------------------------------------------------------
const ACTIONS = {
  undo, redo, save, "add-rect": addBand, "add-qr": addQr, delete: removeSelected, duplicate,
  forward: () => reorder(1), backward: () => reorder(-1), "add-back": addBack,
  "zoom-in": () => zoom(1.25), "zoom-out": () => zoom(0.8), "zoom-fit": () => zoom(0),
  "prev-attendee": () => stepAttendee(-1), "next-attendee": () => stepAttendee(1),
  "stock-keep": () => useStock(true), "stock-fresh": () => useStock(false),
};
root.addEventListener("click", (e) => {
  const button = e.target.closest("button[data-action]");
  if (button && ACTIONS[button.dataset.action]) { e.preventDefault(); ACTIONS[button.dataset.action](); }
});
$("[data-action=download]").addEventListener("click", async (e) => {
  if (!dirty()) return;
  e.preventDefault();
  if (await save()) window.location.href = e.target.closest("a").href;
});
$("#add-field").addEventListener("change", (e) => {
  const v = e.target.value;
  e.target.value = "";
  if (v === "__fixed__") addField("Your text");
  else if (v) addField(v.replace(/\\n/g, "\n"));
});
$("#add-image").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (file) upload(file, addImage);
  e.target.value = "";
});
$("#attendee").addEventListener("change", (e) => { state.attendee = Number(e.target.value); refresh(); });
for (const side of ["front", "back"]) {
  $(`#side-${side}`).addEventListener("change", () => { state.side = side; state.selected = null; update(); });
}
$("#stock").addEventListener("change", () => { $("#custom-stock").hidden = $("#stock").value !== "custom"; });
window.addEventListener("resize", () => fit());
window.addEventListener("beforeunload", (e) => { if (state.layout && dirty()) e.preventDefault(); });

function fillMenus() {
  const add = $("#add-field");
  const group = (label, items) => el("optgroup", { label }, ...items.map(([v, t]) => el("option", { value: v, text: t })));
  const headers = state.setup.headers || [];
  const ev = state.layout.event && typeof state.layout.event === "object" ? Object.keys(state.layout.event) : [];
  add.replaceChildren(el("option", { value: "", text: "Add text…" }),
    group("The name", [["{name}", "Full name"], ["{first_name}\\n{last_name}", "First name, last name below"]]),
    headers.length ? group("Columns of your list", headers.map((h) => [`{${h}}`, h])) : null,
    group("Standard fields", [["{company}", "Company"], ["{job_title}", "Job title"], ["{ticket_type}", "Ticket type"], ["{pronouns}", "Pronouns"], ["{email}", "E-mail"]]),
    ev.length ? group("Event text", ev.map((k) => [`{event.${k}}`, `event.${k}`])) : null,
    group("Other", [["__fixed__", "Fixed text"]]));
  const stock = $("#stock");
  const groups = new Map();
  for (const s of state.setup.stocks) {
    if (!groups.has(s.group)) groups.set(s.group, []);
    groups.get(s.group).push([s.name, s.title]);
  }
  stock.replaceChildren(...[...groups].map(([g, items]) => group(g, items)), el("option", { value: "custom", text: "Custom size…" }));
  const same = (a, b) => JSON.stringify(a || {}) === JSON.stringify(b || {});
  const now = state.setup.stocks.find((s) => same(s.layout.badge, state.layout.badge) && same(s.layout.sheet, state.layout.sheet));
  if (now) stock.value = now.name;
}

async function boot() {
  try {
    const [setup, opened] = await Promise.all([api("/designer").then((r) => r.json()), api("/layout").then((r) => r.json())]);
    state.setup = setup;
    state.layout = opened.layout;
    state.name = opened.name;
    state.saved = JSON.stringify(opened.layout);
    state.findings = opened.warnings;
    fillMenus();
    setAttendees(opened.attendees, false);
    root.dataset.ready = "yes";
    update({ check: false });
  } catch (err) {
    problem(`the design could not be opened: ${err.message}`);
  }
}

boot();
