"""Each desk's printer and what is loaded in it, remembered on the server per event and desk
name (a kiosk is a desk too: the kiosk role prints at the desk it names).

A desk is named in its page ("Desk 1"); its printer is a CUPS queue, or ``browser`` (the
browser's print dialog with the one-badge PDF); its **stock** is what the printer holds: a
desk stock (``sheet.deskstock``: a label printer's labels, a card printer's cards, one badge a
page) or ``sheet``, the event's own sheet (one badge in slot 1, or, with ``hold``, the desk's
prints held until a sheet is full). On a label printer the queue's **driver** gives the job
options (``sheet.printers``): read from the queue, or chosen in the page. The choice is stored
in the ``desks`` table, so a reload, or a second laptop naming the same desk, prints where and
on what the first one chose. A desk that never chose a printer prints on the default:
``badgepress serve --printer QUEUE``, else the browser.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from badgepress.errors import InputError, LayoutError
from badgepress.model import SourceInfo
from badgepress.sheet.deskstock import SHEET, desk_stock, stock_list
from badgepress.sheet.printers import DRIVERS, job_options
from badgepress.web.engine import printing
from badgepress.web.engine.base import Engine
from badgepress.web.engine.previews import SAMPLE
from badgepress.web.store import Store
from badgepress.web.store.attendees import as_attendee

__all__ = ["BROWSER", "DRIVERS", "Setting", "desk_info", "desk_name", "set_desk", "stocks"]

#: What a desk's printer is called when the browser prints.
BROWSER = "browser"
#: The longest desk name kept (characters).
NAME_MAX = 60
#: What a driver is called when it is read from the queue.
FROM_QUEUE = "auto"


@dataclass(frozen=True, slots=True)
class Setting:
    """What a desk chose: its printer (a queue, ``""`` for the browser, None: the default),
    its stock (None: the event's sheet), its queue's driver (None: read from the queue), and
    whether prints on the event's sheet wait for a full sheet.
    """

    printer: str | None = None
    stock: str | None = None
    driver: str | None = None
    hold: bool = False


def desk_name(name: str) -> str:
    """A desk's name as stored: spaces collapsed, at most :data:`NAME_MAX` characters."""
    return " ".join(str(name).split())[:NAME_MAX] or "desk"


def setting(con: sqlite3.Connection, event_id: str, name: str) -> Setting:
    """What desk ``name`` chose (in the transaction ``con``); :class:`Setting` () when it
    never chose anything.
    """
    row = con.execute("SELECT printer, stock, driver, hold FROM desks WHERE event_id = ? AND "
                      "name = ?", (event_id, desk_name(name))).fetchone()
    if row is None:
        return Setting()
    return Setting(row["printer"], row["stock"], row["driver"], bool(row["hold"]))


def queue_for(store: Store, ev: dict[str, Any], printer: str | None) -> str | None:
    """The CUPS queue a desk whose printer setting is ``printer`` (see :class:`Setting`)
    prints on, or None for the browser: its own choice, else the event's, else
    ``serve --printer``.
    """
    if printer is not None:
        return printer or None
    return ev.get("printer") or store.printer


def driver_of(chosen: str | None, queue: str | None) -> str | None:
    """The driver of a desk's queue: the one the desk chose (``chosen``), else the queue's
    own (None: not a label printer badgepress knows, or the browser).
    """
    if queue is None:
        return None
    return chosen or printing.queue_driver(queue)


def lp_args(stock: str | None, driver: str | None) -> list[str]:
    """``lp``'s ``-o`` arguments for a print on ``stock`` with ``driver``: none on the event's
    sheet (as before stocks), else the stock's options for the driver
    (``print-scaling=none`` at least).
    """
    if stock is None:
        return []
    return [arg for opt in job_options(stock, driver or "") for arg in ("-o", opt)]


def desk_info(engine: Engine, event_id: str, name: str) -> dict[str, Any]:
    """``GET /api/events/{e}/desks/{desk}``: ``{"desk", "printer": QUEUE or "browser",
    "chosen", "default", "stock", "stock_title", "width_mm", "height_mm", "kind", "design":
    {"title", "source": "event" | "desk design"} or {"error": one line}, "driver",
    "driver_chosen", "options": the ``-o`` values, "hold", "held", "per_sheet"}``.
    """
    store = engine.store
    ev = store.event(event_id)
    with store.db.read() as con:
        chosen = setting(con, event_id, name)
        held = con.execute("SELECT COUNT(*) FROM prints p JOIN attendees a ON a.id = "
                           "p.attendee_id WHERE a.event_id = ? AND p.desk = ? AND p.state = "
                           "'waiting'", (event_id, desk_name(name))).fetchone()[0]
    queue = queue_for(store, ev, chosen.printer)
    default = queue_for(store, ev, None) or BROWSER
    stock = chosen.stock or SHEET
    warm = engine.warm_prints
    try:
        entry = next(e for e in stock_list(warm.get(ev, None).layout) if e["name"] == stock)
    except (LayoutError, StopIteration):
        entry = next(e for e in stock_list() if e["name"] == stock)
    try:
        design: dict[str, Any] = warm.design(ev, chosen.stock)
    except LayoutError as exc:
        design = {"error": exc.message}
    driver = driver_of(chosen.driver, queue)
    per_sheet = warm.per_sheet(ev) if chosen.stock is None else 1
    return {"desk": desk_name(name), "printer": queue or BROWSER,
            "chosen": chosen.printer is not None, "default": default, "stock": stock,
            "stock_title": entry["title"], "width_mm": entry["width_mm"],
            "height_mm": entry["height_mm"], "kind": entry["kind"], "design": design,
            "driver": driver, "driver_chosen": chosen.driver is not None,
            "options": lp_args(chosen.stock, driver)[1::2] if queue else [],
            "hold": chosen.hold, "held": held, "per_sheet": per_sheet}


def _printer(store: Store, ev: dict[str, Any], printer: Any) -> str | None:
    """A printer as sent (a queue, ``"browser"``, null or ``""``: the default) as stored;
    a queue CUPS does not list is refused (``InputError``) with the queues there are.
    """
    if printer is None or str(printer).strip() == "":
        return None
    value = str(printer).strip()
    if value == BROWSER:
        return ""
    if value != queue_for(store, ev, None):  # the default was checked when serve started
        found = printing.queues()
        names, why = [q.name for q in found.queues], found.reason
        if value not in names:
            have = ", ".join(names) if names else f"none ({why})"
            raise InputError(f"no CUPS queue {value!r} on this computer; queues: {have}; "
                             f"or choose {BROWSER!r}")
    return value


def set_desk(engine: Engine, event_id: str, name: str, changes: dict[str, Any]
             ) -> dict[str, Any]:
    """Remember what desk ``name`` prints on: of ``changes``, ``"printer"`` (a CUPS queue of
    this computer, ``"browser"``, or null: back to the default), ``"stock"`` (a desk stock's
    name, or ``"sheet"``), ``"driver"`` (a driver key, or null / ``"auto"``: the queue's)
    and ``"hold"`` (on the event's sheet only); a key not sent keeps its value. A stock the
    event's design does not fit, without a desk design for it, is refused with one line
    (``LayoutError``): the desk never scales a design. Returns :func:`desk_info`.
    """
    store = engine.store
    ev = store.event(event_id)
    with store.db.read() as con:
        now = setting(con, event_id, name)
    printer = _printer(store, ev, changes["printer"]) if "printer" in changes else now.printer
    stock = now.stock
    if "stock" in changes:
        wanted = str(changes["stock"] or SHEET).strip()
        stock = None if wanted == SHEET else desk_stock(wanted).name
        if stock is not None:
            try:
                engine.warm_prints.get(ev, stock)
            except LayoutError as exc:
                raise LayoutError(f"{desk_name(name)} cannot print on {stock}: "
                                  f"{exc.message}") from None
    driver = now.driver
    if "driver" in changes:
        driver = str(changes["driver"] or "").strip() or None
        if driver == FROM_QUEUE:
            driver = None
        if driver is not None and driver not in DRIVERS:
            raise InputError(f"unknown driver {driver!r}; choose one of {FROM_QUEUE}, "
                             + ", ".join(DRIVERS))
    hold = bool(changes["hold"]) if "hold" in changes else now.hold
    if stock is not None:
        if hold and "hold" in changes:
            raise InputError("only prints on the event's sheet can wait for a full sheet; "
                             "choose the stock \"sheet\" to hold them")
        hold = False
    with store.db.connect() as con:
        if Setting(printer, stock, driver, hold) == Setting():
            con.execute("DELETE FROM desks WHERE event_id = ? AND name = ?",
                        (event_id, desk_name(name)))
        else:
            con.execute("INSERT INTO desks (event_id, name, printer, stock, driver, hold, "
                        "updated) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, name) DO "
                        "UPDATE SET printer = excluded.printer, stock = excluded.stock, driver "
                        "= excluded.driver, hold = excluded.hold, updated = excluded.updated",
                        (event_id, desk_name(name), printer, stock, driver, int(hold),
                         time.time()))
    return desk_info(engine, event_id, name)


def all_desks(store: Store, event_id: str) -> list[dict[str, Any]]:
    """Every desk of the event that chose something, or printed: ``[{"desk", "printer",
    "stock"}]``.
    """
    ev = store.event(event_id)
    with store.db.read() as con:
        rows = con.execute(
            "SELECT name, printer, stock FROM desks WHERE event_id = ? UNION SELECT DISTINCT "
            "p.desk, NULL, NULL FROM prints p JOIN attendees a ON a.id = p.attendee_id WHERE "
            "a.event_id = ? AND p.desk NOT IN (SELECT name FROM desks WHERE event_id = ?) "
            "ORDER BY 1", (event_id, event_id, event_id)).fetchall()
    return [{"desk": r["name"], "printer": queue_for(store, ev, r["printer"]) or BROWSER,
             "stock": r["stock"] or SHEET} for r in rows]


def stocks(engine: Engine, event_id: str | None) -> list[dict[str, Any]]:
    """``GET /api/stocks[?event=E]``: the stocks a desk may choose (``stock_list``); for an
    event, "the event's sheet" with its paper size, and each stock with ``"design"``: what a
    desk prints on it (``"event"``, ``"desk design"``, or null with ``"why"`` not).
    """
    if event_id is None:
        return [dict(e) for e in stock_list()]
    ev = engine.store.event(event_id)
    warm = engine.warm_prints
    try:
        event_layout = warm.get(ev).layout
    except LayoutError:
        event_layout = None
    out: list[dict[str, Any]] = []
    for entry in stock_list(event_layout):
        item: dict[str, Any] = dict(entry)
        if entry["name"] == SHEET:
            item["design"] = "event"
        else:
            item["design"], why = warm.fits(ev, entry["name"])
            if why is not None:
                item["why"] = why
        out.append(item)
    return out


def badge_png(engine: Engine, event_id: str, name: str, attendee_id: int | None) -> bytes:
    """The badge desk ``name`` is about to print for the attendee ``attendee_id`` (a sample
    name for None), on its stock, as a PNG upright as worn (the PDF it prints, drawn).
    """
    store = engine.store
    ev = store.event(event_id)
    with store.db.read() as con:
        stock = setting(con, event_id, name).stock
    warm = engine.warm_prints
    info = warm.info(ev)
    if attendee_id is not None:
        who = as_attendee(store.attendee(event_id, attendee_id))
        info = info or SourceInfo("walk-in", headers=tuple(who.fields))
    else:
        info, who = SourceInfo("sample", headers=tuple(SAMPLE.fields)), SAMPLE
    return warm.badge_png(ev, stock, info, who)
