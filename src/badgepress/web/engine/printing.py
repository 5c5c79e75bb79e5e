"""Printing through CUPS with its command-line tools (``lp``, ``lpstat``), never a shell.

The desk and the kiosk hand one badge's PDF to a queue (with the job options of the stock
in it, ``lp -o``) and follow the job until it is done or fails. ``lp``, ``lpstat`` and
``lpoptions`` are run with argument lists, so a queue or title from a user can never become a
command. Which label printer driver a queue has is read from its PPD, or asked of CUPS
(:func:`queue_driver`). Where CUPS is not installed or its scheduler is not running, the queue list
says why, and the desk falls back to the browser's print dialog.

States follow CUPS: a job waiting in the queue is ``queued``; the job the printer is working on
is ``printing``; a job CUPS lists as completed is ``done``; a job waiting on a stopped queue
is ``held`` with the printer's own message (it prints when the queue is started again, unless
it is cancelled); a job that vanished from both lists (cancelled), or whose queue is gone, is
``failed``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from badgepress.errors import PrintError
from badgepress.sheet.printers import driver_named

#: Why the queue list is empty when CUPS answered, but has none.
NO_QUEUES = "CUPS has no printer queues; add one in CUPS (lpadmin)"
#: Longest a CUPS command may take before the desk gives up on it (s).
TIMEOUT = 10.0

JobState = Literal["queued", "printing", "held", "done", "failed"]

_REQUEST = re.compile(r"request id is (\S+)")
_PRINTER = re.compile(r"^printer (\S+) (?:now printing (\S+?)\.|is \w+\.|disabled)")


@dataclass(frozen=True, slots=True)
class Queue:
    """A CUPS queue: its name, whether it accepts jobs now, and the job it is printing."""

    name: str
    enabled: bool
    printing: str | None
    message: str


@dataclass(frozen=True, slots=True)
class Queues:
    """The queues of this machine, its default queue, or why there are none (``reason``)."""

    queues: tuple[Queue, ...]
    default: str | None
    reason: str | None

    def get(self, name: str) -> Queue | None:
        """The queue called ``name``, if there is one."""
        return next((q for q in self.queues if q.name == name), None)


@dataclass(frozen=True, slots=True)
class Job:
    """A job handed to CUPS: its request id (``BadgePDF-12``) and queue."""

    id: str
    queue: str


@dataclass(frozen=True, slots=True)
class JobStatus:
    """Where a job is: ``state``, and the printer's message when there is one."""

    state: JobState
    message: str = ""


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    # LANG=C: the messages parsed here are CUPS's English ones, whatever the desk's locale.
    env = dict(os.environ, LANG="C", LC_ALL="C")
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, check=False,
                          env=env, stdin=subprocess.DEVNULL)


def _tool(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(p) for d in ("/usr/bin", "/usr/sbin", "/usr/local/bin")
         if (p := Path(d) / name).is_file()), None)


def queues() -> Queues:
    """The CUPS queues (``lpstat -p -d``), or an empty list with the reason there are none."""
    lpstat = _tool("lpstat")
    if lpstat is None:
        return Queues((), None, "CUPS is not installed on this computer (no lpstat); print "
                      "with the browser instead, or install CUPS")
    try:
        proc = _run([lpstat, "-p", "-d"])
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Queues((), None, f"CUPS did not answer ({exc}); print with the browser instead")
    text = proc.stdout
    if proc.returncode != 0 and not text.strip():
        err = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no answer"
        if "scheduler" in err.lower() or "connect" in err.lower():
            err = "the CUPS scheduler is not running (start cupsd)"
        return Queues((), None, f"{err}; print with the browser instead")
    found = []
    # "printer Q is idle.  enabled since ..." then, indented, the printer's message if any.
    for block in re.split(r"(?m)^(?=printer )", text):
        m = _PRINTER.match(block)
        if not m:
            continue
        first, _, rest = block.partition("\n")
        message = " ".join(line.strip() for line in rest.splitlines()
                           if line[:1].isspace() and line.strip())
        found.append(Queue(m.group(1), " disabled " not in f" {first} ", m.group(2), message))
    default = None
    if dm := re.search(r"system default destination: (\S+)", text):
        default = dm.group(1)
    reason = None if found else NO_QUEUES
    return Queues(tuple(found), default, reason)


