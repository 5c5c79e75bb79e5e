// The layout as data, for the designer: lengths, the canvas's coordinates, elements and their
// drawing order, colours and conditions. Pure functions over the layout JSON (the TOML's
// structure: sheet, badge, field as a list of tables, back...); nothing here draws.
//
// Coordinates, as badgepress.sheet.canvas: the layout measures a box from the lower left
// corner of the badge's trim, y up; the canvas shows the bleed box, in mm from its top left,
// y down. With b the bleed and H the badge's height: canvas x = x + b; canvas y = (H + b) -
// (y + height).

export const PT_PER = { pt: 1, mm: 72 / 25.4, cm: 72 / 2.54, in: 72 };
const LENGTH = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(mm|cm|in|pt)?\s*$/i;
// Portrait paper sizes in mm (sheet.units.PAPER_SIZES).
const PAPER = { a3: [297, 420], a4: [210, 297], a5: [148, 210], a6: [105, 148],
  sra3: [320, 450], letter: [215.9, 279.4], legal: [215.9, 355.6], tabloid: [279.4, 431.8] };

export const KINDS = ["image", "rect", "qr", "field"];
export const KIND_NAMES = { field: "Text", image: "Image", rect: "Band", qr: "QR code" };
// Default drawing layers (sheet.elements): backgrounds 0, bands 1, images 2, QR 3, text 4.
const RANK = { background: 0, rect: 1, image: 2, qr: 3, field: 4 };

/** A layout length ("5mm", "0.25in", 12 = points) in mm; NaN when it is none. */
export function toMM(value) {
  if (typeof value === "number") return value / PT_PER.mm;
  if (typeof value !== "string") return NaN;
  const m = LENGTH.exec(value);
  if (!m) return NaN;
  return (parseFloat(m[1]) * PT_PER[(m[2] || "pt").toLowerCase()]) / PT_PER.mm;
}

/** mm as a layout length to 0.01 mm: "5mm", "18.5mm" (sheet.canvas.length_text). */
export function mmText(value) {
  let text = (Math.round(value * 100) / 100).toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  if (text === "-0" || text === "") text = "0";
  return `${text}mm`;
}

/** A size ("90mm x 55mm" or a paper name) as [width, height] in mm; null when it is none. */
export function sizeMM(value) {
  if (typeof value !== "string") return null;
  const key = value.trim().toLowerCase();
  if (PAPER[key]) return PAPER[key].slice();
  const parts = value.trim().split(/\s*[x×*]\s*/i);
  if (parts.length !== 2) return null;
  const w = toMM(parts[0]), h = toMM(parts[1]);
  return Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0 ? [w, h] : null;
}

/** The badge's geometry in mm: trim W x H, bleed b, safe s, canvas cw x ch; null if unknown. */
export function geometry(layout) {
  const badge = (layout && layout.badge) || {};
  const size = sizeMM(badge.size);
  if (!size) return null;
  const b = badge.bleed === undefined ? 0 : toMM(badge.bleed);
  const s = badge.safe === undefined ? 3 : toMM(badge.safe);
  const bleed = Number.isFinite(b) ? Math.max(0, b) : 0;
  return { W: size[0], H: size[1], b: bleed, s: Number.isFinite(s) ? s : 3,
    cw: size[0] + 2 * bleed, ch: size[1] + 2 * bleed };
}

/** The face of ``side`` ("front": the layout itself; "back": its [back] table or null). */
export function faceOf(layout, side) {
  if (side !== "back") return layout;
  return layout.back && typeof layout.back === "object" ? layout.back : null;
}

/** Whether the layout prints a back (a [back] table, duplex or fold-over). */
export function hasBack(layout) {
  return faceOf(layout, "back") !== null;
}

function tables(face, kind) {
  const list = face && face[kind];
  return Array.isArray(list) ? list : [];
}

/** What an image fills: "bleed", "trim" or "box". */
export function areaOf(kind, table) {
  if (kind === "image" && (table.box === "bleed" || table.box === "trim")) return table.box;
  return "box";
}

function rankOf(kind, table) {
  return kind === "image" && areaOf(kind, table) !== "box" ? RANK.background : RANK[kind];
}

/** The layer an element is drawn on (its ``layer`` or its kind's default). */
export function layerOf(kind, table) {
  return Number.isInteger(table.layer) ? table.layer : rankOf(kind, table);
}

/**
 * The elements of one side in drawing order (lowest first), as plan.elements draws them:
 * by layer, then the kind's default layer, then images, bands, QR codes, fields in file
 * order. Each: {key: "field[1]" / "back.qr[2]", kind, index (0-based), table}.
 */
