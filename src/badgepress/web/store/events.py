"""Events: create one, list them, one event as the API shows it, its desk and kiosk links'
tokens, the kiosk's settings, and its builds (a job's state; the files of a build,
``events/<event>/builds/<job>/``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from badgepress.errors import InputError, LayoutError
from badgepress.model import SourceInfo
from badgepress.sheet.layout import DEFAULT_LAYOUT
from badgepress.web.store.attendees import code_index
from badgepress.web.store.base import ConflictError, NotFoundError, Store
from badgepress.web.store.layouts import event_keys, is_shipped, layout_file, shipped, used_file
from badgepress.web.store.lists import info as list_info
from badgepress.web.store.lists import summary


def create(store: Store, name: str, dates: str = "", layout: str = DEFAULT_LAYOUT) -> str:
    """A new event; returns its id. ``layout`` is a shipped layout's name."""
    name = " ".join(name.split())
    if not name:
        raise InputError("the event needs a name")
    if not is_shipped(layout):
        raise LayoutError(f"unknown layout {layout!r}; shipped layouts are: "
                          + ", ".join(s.name for s in shipped()))
    event_id = secrets.token_hex(4)
    now = time.time()
    with store.db.connect() as con:
        con.execute("INSERT INTO events (id, name, dates, layout, event_text, created, updated)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (event_id, name, dates.strip(), layout,
                     json.dumps(_own_text({}, name, dates.strip()), ensure_ascii=False),
                     now, now))
    return event_id


def _own_text(text: dict[str, str], name: str | None, dates: str | None) -> dict[str, str]:
    """The event's ``[event]`` strings with its own name and dates: a layout's
    ``{event.name}`` prints the event's name, ``{event.dates}`` its dates.
    """
    out = dict(text)
    if name is not None:
        out["name"] = name
    if dates is not None:
        if dates:
            out["dates"] = dates
        else:
            out.pop("dates", None)
    return out


