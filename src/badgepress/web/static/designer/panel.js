// The designer's side panels: the list of elements (each item a button with data-element,
// topmost first, both sides) and the selected element's properties (mm inputs named x, y,
// width, height; every key the layout format has for its kind), its live checks, and the
// badge's own keys when nothing is selected. Built with DOM calls; names are set with
// textContent, never as HTML.
import { areaOf, canvasBox, cmykText, elements, hasBack, KIND_NAMES, mmText, parseColor,
  parseWhen, toMM } from "./model.js";

export function el(name, attrs, ...children) {
  const out = document.createElement(name);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "text") out.textContent = v;
    else out.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c) out.append(c);
  return out;
}

const STANDARD = ["name", "first_name", "last_name", "company", "job_title", "role", "email",
  "id", "ticket_type", "pronouns"];

/** What an element is, in a few words ("Text · {first_name} {last_name}"). */
export function describe(kind, table) {
  let what = "";
  if (kind === "field") what = String(table.text ?? "").replace(/\n/g, " ⏎ ");
  else if (kind === "image") what = String(table.file ?? "") + (areaOf(kind, table) !== "box" ? ` (fills the ${table.box})` : "");
  else if (kind === "qr") what = String(table.data ?? "");
  else if (kind === "rect") what = String(table.color ?? "");
  if (table.when) what += ` · only when ${[].concat(table.when).join(" and ")}`;
  return `${KIND_NAMES[kind]} · ${what}`.slice(0, 90);
}

/** The live checks by the element they are about ("" for the badge's own). */
export function findingsByKey(findings) {
  const map = new Map();
  for (const f of findings) {
    const key = /^(back\.)?(field|image|rect|qr)\[\d+\]$/.test(f.key) ? f.key : "";
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(f);
  }
  return map;
}

/** The element list: both sides, topmost first, each item a button (data-element). */
export function renderList(ol, layout, selected, byKey, select) {
  ol.replaceChildren();
  const sides = hasBack(layout) ? ["front", "back"] : ["front"];
  for (const side of sides) {
    if (sides.length > 1) ol.append(el("li", { class: "side", text: side === "back" ? "Back" : "Front" }));
    const items = elements(layout, side).reverse();
    if (!items.length) ol.append(el("li", { class: "muted", text: "No elements yet: add text, an image, a band or a QR code." }));
    for (const item of items) {
      const found = byKey.get(item.key) || [];
      const button = el("button", { type: "button", "data-element": item.key,
        "aria-pressed": item.key === selected ? "true" : "false",
        class: item.key === selected ? "selected" : null });
      button.append(el("span", { class: "key", text: item.key }), " ",
        el("span", { class: "what", text: describe(item.kind, item.table) }));
      if (found.length) button.append(el("span", { class: "warn", title: found.map((f) => f.message).join("\n"), text: `⚠ ${found.length}` }));
      button.addEventListener("click", () => select(item.key));
      ol.append(el("li", {}, button));
    }
  }
}

function num(value, digits = 2) {
  return Number.isFinite(value) ? String(Math.round(value * 10 ** digits) / 10 ** digits) : "";
}

let uid = 0;
function row(labelText, control, hint) {
  if (!control.id) control.id = `dz-${control.getAttribute("name") || "c"}-${++uid}`;
  return el("div", { class: "prop" }, el("label", { for: control.id, text: labelText }), control,
    hint ? el("small", { class: "muted", text: hint }) : null);
}

function select(name, options, value) {
  const s = el("select", { name });
  for (const o of options) {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    s.append(el("option", { value: v, text: label, selected: String(v) === String(value) }));
  }
  return s;
}

// A change made with a control: ``commit`` runs when it is left (after the focus moved on,
// so Tab reaches the next control) or on Enter, which then hands the keys back to the
// badge (arrows move the selection, Ctrl+Z undoes).
function onCommit(control, commit) {
  control.addEventListener("change", () => {
    const value = control.value;
    setTimeout(() => commit(value), 0);
  });
  if (control.tagName === "INPUT") {
    control.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      commit(control.value);
      const stage = document.querySelector("[data-testid=badge-stage]");
      if (stage) stage.focus();
    });
  }
}

function setKey(table, key, value) {
  if (value === "" || value === undefined || value === null) delete table[key];
  else table[key] = value;
}

