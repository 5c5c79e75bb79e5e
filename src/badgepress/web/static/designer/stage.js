// The stage: the badge's bleed box as an SVG in mm (its bounding box on screen is the bleed
// box), the engine's PNG under it, the trim, safe-area and centre lines, and a box over each
// element to drag, with handles to resize the selected one; snapping to the badge's centre
// lines, edges, safe area and the other elements, with the guides it snapped to (Alt: off).
// The stage only shows the layout: every move ends in hooks.change(key, box, done).
import { areaOf, canvasBox, elements, guides, KIND_NAMES } from "./model.js";

const NS = "http://www.w3.org/2000/svg";
const HANDLES = ["nw", "n", "ne", "e", "se", "s", "sw", "w"];
// Snapping reaches this far (screen pixels); a handle is this large (screen pixels).
const SNAP_PX = 7, HANDLE_PX = 11, LEAST_MM = 1;

function node(name, attrs, parent) {
  const el = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (parent) parent.appendChild(el);
  return el;
}

function setBox(el, b) {
  el.setAttribute("x", b.x); el.setAttribute("y", b.y);
  el.setAttribute("width", Math.max(0, b.w)); el.setAttribute("height", Math.max(0, b.h));
}

export class Stage {
  constructor(svg, hooks) {
    this.svg = svg;
    this.hooks = hooks;  // {select(key), change(key, box, done)}
    this.scale = 5;  // screen pixels a mm
    this.geo = null;
    this.boxes = new Map();  // key -> canvas box
    this.drag = null;
    svg.addEventListener("pointerdown", (e) => this.down(e));
    svg.addEventListener("pointermove", (e) => this.move(e));
    svg.addEventListener("pointerup", (e) => this.up(e));
    svg.addEventListener("pointercancel", (e) => this.up(e, true));
    this.layers = {};
    for (const name of ["paper", "render", "lines", "boxes", "handles", "snaps"]) {
      this.layers[name] = node("g", { class: name }, svg);
    }
    this.image = node("image", { x: 0, y: 0, preserveAspectRatio: "none" }, this.layers.render);
  }

  /** Show ``layout``'s side ``side`` with ``selected`` and the keys that have ``findings``. */
  draw(layout, side, selected, warned, geo) {
    this.geo = geo;
    this.side = side;
    this.selected = selected;
    const svg = this.svg;
    for (const name of ["paper", "lines", "boxes", "handles", "snaps"]) {
      this.layers[name].replaceChildren();
    }
    if (!geo) return;
    svg.setAttribute("viewBox", `0 0 ${geo.cw} ${geo.ch}`);
    this.resize();
    node("rect", { x: 0, y: 0, width: geo.cw, height: geo.ch, class: "paper" },
      this.layers.paper);
    this.image.setAttribute("width", geo.cw);
    this.image.setAttribute("height", geo.ch);
    const g = guides(geo);
    const lines = this.layers.lines;
    const hair = 1 / this.scale;
    if (geo.b > 0) node("rect", { ...rect(g.trim), class: "trim", "stroke-width": hair }, lines);
    else node("rect", { ...rect(g.trim), class: "trim edge", "stroke-width": hair }, lines);
    node("rect", { ...rect(g.safe), class: "safe", "stroke-width": hair }, lines);
    node("line", { x1: g.cx, y1: 0, x2: g.cx, y2: geo.ch, class: "centre",
      "stroke-width": hair }, lines);
    node("line", { x1: 0, y1: g.cy, x2: geo.cw, y2: g.cy, class: "centre",
      "stroke-width": hair }, lines);
    this.boxes.clear();
    for (const el of elements(layout, side)) {
      const b = canvasBox(el.kind, el.table, geo);
      if (!b) continue;
      this.boxes.set(el.key, b);
      const area = areaOf(el.kind, el.table);
      const r = node("rect", { class: `box ${el.kind}${area !== "box" ? " area" : ""}`
        + `${el.key === selected ? " selected" : ""}${warned.has(el.key) ? " warned" : ""}`,
      "data-key": el.key, "stroke-width": 1.5 / this.scale }, this.layers.boxes);
      setBox(r, b);
      const title = node("title", {}, r);
      title.textContent = `${KIND_NAMES[el.kind]} ${el.key}`;
    }
    this.drawHandles();
  }