def update(store: Store, event_id: str, *, name: str | None = None,
           dates: str | None = None) -> dict[str, Any]:
    """Rename or re-date an event; its badges (the layout's ``[event]`` name and dates)
    follow. Returns :func:`detail`.
    """
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise InputError("the event needs a name")
    dates = " ".join(dates.split()) if dates is not None else None
    with store.lock(event_id), store.db.connect() as con:
        row = con.execute("SELECT name, dates, event_text FROM events WHERE id = ?",
                          (event_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no event {event_id!r}")
        text = _own_text(json.loads(row["event_text"]), name, dates)
        con.execute("UPDATE events SET name = ?, dates = ?, event_text = ?, updated = ? "
                    "WHERE id = ?", (name if name is not None else row["name"],
                                     dates if dates is not None else row["dates"],
                                     json.dumps(text, ensure_ascii=False), time.time(),
                                     event_id))
    store.changed(event_id)
    return detail(store, event_id)


def delete(store: Store, event_id: str) -> None:
    """Delete an event: its list versions, attendees, prints, designs, builds and files.
    Refused (``ConflictError``) while its badges are being built.
    """
    with store.lock(event_id), store.db.connect() as con:
        if con.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is None:
            raise NotFoundError(f"no event {event_id!r}")
        if con.execute("SELECT 1 FROM jobs WHERE event_id = ? AND kind = 'build' AND state "
                       "IN ('queued', 'running')", (event_id,)).fetchone() is not None:
            raise ConflictError("the event's badges are being built; delete it when the "
                                "build has finished")
        uploads = [r["stored"] for r in con.execute(
            "SELECT stored FROM lists WHERE event_id = ?", (event_id,))]
        folders = [r["folder"] for r in con.execute(
            "SELECT folder FROM layouts WHERE event_id = ?", (event_id,))]
        con.execute("DELETE FROM prints WHERE attendee_id IN (SELECT id FROM attendees "
                    "WHERE event_id = ?)", (event_id,))
        for table in ("attendees", "lists", "layouts", "jobs", "desks", "events"):
            column = "id" if table == "events" else "event_id"
            con.execute(f"DELETE FROM {table} WHERE {column} = ?", (event_id,))
    # The rows are gone (committed): now the files, which nothing refers to any more.
    for stored in uploads:
        (store.data / "uploads" / stored).unlink(missing_ok=True)
    for folder in folders:
        shutil.rmtree(store.data / "layouts" / folder, ignore_errors=True)
    shutil.rmtree(store.data / "events" / event_id, ignore_errors=True)
    store.desk_tokens.clear()
    store.kiosk_tokens.clear()


def all_events(store: Store) -> list[dict[str, Any]]:
    """Every event with its attendee count, the most recently changed first."""
    with store.db.read() as con:
        rows = con.execute("SELECT e.*, (SELECT COUNT(*) FROM attendees a WHERE "
                           "a.event_id = e.id) AS attendees FROM events e "
                           "ORDER BY updated DESC").fetchall()
    return [dict(r) for r in rows]


def detail(store: Store, event_id: str) -> dict[str, Any]:
    """The event as ``GET /api/events/{event}`` answers: its fields, its layout's
    ``[event]`` keys and text, the last build and the list's summary.
    """
    ev = store.event(event_id)
    return {"id": ev["id"], "name": ev["name"], "dates": ev["dates"], "layout": ev["layout"],
            "event_keys": event_keys(layout_file(store, ev)), "event_text": ev["event_text"],
            "build_job": ev["build_job"], "list": summary(store, ev["id"]),
            "kiosk_link": kiosk_link(store, ev["id"])}


def _token(store: Store, event_id: str, column: str) -> str:
    store.event(event_id)
    with store.db.connect() as con:
        row = con.execute(f"SELECT {column} FROM events WHERE id = ?", (event_id,)).fetchone()
        if row[column]:
            return str(row[column])
        token = secrets.token_urlsafe(18)
        con.execute(f"UPDATE events SET {column} = ? WHERE id = ?", (token, event_id))
    return token


def _token_event(store: Store, token: str, column: str, found: dict[str, str]) -> str | None:
    hit = found.get(token)
    if hit is not None:
        return hit
    if not 16 <= len(token) <= 64:
        return None
    with store.db.read() as con:
        row = con.execute(f"SELECT id FROM events WHERE {column} = ?", (token,)).fetchone()
    if row is None:
        return None
    found[token] = str(row["id"])
    return str(row["id"])


def desk_token(store: Store, event_id: str) -> str:
    """The event's desk token (made on first use, then kept): the key of its desk link, which
    gives the desk role (``web.edge.roles``).
    """
    return _token(store, event_id, "desk_token")


def desk_event(store: Store, token: str) -> str | None:
    """The event whose desk token is ``token``, or None (tokens found are remembered)."""
    return _token_event(store, token, "desk_token", store.desk_tokens)


def kiosk_token(store: Store, event_id: str) -> str:
    """The event's kiosk token (made on first use, then kept): the key of its kiosk link,
    which gives the kiosk role (``web.edge.roles``).
    """
    return _token(store, event_id, "kiosk_token")


def kiosk_event(store: Store, token: str) -> str | None:
    """The event whose kiosk token is ``token``, or None (tokens found are remembered)."""
    return _token_event(store, token, "kiosk_token", store.kiosk_tokens)


def kiosk_link(store: Store, event_id: str) -> str:
    """The event's kiosk link: ``/events/{event}/kiosk?token=KIOSK-TOKEN`` (add
    ``&kiosk=NAME`` for a kiosk of another name than "Kiosk").
    """
    return f"/events/{event_id}/kiosk?token={kiosk_token(store, event_id)}"


#: A kiosk's settings when the organiser chose none: the code is the list's ticket id (else
#: the e-mail), the attendee presses Print, and the page starts again after 8 seconds.
KIOSK_DEFAULTS: dict[str, Any] = {"column": None, "auto": False, "reset": 8,
                                  "where": "from the printer beside this screen"}
#: The longest "where to take it" text, and the shortest and longest reset (seconds).
WHERE_MAX, RESET_LEAST, RESET_MOST = 120, 3, 60


def kiosk(store: Store, event_id: str) -> dict[str, Any]:
    """The event's kiosk settings: ``{"column": the list's column a code is matched with
    (None: the ticket id, else the e-mail), "auto": print at once after a scan, "reset":
    seconds before the page starts again, "where": where to take the badge}``.
    """
    ev = store.event(event_id)
    return dict(KIOSK_DEFAULTS, **json.loads(ev.get("kiosk") or "{}"))


#: The canonical fields a kiosk's code may be matched with, besides the list's own columns.
CODE_FIELDS = ("id", "email")


def kiosk_columns(store: Store, event_id: str) -> tuple[str, ...]:
    """The columns a kiosk's code may be matched with: the ticket id (``id``), the e-mail
    (``email``), and the current list's columns.
    """
    found = list_info(store, event_id)
    return CODE_FIELDS + tuple(h for h in (found.headers if found else ())
                               if h not in CODE_FIELDS)


def kiosk_code(store: Store, event_id: str, found: SourceInfo | None = None) -> str:
    """The column a kiosk's code is matched with: the organiser's choice, else the list's
    ticket id (``id``), else the e-mail where the list has no ticket id (``found``: the
    list's facts, when the caller has them).
    """
    chosen = kiosk(store, event_id)["column"]
    if chosen:
        return str(chosen)
    found = found or list_info(store, event_id)
    return "id" if found is not None and "id" in found.mapping else "email"


def kiosk_page(store: Store, event_id: str) -> dict[str, Any]:
    """What the event's page shows of the kiosk: :func:`kiosk` with ``"kiosk_link"``,
    ``"code"`` (the column a code is matched with now) and ``"columns"`` (those it may be).
    """
    return dict(kiosk(store, event_id), kiosk_link=kiosk_link(store, event_id),
                code=kiosk_code(store, event_id), columns=list(kiosk_columns(store, event_id)))


def set_kiosk(store: Store, event_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Change the event's kiosk settings (see :func:`kiosk`; a key not sent is kept).
    Returns :func:`kiosk`.
    """
    now = kiosk(store, event_id)
    columns = kiosk_columns(store, event_id)
    if "column" in values:
        column = str(values["column"] or "").strip() or None
        if column is not None and (column not in columns or '"' in column):
            raise InputError(f"no column {column!r} to match a kiosk's code with; choose one "
                             "of: " + ", ".join(columns))
        now["column"] = column
    if "auto" in values:
        now["auto"] = bool(values["auto"])
    if "reset" in values:
        try:
            reset = int(str(values["reset"]))
        except ValueError:
            raise InputError("reset: a whole number of seconds") from None
        if not RESET_LEAST <= reset <= RESET_MOST:
            raise InputError(f"reset: between {RESET_LEAST} and {RESET_MOST} seconds")
        now["reset"] = reset
    if "where" in values:
        where = " ".join(str(values["where"]).split())
        if not where or len(where) > WHERE_MAX:
            raise InputError(f"where: say where to take the badge, in at most {WHERE_MAX} "
                             "characters")
        now["where"] = where
    with store.db.connect() as con:
        con.execute("UPDATE events SET kiosk = ? WHERE id = ?",
                    (json.dumps(now, ensure_ascii=False, sort_keys=True), event_id))
        if now["column"]:
            code_index(con, str(now["column"]))
    return now


def build_folder(store: Store, event_id: str, job_id: str) -> Path:
    """The folder of a build's PDF, report and result."""
    return store.data / "events" / event_id / "builds" / job_id


def job(store: Store, job_id: str) -> dict[str, Any]:
    """A job's state for the API: ``{"job", "event", "state", "done", "total", "error"}``
    and, when done, ``"badges", "pages", "rows_read", "warnings"`` (a count), ``"pdfx"``, and
    for a PDF/X build ``"preflight": {"passed", "errors", "warnings", "notes"}``.
    """
    row = store.db.job(job_id)
    if row is None:
        raise NotFoundError(f"no job {job_id!r}")
    out = {k: row[k] for k in ("state", "done", "total", "error")}
    out.update(job=row["id"], event=row["event_id"])
    if row["result"]:
        result = row["result"]
        out.update({k: result[k] for k in ("badges", "pages", "rows_read")},
                   warnings=len(result["warnings"]), pdfx=bool(result.get("pdfx")))
        if result.get("preflight"):
            out["preflight"] = {k: result["preflight"][k]
                                for k in ("passed", "errors", "warnings", "notes")}
    return out


def built(store: Store, event_id: str, name: str) -> Path:
    """A file of the event's last successful build (badges.pdf, report.json, result.json)."""
    ev = store.event(event_id)
    if not ev["build_job"]:
        raise NotFoundError("no build yet: build the badges first")
    return build_folder(store, event_id, ev["build_job"]) / name


def basis(store: Store, ev: dict[str, Any]) -> dict[str, Any]:
    """What a build of the event is made from now: the list version, the mapping, the layout
    and the digest of the layout file it uses (the ``[event]`` text written in).
    """
    used = used_file(store, ev)
    try:
        digest = hashlib.sha256(used.read_bytes()).hexdigest()[:16]
    except OSError:
        digest = ""
    return {"list": ev["list_id"], "mapping": ev["mapping"], "layout": ev["layout"],
            "design": digest, "event_text": ev["event_text"]}


#: What the build page says for each part of :func:`basis` that changed since a build.
_MOVED = {"list": "a newer attendee list was uploaded", "mapping": "the columns were mapped "
          "differently", "layout": "another design was chosen", "design": "the design changed",
          "event_text": "the event's name, dates or text changed"}


def stale(store: Store, event_id: str) -> list[str]:
    """Why the event's last PDF no longer matches its list, mapping, design or text (one
    phrase each; empty when it matches or when there is no build).
    """
    ev = store.event(event_id)
    if not ev["build_job"]:
        return []
    with store.db.read() as con:
        row = con.execute("SELECT basis FROM jobs WHERE id = ?", (ev["build_job"],)).fetchone()
    if row is None or not row["basis"]:
        return []
    then, now = json.loads(row["basis"]), basis(store, ev)
    reasons = [why for key, why in _MOVED.items() if then.get(key) != now.get(key)]
    # The design's digest follows the event text and the layout: say the cause, not both.
    if "the design changed" in reasons and len(reasons) > 1:
        reasons.remove("the design changed")
    return reasons
