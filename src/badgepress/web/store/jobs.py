"""Build jobs as stored: a job's state for the API, and the files of an event's builds
(``events/<event>/builds/<job>/``: badges.pdf, report.json, result.json).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from badgepress.web.store.base import NotFoundError, Store


def build_folder(store: Store, event_id: str, job_id: str) -> Path:
    """The folder of a build's PDF, report and result."""
    return store.data / "events" / event_id / "builds" / job_id


def job(store: Store, job_id: str) -> dict[str, Any]:
    """A job's state for the API: ``{"job", "event", "state", "done", "total", "error"}``
    and, when done, ``"badges", "pages", "rows_read", "warnings"`` (a count).
    """
    row = store.db.job(job_id)
    if row is None:
        raise NotFoundError(f"no job {job_id!r}")
    out = {k: row[k] for k in ("state", "done", "total", "error")}
    out.update(job=row["id"], event=row["event_id"])
    if row["result"]:
        out.update({k: row["result"][k] for k in ("badges", "pages", "rows_read")},
                   warnings=len(row["result"]["warnings"]))
    return out


def built(store: Store, event_id: str, name: str) -> Path:
    """A file of the event's last successful build (badges.pdf, report.json, result.json)."""
    ev = store.event(event_id)
    if not ev["build_job"]:
        raise NotFoundError("no build yet: build the badges first")
    return build_folder(store, event_id, ev["build_job"]) / name
