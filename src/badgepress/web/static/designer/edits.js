// The designer's edits that make or remake elements and stock: new elements placed on the
// badge, a duplicate, the layers renumbered, a back added, another stock (its elements scaled
// to the new badge, text kept in the safe area). Functions over the layout JSON (mm from
// model.js); main.js records each as one step of the history.
import { canvasBox, clone, elements, faceOf, geometry, guides, layerOf, layoutBox, mmText,
  parseKey } from "./model.js";

/** The layer above every element of ``side`` when some have an explicit ``layer``. */
export function topLayer(layout, side) {
  const els = elements(layout, side);
  const explicit = els.some((e) => Number.isInteger(e.table.layer));
  return explicit ? Math.max(...els.map((e) => layerOf(e.kind, e.table))) + 1 : undefined;
}

/** Add ``table`` as the last ``kind`` of ``side`` (a back made if needed); its key. */
export function append(layout, side, kind, table) {
  const top = topLayer(layout, side);
  if (top !== undefined) table.layer = top;
  const face = faceOf(layout, side) || (layout.back = {});
  face[kind] = Array.isArray(face[kind]) ? face[kind] : [];
  face[kind].push(table);
  return `${side === "back" ? "back." : ""}${kind}[${face[kind].length}]`;
}

// A box the width of the safe area, ``height`` mm high, where no text field lies yet.
function freeBox(layout, side, height) {
  const g = geometry(layout);
  const s = guides(g).safe;
  const boxes = elements(layout, side).filter((e) => e.kind === "field")
    .map((e) => canvasBox(e.kind, e.table, g)).filter(Boolean);
  let y = s.y + (s.h - height) / 2;
  for (let top = s.y; top + height <= s.y + s.h + 1e-6; top += 1) {
    if (boxes.every((b) => top + height <= b.y || top >= b.y + b.h)) { y = top; break; }
  }
  return layoutBox({ x: s.x, y, w: s.w, h: Math.min(height, s.h) }, g);
}

/** A text field for ``template`` ("{Company}", "{first_name}\n{last_name}", fixed text). */
export function newField(layout, side, template) {
  const g = geometry(layout);
  const big = /\{(name|first_name|last_name|First Name|Last Name)\}/i.test(template);
  const height = Math.min(big ? 18 : 7, Math.max(3, g.H - 2 * g.s));
  const pt = height * 72 / 25.4;
  const name = (/^\{([^{}]+)\}$/.exec(template.split("\n")[0]) || [null, "text"])[1]
    .replace(/[^A-Za-z0-9_]+/g, "_").toLowerCase().replace(/^_+|_+$/g, "") || "text";
  const max = Math.max(6, Math.round(pt * (big ? 0.75 : 0.7)));
  const field = { name, text: template, box: freeBox(layout, side, height),
    font: big ? "Noto Sans Bold" : "Noto Sans",
    size: { max: `${max}pt`, min: `${Math.min(max, big ? 12 : 6)}pt` } };
  if (big) field.lines = 2;  // a long name breaks rather than shrinks
  return field;
}

/** A colour band across the top of the badge (an edge on the cut bleeds). */
export function newBand(layout) {
  const g = geometry(layout);
  const h = Math.min(10, g.H / 4);
  return { box: { x: "0mm", y: mmText(g.H - h), width: mmText(g.W), height: mmText(h) },
    color: "cmyk(100, 45, 0, 0)" };
}

/** A QR code in the lower right corner, from the list's e-mail column. */
export function newQr(layout, headers) {
  const g = geometry(layout);
  const side = Math.min(18, g.W / 3, g.H / 2);
  const email = (headers || []).find((h) => /e-?mail/i.test(h));
  return { data: email ? `{${email}}` : "{email}", box: { x: mmText(g.W - g.s - side),
    y: mmText(g.s), width: mmText(side), height: mmText(side) }, error: "M" };
}

/** An image of ``file`` in the upper left corner (all of it, aspect kept). */
export function newImage(layout, file) {
  const g = geometry(layout);
  const w = Math.max(5, g.W * 0.35), h = Math.max(5, g.H * 0.2);
  return { file, box: { x: mmText(g.s), y: mmText(g.H - g.s - h), width: mmText(w),
    height: mmText(h) }, fit: "contain" };
}

/** A copy of the element ``key`` just after it, 2 mm lower right; the copy's key. */
export function duplicate(layout, key) {
  const k = parseKey(key);
  const list = faceOf(layout, k.side)[k.kind];
  const copy = clone(list[k.index]);
  const g = geometry(layout);
  const box = canvasBox(k.kind, copy, g);
  if (box && typeof copy.box === "object") {
    copy.box = { ...copy.box, ...layoutBox({ ...box, x: box.x + 2, y: box.y + 2 }, g) };
  }
  list.splice(k.index + 1, 0, copy);
  return `${k.side === "back" ? "back." : ""}${k.kind}[${k.index + 2}]`;
}

/** Move ``key`` one step up (``by`` = 1) or down (-1) the drawing order of ``side``: every
 *  element of the side gets its place as its ``layer``. False when it cannot move. */
export function relayer(layout, side, key, by) {
  const items = elements(layout, side);
  const i = items.findIndex((e) => e.key === key);
  const j = i + by;
  if (i < 0 || j < 0 || j >= items.length) return false;
  [items[i], items[j]] = [items[j], items[i]];
  items.forEach((e, n) => { e.table.layer = n; });
  return true;
}

/** Give the layout a back: the front's texts again, printed long-edge duplex (a fold-over's
 *  back is its other panel). */
export function addBack(layout) {
  layout.back = { field: (layout.field || []).map((f) => clone(f)) };
  if (!(layout.badge && layout.badge.fold) && !(layout.sheet && layout.sheet.duplex)) {
    layout.sheet = { ...(layout.sheet || {}), duplex: "long-edge" };
  }
}

/** A custom stock: a badge of w x h mm with bleed b and safe area s, on ``sheet`` (a paper
 *  name, several a sheet with crop marks; or "badge", one a page). */
export function customStock(w, h, b, s, sheet) {
  const layout = { name: `${mmText(w).slice(0, -2)} × ${mmText(h).slice(0, -2)} mm`,
    sheet: { size: sheet }, badge: { size: `${mmText(w)} x ${mmText(h)}`, bleed: mmText(b),
      safe: mmText(s) } };
  if (sheet !== "badge") {
    layout.grid = { gutter: mmText(b > 0 ? 2 * b : 0) };
    layout.marks = { crop: true };
  }
  return { layout, title: layout.name };
}

/** ``layout`` (changed in place) on ``stock``: its sheet, badge, grid and marks; the
 *  ``[event]`` strings kept; with ``keep`` the elements (both sides) scaled to the new
 *  badge, else none. The title is the stock's, unless the design has its own (one that is
 *  not among ``stockTitles``) and keeps its elements. */
export function onStock(layout, stock, keep, stockTitles = new Set()) {
  const old = clone(layout);
  const from = geometry(old);
  const own = keep && old.name && !stockTitles.has(old.name);
  for (const k of Object.keys(layout)) delete layout[k];
  Object.assign(layout, { name: "" }, clone(stock.layout));
  layout.name = own ? old.name : stock.title;
  if (old.event) layout.event = clone(old.event);
  if (!keep) return;
  for (const kind of ["image", "rect", "qr", "field"]) if (old[kind]) layout[kind] = clone(old[kind]);
  if (old.back) layout.back = clone(old.back);
  const to = geometry(layout);
  if (from && to) scale(layout, from, to);
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