  /** Screen pixels a mm: the stage's size on screen. */
  setScale(scale) {
    this.scale = scale;
    this.resize();
  }

  resize() {
    if (!this.geo) return;
    this.svg.style.width = `${this.geo.cw * this.scale}px`;
    this.svg.style.height = `${this.geo.ch * this.scale}px`;
  }

  /** Show the engine's picture (an object URL) of the badge under the boxes. */
  setPicture(url) {
    this.image.setAttribute("href", url);
  }

  drawHandles() {
    const layer = this.layers.handles;
    layer.replaceChildren();
    const key = this.selected;
    const b = key && this.boxes.get(key);
    const r = key && this.svg.querySelector(`rect.box[data-key="${key}"]`);
    if (!b || (r && r.classList.contains("area"))) return;
    const size = HANDLE_PX / this.scale;
    for (const h of HANDLES) {
      const x = h.includes("w") ? b.x : h.includes("e") ? b.x + b.w : b.x + b.w / 2;
      const y = h.includes("n") ? b.y : h.includes("s") ? b.y + b.h : b.y + b.h / 2;
      node("rect", { x: x - size / 2, y: y - size / 2, width: size, height: size,
        class: `handle ${h}`, "data-handle": h, "stroke-width": 1 / this.scale }, layer);
    }
  }

  point(e) {
    const p = this.svg.createSVGPoint();
    p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(this.svg.getScreenCTM().inverse());
  }

  down(e) {
    if (e.button !== 0 || !this.geo) return;
    this.svg.focus({ preventScroll: true });  // the keys now move what is picked here
    const handle = e.target.getAttribute && e.target.getAttribute("data-handle");
    const target = e.target.closest ? e.target.closest("rect.box") : null;
    let key = handle ? this.selected : target && target.getAttribute("data-key");
    if (target && target.classList.contains("area")) key = null;
    // The selected element keeps the pointer where another element's box lies over it.
    const mine = this.selected && this.boxes.get(this.selected);
    const at = this.point(e);
    if (!handle && mine && at.x >= mine.x && at.x <= mine.x + mine.w && at.y >= mine.y
        && at.y <= mine.y + mine.h && !this.svg.querySelector(`rect.box.area[data-key="${this.selected}"]`)) {
      key = this.selected;
    }
    if (!key) {
      this.hooks.select(null);
      return;
    }
    if (key !== this.selected) this.hooks.select(key);
    const start = this.boxes.get(key);
    if (!start) return;
    e.preventDefault();
    this.svg.setPointerCapture(e.pointerId);
    this.drag = { key, handle, start: { ...start }, p0: this.point(e), moved: false,
      box: { ...start } };
  }

  move(e) {
    const d = this.drag;
    if (!d) return;
    const p = this.point(e);
    const dx = p.x - d.p0.x, dy = p.y - d.p0.y;
    if (!d.moved && Math.hypot(dx, dy) * this.scale < 2) return;
    d.moved = true;
    const box = d.handle ? this.resized(d, dx, dy, !e.altKey) : this.moved(d, dx, dy, !e.altKey);
    d.box = box;
    this.boxes.set(d.key, box);
    const r = this.svg.querySelector(`rect.box[data-key="${d.key}"]`);
    if (r) setBox(r, box);
    this.drawHandles();
    this.hooks.change(d.key, box, false);
  }

  up(e, cancelled) {
    const d = this.drag;
    if (!d) return;
    this.drag = null;
    this.layers.snaps.replaceChildren();
    if (this.svg.hasPointerCapture(e.pointerId)) this.svg.releasePointerCapture(e.pointerId);
    if (d.moved && !cancelled) this.hooks.change(d.key, d.box, true);
    else if (d.moved) this.hooks.change(d.key, d.start, true);
  }