export function elements(layout, side) {
  const face = faceOf(layout, side);
  if (!face) return [];
  const prefix = side === "back" ? "back." : "";
  const out = [];
  let order = 0;
  for (const kind of KINDS) {
    tables(face, kind).forEach((table, index) => {
      if (table && typeof table === "object") {
        out.push({ key: `${prefix}${kind}[${index + 1}]`, kind, index, table,
          sort: [layerOf(kind, table), rankOf(kind, table), order] });
      }
      order += 1;
    });
  }
  out.sort((a, b) => a.sort[0] - b.sort[0] || a.sort[1] - b.sort[1] || a.sort[2] - b.sort[2]);
  return out;
}

/** Parse an element key ("back.field[2]") as {side, kind, index (0-based)}; null if none. */
export function parseKey(key) {
  const m = /^(back\.)?(field|image|rect|qr)\[(\d+)\]$/.exec(key || "");
  return m ? { side: m[1] ? "back" : "front", kind: m[2], index: Number(m[3]) - 1 } : null;
}

/** The table of the element ``key`` in ``layout``, or null. */
export function tableOf(layout, key) {
  const k = parseKey(key);
  if (!k) return null;
  const list = tables(faceOf(layout, k.side), k.kind);
  return list[k.index] || null;
}

/** The element's box on the canvas {x, y, w, h} (mm, bleed box's top left, y down). */
export function canvasBox(kind, table, geo) {
  const area = areaOf(kind, table);
  if (area === "bleed") return { x: 0, y: 0, w: geo.cw, h: geo.ch };
  if (area === "trim") return { x: geo.b, y: geo.b, w: geo.W, h: geo.H };
  const box = table.box || {};
  const x = toMM(box.x === undefined ? 0 : box.x), y = toMM(box.y === undefined ? 0 : box.y);
  const w = toMM(box.width), h = toMM(box.height);
  if (![x, y, w, h].every(Number.isFinite)) return null;
  return { x: x + geo.b, y: geo.H + geo.b - (y + h), w, h };
}

/** A canvas box as the layout's box table (lengths to 0.01 mm). */
export function layoutBox(c, geo) {
  return { x: mmText(c.x - geo.b), y: mmText(geo.H + geo.b - (c.y + c.h)),
    width: mmText(c.w), height: mmText(c.h) };
}

/** The canvas's guides: trim, safe area, centre lines (mm). */
export function guides(geo) {
  return {
    trim: { x: geo.b, y: geo.b, w: geo.W, h: geo.H },
    safe: { x: geo.b + geo.s, y: geo.b + geo.s, w: Math.max(0, geo.W - 2 * geo.s),
      h: Math.max(0, geo.H - 2 * geo.s) },
    cx: geo.b + geo.W / 2, cy: geo.b + geo.H / 2,
  };
}

const HEX = /^#([0-9a-f]{6})$/i;
const CMYK = /^cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/i;

/** A layout colour as {mode: "cmyk"|"hex", c, m, y, k (percent), hex (for the screen)}. */
export function parseColor(value) {
  const text = typeof value === "string" ? value.trim() : "";
  let m = HEX.exec(text);
  if (m) return { mode: "hex", hex: `#${m[1].toLowerCase()}`, c: 0, m: 0, y: 0, k: 0 };
  m = CMYK.exec(text);
  const [c, mg, y, k] = m ? m.slice(1, 5).map(Number) : [0, 0, 0, 100];
  const rgb = [c, mg, y].map((v) => Math.round(255 * (1 - v / 100) * (1 - k / 100)));
  const hex = `#${rgb.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
  return { mode: "cmyk", hex, c, m: mg, y, k };
}

/** CMYK percentages as the layout's colour text. */
export function cmykText(c, m, y, k) {
  const n = (v) => String(Math.max(0, Math.min(100, Math.round(Number(v) * 10) / 10 || 0)));
  return `cmyk(${n(c)}, ${n(m)}, ${n(y)}, ${n(k)})`;
}

/** One ``when`` condition as {column, op: "="|"!=", value}; null when there is none. */
export function parseWhen(when) {
  const text = Array.isArray(when) ? when[0] : when;
  if (typeof text !== "string") return null;
  const m = /^\s*([^=!]+?)\s*(!=|=)\s*(.*?)\s*$/.exec(text);
  return m ? { column: m[1], op: m[2], value: m[3] } : null;
}

/** A deep copy of JSON data. */
export function clone(value) {
  return JSON.parse(JSON.stringify(value));
}