/** The selected element's properties, or the badge's own keys when none is selected. */
export function renderProps(root, ctx) {
  const { layout, key, table, kind } = ctx;
  root.replaceChildren();
  if (!table) return renderBadge(root, ctx);
  root.append(el("h2", { id: "props-title", text: `${KIND_NAMES[kind]} ${key}` }));
  findingsOf(root, ctx);  // the live checks first, beside the element's name
  const area = areaOf(kind, table);
  const box = canvasBox(kind, table, ctx.geo);
  const lb = table.box && typeof table.box === "object" ? table.box : {};
  const geo = el("fieldset", { class: "box" }, el("legend", { text: "Position and size (mm; x from the left cut, y up from the bottom cut)" }));
  for (const [name, label] of [["x", "x"], ["y", "y"], ["width", "width"], ["height", "height"]]) {
    const value = area === "box" ? toMM(lb[name] ?? (name === "x" || name === "y" ? 0 : NaN))
      : name === "width" ? box.w : name === "height" ? box.h : area === "bleed" ? -ctx.geo.b : 0;
    const input = el("input", { name, type: "number", step: "0.1", inputmode: "decimal",
      value: num(value), disabled: area !== "box" });
    onCommit(input, (v) => {
      const n = parseFloat(String(v).replace(",", "."));
      if (!Number.isFinite(n)) return;
      ctx.edit((t) => { t.box = { ...(typeof t.box === "object" ? t.box : {}), [name]: mmText(n) }; });
    });
    geo.append(row(label, input));
  }
  root.append(geo);
  if (kind === "field") fieldProps(root, ctx);
  if (kind === "image") imageProps(root, ctx);
  if (kind === "qr") qrProps(root, ctx);
  if (kind !== "image") colorProps(root, ctx, kind === "rect" ? "cmyk(100, 45, 0, 0)" : "cmyk(0, 0, 0, 100)");
  whenProps(root, ctx);
  const layer = el("input", { name: "layer", type: "number", step: "1", value: Number.isInteger(table.layer) ? table.layer : "" });
  onCommit(layer, (v) => ctx.edit((t) => setKey(t, "layer", v === "" ? "" : Math.round(Number(v)))));
  root.append(row("Layer (lower drawn first; empty: by kind)", layer));
}

function columnOptions(ctx) {
  const headers = ctx.setup.headers || [];
  const opts = [["", "Insert a column…"]];
  for (const h of headers) opts.push([`{${h}}`, `${h} (your list)`]);
  for (const s of STANDARD) opts.push([`{${s}}`, `${s} (standard field)`]);
  const ev = ctx.layout.event && typeof ctx.layout.event === "object" ? ctx.layout.event : {};
  for (const k of Object.keys(ev)) opts.push([`{event.${k}}`, `event.${k}: ${ev[k]}`]);
  return opts;
}

function templateProps(root, ctx, keyName, label) {
  const area = el("textarea", { name: keyName, rows: 2 });
  area.value = area.defaultValue = String(ctx.table[keyName] ?? "");
  onCommit(area, (value) => ctx.edit((t) => { t[keyName] = value; }));
  root.append(row(label, area, "{Column} is filled per attendee; a new line is the preferred line break"));
  const insert = select("insert", columnOptions(ctx), "");
  insert.addEventListener("change", () => {
    const piece = insert.value;
    if (!piece) return;
    const text = area.value;
    const at = area.selectionStart ?? text.length, end = area.selectionEnd ?? text.length;
    const fresh = document.activeElement !== area && !text.trim();
    const next = fresh ? piece : text.slice(0, at) + piece + text.slice(end);
    ctx.edit((t) => { t[keyName] = next; });
  });
  root.append(row("Insert a column", insert));
}