  // Where an edge or centre may snap to: the bleed box, trim and safe lines, the centre
  // lines, and the other elements' edges and centres (mm, canvas).
  targets(skip) {
    const g = guides(this.geo);
    const xs = [0, this.geo.cw, g.trim.x, g.trim.x + g.trim.w, g.safe.x, g.safe.x + g.safe.w,
      g.cx];
    const ys = [0, this.geo.ch, g.trim.y, g.trim.y + g.trim.h, g.safe.y, g.safe.y + g.safe.h,
      g.cy];
    for (const [key, b] of this.boxes) {
      if (key === skip || (b.w >= this.geo.cw && b.h >= this.geo.ch)) continue;
      xs.push(b.x, b.x + b.w / 2, b.x + b.w);
      ys.push(b.y, b.y + b.h / 2, b.y + b.h);
    }
    return { xs, ys };
  }

  // The shift (mm) that brings one of ``mine`` onto one of ``theirs``, within reach; and
  // the line snapped to.
  static nearest(mine, theirs, reach) {
    let best = null;
    for (const m of mine) {
      for (const t of theirs) {
        const d = t - m;
        if (Math.abs(d) <= reach && (!best || Math.abs(d) < Math.abs(best.shift))) {
          best = { shift: d, at: t };
        }
      }
    }
    return best;
  }

  moved(d, dx, dy, snap) {
    const box = { ...d.start, x: d.start.x + dx, y: d.start.y + dy };
    this.layers.snaps.replaceChildren();
    if (!snap) return box;
    const t = this.targets(d.key);
    const reach = SNAP_PX / this.scale;
    const sx = Stage.nearest([box.x, box.x + box.w / 2, box.x + box.w], t.xs, reach);
    const sy = Stage.nearest([box.y, box.y + box.h / 2, box.y + box.h], t.ys, reach);
    if (sx) { box.x += sx.shift; this.guide("x", sx.at); }
    if (sy) { box.y += sy.shift; this.guide("y", sy.at); }
    return box;
  }

  resized(d, dx, dy, snap) {
    const s = d.start, h = d.handle;
    let x0 = s.x, y0 = s.y, x1 = s.x + s.w, y1 = s.y + s.h;
    if (h.includes("w")) x0 += dx;
    if (h.includes("e")) x1 += dx;
    if (h.includes("n")) y0 += dy;
    if (h.includes("s")) y1 += dy;
    this.layers.snaps.replaceChildren();
    if (snap) {
      const t = this.targets(d.key);
      const reach = SNAP_PX / this.scale;
      const sx = Stage.nearest([h.includes("w") ? x0 : x1], h.match(/[we]/) ? t.xs : [], reach);
      const sy = Stage.nearest([h.includes("n") ? y0 : y1], h.match(/[ns]/) ? t.ys : [], reach);
      if (sx) { if (h.includes("w")) x0 += sx.shift; else x1 += sx.shift; this.guide("x", sx.at); }
      if (sy) { if (h.includes("n")) y0 += sy.shift; else y1 += sy.shift; this.guide("y", sy.at); }
    }
    if (x1 - x0 < LEAST_MM) { if (h.includes("w")) x0 = x1 - LEAST_MM; else x1 = x0 + LEAST_MM; }
    if (y1 - y0 < LEAST_MM) { if (h.includes("n")) y0 = y1 - LEAST_MM; else y1 = y0 + LEAST_MM; }
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }

  guide(axis, at) {
    const g = this.geo;
    const attrs = axis === "x" ? { x1: at, y1: -2, x2: at, y2: g.ch + 2 }
      : { x1: -2, y1: at, x2: g.cw + 2, y2: at };
    node("line", { ...attrs, class: "snap", "data-snap": axis, "stroke-width": 1 / this.scale },
      this.layers.snaps);
  }
}

function rect(b) {
  return { x: b.x, y: b.y, width: b.w, height: b.h };
}