def submit(queue: str, pdf: Path, *, title: str, options: Sequence[str] = ()) -> Job:
    """Hand ``pdf`` to CUPS queue ``queue`` as one job called ``title``, with ``options``
    (``["-o", "KEY=VALUE", ...]``: :func:`badgepress.sheet.printers.lp_options`). Raises
    :class:`PrintError` with CUPS's own message when the job is refused.
    """
    lp = _tool("lp")
    if lp is None:
        raise PrintError("CUPS is not installed on this computer (no lp); print with the "
                         "browser instead", queue=queue)
    # "--" ends the options: a title or file name can never be read as one.
    args = [lp, "-d", queue, "-t", title[:200] or "badge", *options, "--", str(pdf)]
    try:
        proc = _run(args)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(f"CUPS did not take the job ({exc})", queue=queue) from None
    m = _REQUEST.search(proc.stdout)
    if proc.returncode != 0 or m is None:
        said = (proc.stderr or proc.stdout).strip().splitlines()
        message = re.sub(r"^\S*lp: (?:Error - )?", "", said[-1]) if said else "no answer"
        raise PrintError(f"the job was refused: {message}", queue=queue)
    return Job(m.group(1), queue)


def titled(queue: str, title: str) -> str | None:
    """The request id of a job waiting in ``queue`` (not yet printed) called ``title``, or
    None (``lpq -l``, which lists each waiting job's title under its number).
    """
    lpq = _tool("lpq")
    if lpq is None:
        return None
    proc = _run([lpq, "-P", queue, "-l"])
    number = None
    for line in proc.stdout.splitlines():
        if m := re.search(r"\[job (\d+)\b", line):
            number = m.group(1)
        elif number is not None and line[:1].isspace() and line.strip():
            if re.fullmatch(rf"\s+{re.escape(title)}\s+\d+ bytes\s*", line):
                return f"{queue}-{number}"
            number = None
    return None


def _job_ids(which: str, queue: str) -> set[str]:
    lpstat = _tool("lpstat")
    if lpstat is None:
        return set()
    proc = _run([lpstat, "-W", which, "-o", queue])
    return {line.split()[0] for line in proc.stdout.splitlines()
            if line.strip() and not line[0].isspace()}


def status(job: Job) -> JobStatus:
    """Where ``job`` is now (see the module's docstring for the states)."""
    try:
        # Pending first, completed second: a job that finishes between the two calls is then
        # found in the second list, never in neither.
        pending = job.id in _job_ids("not-completed", job.queue)
        if job.id in _job_ids("completed", job.queue):
            return JobStatus("done")
        q = queues().get(job.queue)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return JobStatus("failed", f"CUPS did not answer ({exc})")
    if q is None:
        return JobStatus("failed", f"the printer {job.queue} is gone")
    if not pending:
        return JobStatus("failed", "the job was cancelled or lost")
    if not q.enabled:
        return JobStatus("held", q.message or f"the printer {job.queue} is stopped")
    if q.printing == job.id:
        return JobStatus("printing", q.message)
    return JobStatus("queued", q.message)


#: Where CUPS keeps each queue's PPD (readable by root and the ``lp`` group).
PPD_FOLDER = Path("/etc/cups/ppd")
#: Seconds a queue's driver, once found, is taken as known.
DRIVER_FRESH = 30.0
_drivers: dict[str, tuple[float, str | None]] = {}
_drivers_lock = threading.Lock()


def _queue_text(queue: str) -> str:
    """What names a queue's driver: its PPD's ``*NickName`` and ``*cupsFilter`` lines when
    the PPD can be read, else CUPS's ``printer-make-and-model`` (``lpoptions -p``).
    """
    if "/" not in queue and not queue.startswith("."):
        try:
            with (PPD_FOLDER / f"{queue}.ppd").open(encoding="latin-1") as f:
                return "\n".join(line for line in f if line.startswith(
                    ("*NickName", "*ModelName", "*cupsFilter")))
        except OSError:
            pass
    lpoptions = _tool("lpoptions")
    if lpoptions is None:
        return ""
    proc = _run([lpoptions, "-p", queue])
    try:
        words = shlex.split(proc.stdout)
    except ValueError:
        return ""
    return next((w.partition("=")[2] for w in words
                 if w.startswith("printer-make-and-model=")), "")


def queue_driver(queue: str) -> str | None:
    """The label printer driver of CUPS queue ``queue`` (a key of
    :data:`badgepress.sheet.printers.DRIVERS`), or None for any other printer (or when CUPS
    does not say). Remembered for :data:`DRIVER_FRESH` seconds.
    """
    now = time.monotonic()
    with _drivers_lock:
        hit = _drivers.get(queue)
    if hit is not None and now - hit[0] < DRIVER_FRESH:
        return hit[1]
    try:
        found = driver_named(_queue_text(queue))
    except (OSError, subprocess.TimeoutExpired):
        found = None
    with _drivers_lock:
        if len(_drivers) > 256:
            _drivers.clear()
        _drivers[queue] = (now, found)
    return found