function fieldProps(root, ctx) {
  const t = ctx.table;
  templateProps(root, ctx, "text", "Text");
  const name = el("input", { name: "name", value: t.name ?? "" });
  onCommit(name, (v) => ctx.edit((x) => setKey(x, "name", v.trim())));
  root.append(row("Name (in the report)", name));
  const fonts = [...new Set([...(ctx.setup.fonts || []), ...(ctx.setup.files || []).filter((f) => /\.(ttf|otf)$/i.test(f)), t.font || "Noto Sans"])];
  const font = select("font", fonts, t.font || "Noto Sans");
  font.addEventListener("change", () => ctx.edit((x) => { x.font = font.value; }));
  root.append(row("Font", font));
  const upload = el("input", { type: "file", name: "font_file", accept: ".ttf,.otf" });
  upload.addEventListener("change", () => upload.files[0] && ctx.upload(upload.files[0], (file) => ctx.edit((x) => { x.font = file; })));
  root.append(row("Upload a font (.ttf, .otf)", upload));
  const size = t.size && typeof t.size === "object" ? t.size : {};
  for (const [k, label] of [["max", "Largest size (pt)"], ["min", "Smallest size (pt)"]]) {
    const v = toMM(size[k]) * 72 / 25.4;
    const input = el("input", { name: `size_${k}`, type: "number", step: "0.5", min: "1", value: num(v, 2) });
    onCommit(input, (val) => {
      const n = parseFloat(val);
      if (!Number.isFinite(n)) return;
      ctx.edit((x) => { x.size = { ...(typeof x.size === "object" ? x.size : {}), [k]: `${num(n)}pt` }; });
    });
    root.append(row(label, input));
  }
  const choices = [
    ["lines", "Lines", [[1, "one line"], [2, "up to two lines"], [3, "up to three lines"]], t.lines ?? 1, Number],
    ["align", "Alignment", ["left", "center", "right"], t.align ?? "center", String],
    ["valign", "Vertical alignment", ["top", "middle", "bottom"], t.valign ?? "middle", String],
    ["case", "Case", [["as-typed", "as typed"], ["title", "Title Case"], ["upper", "UPPER CASE"]], t.case ?? "as-typed", String],
    ["line_sizes", "Line sizes", [["shared", "all lines one size"], ["each", "each line as large as it fits"]], t.line_sizes ?? "shared", String],
  ];
  for (const [k, label, opts, value, cast] of choices) {
    const s = select(k, opts, value);
    s.addEventListener("change", () => ctx.edit((x) => { x[k] = cast(s.value); }));
    root.append(row(label, s));
  }
  for (const [k, label, dflt, hint] of [["condense", "Narrowest width before shrinking", 0.8, "1 = never condense"], ["line_gap", "Space between lines (em)", 0.1, ""]]) {
    const input = el("input", { name: k, type: "number", step: "0.05", min: "0", max: "1", value: t[k] ?? dflt });
    onCommit(input, (v) => { const n = parseFloat(v); if (Number.isFinite(n)) ctx.edit((x) => { x[k] = n; }); });
    root.append(row(label, input, hint));
  }
}

function imageProps(root, ctx) {
  const t = ctx.table;
  const files = [...new Set([...(ctx.setup.files || []).filter((f) => /\.(pdf|svg|png|jpe?g)$/i.test(f)), t.file ?? ""])];
  const file = select("file", files, t.file ?? "");
  file.addEventListener("change", () => ctx.edit((x) => { x.file = file.value; }));
  root.append(row("File", file));
  const upload = el("input", { type: "file", name: "image_file", accept: ".pdf,.svg,.png,.jpg,.jpeg" });
  upload.addEventListener("change", () => upload.files[0] && ctx.upload(upload.files[0], (name) => ctx.edit((x) => { x.file = name; })));
  root.append(row("Upload another file", upload));
  const fills = select("fills", [["box", "its own box"], ["bleed", "the whole badge and its bleed (a background)"], ["trim", "the badge to the cut"]], areaOf("image", t));
  fills.addEventListener("change", () => ctx.edit((x) => {
    if (fills.value === "box") {
      const g = ctx.geo;
      x.box = { x: mmText(g.s), y: mmText(g.s), width: mmText(Math.max(1, g.W - 2 * g.s)), height: mmText(Math.max(1, g.H - 2 * g.s)) };
    } else x.box = fills.value;
  }));
  root.append(row("Fills", fills));
  const fit = select("fit", [["contain", "all of it, aspect kept"], ["cover", "fills the box, aspect kept, the rest cut off"], ["stretch", "fills the box exactly"]], t.fit ?? "contain");
  fit.addEventListener("change", () => ctx.edit((x) => { x.fit = fit.value; }));
  root.append(row("Fit", fit));
  const page = el("input", { name: "page", type: "number", min: "1", step: "1", value: t.page ?? 1 });
  onCommit(page, (v) => ctx.edit((x) => {
    const n = Math.max(1, Math.round(Number(v) || 1));
    setKey(x, "page", n === 1 && x.page === undefined ? "" : n);
  }));
  root.append(row("Page (of a PDF)", page));
}

