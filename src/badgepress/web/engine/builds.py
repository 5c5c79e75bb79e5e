"""Background builds: one process per build (``badgepress.web.engine._buildjob``), one build
at a time, progress kept in the database for the page to follow.

A build writes into its own folder (``events/<event>/builds/<job>/``); only when it succeeds
does the event point at it, so a failed build leaves the event's last PDF in place. A second
request to build an event that is already building gets the running job.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from typing import Any

from badgepress.web.store import Store
from badgepress.web.store.events import build_folder

#: Progress is written to the database at most this often (seconds).
PROGRESS_EVERY = 0.25


class Builds:
    """Starts and follows background builds."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db
        self._turn = threading.Lock()  # one build at a time: two shared cores
        self._start = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self, event_id: str, spec: dict[str, Any], total: int, *,
              basis: dict[str, Any] | None = None, names: dict[int, str] | None = None
              ) -> tuple[str, bool]:
        """Queue a build of ``spec`` (source, source_name, layout, mapping, sheet); returns
        ``(job id, new)``; ``new`` is False when the event was already building. ``basis``:
        what the build is made from (kept with the job: the build page says when the event
        has moved on); ``names``: the attendees' names by row, kept beside the PDF so that
        its warnings name the people it printed, whatever list comes next.
        """
        with self._start:
            with self.db.connect() as con:
                row = con.execute("SELECT id FROM jobs WHERE event_id = ? AND kind = 'build' "
                                  "AND state IN ('queued', 'running')", (event_id,)).fetchone()
                if row is not None:
                    return row["id"], False
                job_id = secrets.token_hex(8)
                con.execute("INSERT INTO jobs (id, event_id, kind, state, done, total, "
                            "created, basis) VALUES (?, ?, 'build', 'queued', 0, ?, ?, ?)",
                            (job_id, event_id, total, time.time(),
                             json.dumps(basis, ensure_ascii=False) if basis else None))
            folder = build_folder(self.store, event_id, job_id)
            folder.mkdir(parents=True)
            (folder / "names.json").write_text(json.dumps(names or {}, ensure_ascii=False),
                                               encoding="utf-8")
            job = dict(spec, output=str(folder / "badges.pdf"), report=str(folder /
                                                                            "report.json"))
            t = threading.Thread(target=self._run, args=(event_id, job_id, job),
                                 name=f"build-{job_id}", daemon=True)
            self._threads.append(t)
            t.start()
        return job_id, True

    def _set(self, job_id: str, **values: Any) -> None:
        cols = ", ".join(f"{k} = ?" for k in values)
        with self.db.connect() as con:
            con.execute(f"UPDATE jobs SET {cols} WHERE id = ?", (*values.values(), job_id))

    def _run(self, event_id: str, job_id: str, job: dict[str, Any]) -> None:
        try:
            self._build(event_id, job_id, job)
        except Exception as exc:  # never leave a job "running" for ever
            self._set(job_id, state="failed", error=f"the build stopped: {exc}",
                      finished=time.time())

    def _build(self, event_id: str, job_id: str, job: dict[str, Any]) -> None:
        with self._turn:
            self._set(job_id, state="running")
            error = ""
            ok = False
            try:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "badgepress.web.engine._buildjob"],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    text=True, encoding="utf-8", env=os.environ.copy())
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write(json.dumps(job))
                proc.stdin.close()
                last = 0.0
                for line in proc.stdout:
                    word, _, rest = line.strip().partition(" ")
                    if word == "progress":
                        now = time.monotonic()
                        if now - last >= PROGRESS_EVERY:
                            self._set(job_id, done=int(rest.split()[0]))
                            last = now
                    elif word == "error":
                        error = rest
                    elif word == "done":
                        ok = True
                stderr = proc.stderr.read() if proc.stderr else ""
                code = proc.wait()
                if code != 0 and not error.strip():
                    # It died without its one-line message: the last line of what it said.
                    error = (stderr.strip().splitlines() or
                             [f"the build stopped (exit code {code})"])[-1]
                ok = ok and code == 0
            except OSError as exc:
                error = f"cannot start the build: {exc.strerror}"
            folder = build_folder(self.store, event_id, job_id)
            if ok:
                result = json.loads((folder / "result.json").read_text(encoding="utf-8"))
                with self.db.connect() as con:
                    con.execute("UPDATE jobs SET state = 'done', done = ?, total = ?, "
                                "result = ?, finished = ? WHERE id = ?",
                                (result["badges"], result["badges"], json.dumps(result),
                                 time.time(), job_id))
                    con.execute("UPDATE events SET build_job = ?, updated = ? WHERE id = ?",
                                (job_id, time.time(), event_id))
            else:
                self._set(job_id, state="failed", error=self.store.unpathed(
                    error or "the build stopped without a message"), finished=time.time())

    def wait(self, timeout: float = 60) -> None:
        """Wait for the builds started so far (tests, shutdown)."""
        end = time.monotonic() + timeout
        for t in list(self._threads):
            t.join(max(0.0, end - time.monotonic()))
