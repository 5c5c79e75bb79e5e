// The badge designer (/events/{id}/design): the event's layout as JSON (the truth), shown on
// the stage over the engine's own PNG of a real attendee's badge, redrawn after every change;
// elements added, moved, resized, nudged, typed, reordered; undo and redo across every
// change; live checks; save and download. Talks to the designer's API only.
import * as edits from "./edits.js";
import { client } from "./net.js";
import { canvasBox, elements, faceOf, geometry, hasBack, layoutBox, parseKey,
  tableOf } from "./model.js";
import { el, fillMenus, findingsByKey, renderList, renderProps } from "./panel.js";
import { Stage } from "./stage.js";

const root = document.getElementById("designer");
const EVENT = root.dataset.event;
const { api, post } = client(`/api/events/${encodeURIComponent(EVENT)}`);
const $ = (sel) => root.querySelector(sel);
const HISTORY = 300;

const state = {
  layout: null, saved: "", side: "front", selected: null, history: [], future: [],
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

// ---- the state and its history ------------------------------------------------------------
const dirty = () => JSON.stringify(state.layout) !== state.saved;

/** Change the layout with ``fn(layout)`` (or ``fn(table)`` of the selected element): one
 *  step of the history, then everything is shown again and the badge drawn again. */
function edit(fn, { onLayout = false } = {}) {
  const before = JSON.stringify(state.layout);
  const target = onLayout ? state.layout : tableOf(state.layout, state.selected);
  if (!target) return;
  status("");
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

/** Show the state again (stage, list, properties, buttons) and refresh the picture. */
function update({ picture = true, props = true, check = true } = {}) {
  const focused = document.activeElement;
  const refocus = focused && focused.dataset && focused.dataset.element ? `[data-element="${focused.dataset.element}"]`
    : focused && focused.name && $("#props").contains(focused) ? `#props [name="${focused.name}"]` : null;
  if (state.selected && !tableOf(state.layout, state.selected)) state.selected = null;
  if (state.side === "back" && !hasBack(state.layout)) state.side = "front";
  const geo = geometry(state.layout);
  const byKey = findingsByKey(state.findings);
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
  if (refocus && !root.contains(document.activeElement)) {
    const back = root.querySelector(refocus);
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

// ---- adding, removing, ordering, stock ----------------------------------------------------
/** Change the layout with ``fn(layout)``, which answers the key to select (or nothing). */
function change(fn) {
  let key;
  edit((layout) => { key = fn(layout); }, { onLayout: true });
  if (key) select(key);
}

function add(kind, make) {
  if (!geometry(state.layout)) return;
  change((layout) => edits.append(layout, state.side, kind, make(layout)));
}

async function upload(file, then) {
  const body = new FormData();
  body.append("file", file, file.name);
  status(`Uploading ${file.name}…`);
  try {
    const out = await (await api("/artwork", { method: "POST", body })).json();
    if (!state.setup.files.includes(out.file)) state.setup.files.push(out.file);
    problem("");
    then(out.file);
    status(`${out.file} uploaded`);
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
  if (parseKey(state.selected)) change((layout) => edits.duplicate(layout, state.selected));
}

function reorder(by) {
  const key = state.selected;
  edit((layout) => { edits.relayer(layout, state.side, key, by); }, { onLayout: true });
}

function addBack() {
  edit((layout) => edits.addBack(layout), { onLayout: true });
  state.side = "back";
  update();
}

function useStock(keep) {
  let stock;
  const choice = $("#stock").value;
  if (choice === "custom") {
    const n = (name) => parseFloat($(`#custom-stock [name=${name}]`).value);
    const [w, h, b, s] = [n("custom_width"), n("custom_height"), n("custom_bleed"), n("custom_safe")];
    if (![w, h, b, s].every(Number.isFinite) || w <= 0 || h <= 0 || b < 0 || s < 0) {
      problem("give the custom badge's width and height (and its bleed and safe area) in mm");
      return;
    }
    stock = edits.customStock(w, h, b, s, $("#custom-stock [name=custom_sheet]").value);
  } else {
    stock = state.setup.stocks.find((x) => x.name === choice);
    if (!stock) return;
  }
  state.selected = null;
  const titles = new Set(state.setup.stocks.map((x) => x.title));
  edit((layout) => edits.onStock(layout, stock, keep, titles), { onLayout: true });
  $("#stock-menu").open = false;
  status(keep ? "The stock changed; the elements were scaled to the new badge."
    : "A fresh badge: add a text field to begin (a badge needs at least one).");
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
  undo, redo, save, delete: removeSelected, duplicate,
  "add-rect": () => add("rect", (layout) => edits.newBand(layout)),
  "add-qr": () => add("qr", (layout) => edits.newQr(layout, state.setup.headers)),
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
  const text = v === "__fixed__" ? "Your text" : v.replace(/\\n/g, "\n");
  if (v) add("field", (layout) => edits.newField(layout, state.side, text));
});
$("#add-image").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (file) upload(file, (name) => add("image", (layout) => edits.newImage(layout, name)));
  e.target.value = "";
});
$("#attendee").addEventListener("change", (e) => { state.attendee = Number(e.target.value); refresh(); });
for (const side of ["front", "back"]) {
  $(`#side-${side}`).addEventListener("change", () => { state.side = side; state.selected = null; update(); });
}
$("#stock").addEventListener("change", () => { $("#custom-stock").hidden = $("#stock").value !== "custom"; });
window.addEventListener("resize", () => fit());
window.addEventListener("beforeunload", (e) => { if (state.layout && dirty()) e.preventDefault(); });

async function boot() {
  try {
    const [setup, opened] = await Promise.all([api("/designer").then((r) => r.json()), api("/layout").then((r) => r.json())]);
    state.setup = setup;
    state.layout = opened.layout;
    state.saved = JSON.stringify(opened.layout);
    state.findings = opened.warnings;
    fillMenus(root, state.setup, state.layout);
    setAttendees(opened.attendees, false);
    root.dataset.ready = "yes";
    update({ check: false });
  } catch (err) {
    problem(`the design could not be opened: ${err.message}`);
  }
}

boot();