function qrProps(root, ctx) {
  templateProps(root, ctx, "data", "Data");
  const error = select("error", [["L", "L (7 %)"], ["M", "M (15 %)"], ["Q", "Q (25 %)"], ["H", "H (30 %)"]], String(ctx.table.error ?? "M").toUpperCase());
  error.addEventListener("change", () => ctx.edit((x) => { x.error = error.value; }));
  root.append(row("Error correction", error));
}

function colorProps(root, ctx, dflt) {
  const t = ctx.table;
  const c = parseColor(t.color ?? dflt);
  const set = el("fieldset", { class: "colour" }, el("legend", { text: "Colour" }));
  const mode = select("color_mode", [["cmyk", "CMYK (print)"], ["hex", "hex (#rrggbb, screen)"]], c.mode);
  set.append(row("As", mode));
  const swatch = el("input", { type: "color", name: "color_hex", value: c.hex });
  const hex = el("input", { name: "color", value: c.mode === "hex" ? c.hex : "", placeholder: "#0a5ea8", disabled: c.mode !== "hex" });
  const parts = ["c", "m", "y", "k"].map((p) => el("input", { name: `color_${p}`, type: "number", min: "0", max: "100", step: "1", value: num(c[p], 1), disabled: c.mode !== "cmyk", "aria-label": `${p.toUpperCase()} %` }));
  const commitCmyk = () => ctx.edit((x) => { x.color = cmykText(...parts.map((p) => p.value)); });
  parts.forEach((p) => onCommit(p, commitCmyk));
  onCommit(hex, (v) => { if (/^#[0-9a-f]{6}$/i.test(v.trim())) ctx.edit((x) => { x.color = v.trim().toLowerCase(); }); });
  swatch.addEventListener("change", () => ctx.edit((x) => { x.color = swatch.value.toLowerCase(); }));
  mode.addEventListener("change", () => ctx.edit((x) => {
    x.color = mode.value === "hex" ? parseColor(x.color ?? dflt).hex : cmykText(0, 0, 0, 100);
  }));
  const cmyk = el("div", { class: "cmyk" }, ...parts.map((p, i) => el("label", { for: p.id || (p.id = `dz-cmyk-${i}-${++uid}`), text: "CMYK"[i] })).flatMap((l, i) => [l, parts[i]]));
  set.append(el("div", { class: "prop" }, el("span", { class: "label", text: "C, M, Y, K (%)" }), cmyk));
  set.append(row("Hex", hex), row("Pick a screen colour", swatch));
  root.append(set);
}

function whenProps(root, ctx) {
  const t = ctx.table;
  const w = parseWhen(t.when);
  const set = el("fieldset", { class: "when" }, el("legend", { text: "Show only when" }));
  const headers = [...(ctx.setup.headers || []), "ticket_type", "pronouns", "role"];
  const column = select("when_column", [["", "always (every attendee)"], ...[...new Set(headers.concat(w ? [w.column] : []))].map((h) => [h, h])], w ? w.column : "");
  const op = select("when_op", [["=", "is"], ["!=", "is not"]], w ? w.op : "=");
  const known = (ctx.setup.values || {})[column.value] || null;
  const value = known ? select("when_value", [...new Set([...(w ? [w.value] : []), ...known])].filter((v) => v !== "" || w).map((v) => [v, v || "(empty)"]), w ? w.value : known[0])
    : el("input", { name: "when_value", value: w ? w.value : "" });
  const commit = () => ctx.edit((x) => {
    if (!column.value) delete x.when;
    else x.when = `${column.value}${op.value}${value.value}`;
  });
  column.addEventListener("change", () => {
    const vals = (ctx.setup.values || {})[column.value];
    if (column.value && vals && vals.length && value.tagName === "SELECT") value.value = vals[0];
    else if (column.value && vals && vals.length) value.value = vals[0];
    commit();
  });
  op.addEventListener("change", commit);
  onCommit(value, commit);
  set.append(row("Column", column), row("Condition", op), row("Value", value));
  if (Array.isArray(t.when) && t.when.length > 1) set.append(el("p", { class: "muted", text: `Also: ${t.when.slice(1).join(" and ")} (kept)` }));
  root.append(set);
}

function findingsOf(root, ctx) {
  const found = ctx.byKey.get(ctx.key) || [];
  const box = el("div", { id: "props-findings", class: "findings", "aria-live": "polite" });
  for (const f of found) {
    const li = el("p", { class: "warning", "data-check": f.check, text: `⚠ ${f.message}` });
    if (f.attendees && f.attendees.length) {
      li.append(el("small", { text: ` Who: ${f.attendees.map((a) => `${a.name} (row ${a.row})`).join(", ")}${f.count > f.attendees.length ? ", …" : ""}` }));
    }
    box.append(li);
  }
  root.append(box);
}

function renderBadge(root, ctx) {
  const { layout } = ctx;
  root.append(el("h2", { id: "props-title", text: "The badge" }));
  root.append(el("p", { class: "muted", text: "Select an element in the list or on the badge to change it." }));
  const title = el("input", { name: "title", value: layout.name ?? "" });
  onCommit(title, (v) => ctx.edit((x) => setKey(x, "name", v.trim())));
  root.append(row("Layout title", title));
  const g = ctx.geo;
  if (g) root.append(el("p", { class: "muted", text: `Badge ${num(g.W, 1)} × ${num(g.H, 1)} mm, bleed ${num(g.b, 1)} mm, safe area ${num(g.s, 1)} mm inside the cut; sheet ${layout.sheet && layout.sheet.size}.` }));
  const set = el("fieldset", { class: "event" }, el("legend", { text: "Event text ({event.KEY} in any text)" }));
  const ev = layout.event && typeof layout.event === "object" ? layout.event : {};
  for (const [k, v] of Object.entries(ev)) {
    const input = el("input", { name: `event.${k}`, value: String(v) });
    onCommit(input, (val) => ctx.edit((x) => { x.event = { ...(x.event || {}), [k]: val }; }));
    set.append(row(`event.${k}`, input));
  }
  const newKey = el("input", { name: "event_key", placeholder: "e.g. city", pattern: "[A-Za-z_][A-Za-z0-9_-]*" });
  onCommit(newKey, (k) => {
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !(k in ev)) ctx.edit((x) => { x.event = { ...(x.event || {}), [k]: "" }; });
  });
  set.append(row("Add an event text named", newKey));
  root.append(set);
  const other = (ctx.byKey.get("") || []);
  for (const f of other) root.append(el("p", { class: "warning", text: `⚠ ${f.message}` }));
}

/** The toolbar's menus: "Add text…" (the name, the list's columns, standard fields, the
 *  event's strings, fixed text) and the stocks by group (the layout's own chosen). */
export function fillMenus(root, setup, layout) {
  const group = (label, items) => el("optgroup", { label }, ...items.map(([v, t]) => el("option", { value: v, text: t })));
  const headers = setup.headers || [];
  const ev = layout.event && typeof layout.event === "object" ? Object.keys(layout.event) : [];
  root.querySelector("#add-field").replaceChildren(el("option", { value: "", text: "Add text…" }),
    group("The name", [["{name}", "Full name"], ["{first_name}\\n{last_name}", "First name, last name below"]]),
    headers.length ? group("Columns of your list", headers.map((h) => [`{${h}}`, h])) : null,
    group("Standard fields", [["{company}", "Company"], ["{job_title}", "Job title"], ["{ticket_type}", "Ticket type"], ["{pronouns}", "Pronouns"], ["{email}", "E-mail"]]),
    ev.length ? group("Event text", ev.map((k) => [`{event.${k}}`, `event.${k}`])) : null,
    group("Other", [["__fixed__", "Fixed text"]]));
  const stock = root.querySelector("#stock");
  const groups = new Map();
  for (const s of setup.stocks) {
    if (!groups.has(s.group)) groups.set(s.group, []);
    groups.get(s.group).push([s.name, s.title]);
  }
  stock.replaceChildren(...[...groups].map(([g, items]) => group(g, items)), el("option", { value: "custom", text: "Custom size…" }));
  const same = (a, b) => JSON.stringify(a || {}) === JSON.stringify(b || {});
  const now = setup.stocks.find((s) => same(s.layout.badge, layout.badge) && same(s.layout.sheet, layout.sheet));
  if (now) stock.value = now.name;
}
