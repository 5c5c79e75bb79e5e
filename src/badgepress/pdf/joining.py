"""Joining a long run's parts: in a process of its own while the later parts are drawn.

The renderer writes a long run in parts (press.BADGES_PER_PART) and the finisher (finish.py)
joins them, about 0.4 ms a page. Joined at the end, that is 5 s of a 100,000-badge run spent
after the last badge; joined as each part is written, in a second process, it takes nothing
from the drawing. The joiner is a fresh ``python -m badgepress.pdf.finish`` (a fork would hold a
copy of the build's memory as the build changes it), fed the parts' paths on its standard
input. Where a second process is not wanted, or it could not do its work, the parts are
joined here at the end.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path
from types import TracebackType

import badgepress
from badgepress.errors import OutputError


class PartJoiner:
    """Takes the parts of one PDF in order (:meth:`add`) and joins them into ``target``
    (:meth:`finish`). Use it as a context manager, or call :meth:`close`, so that a build that
    fails stops the joining process.
    """

    def __init__(self, target: Path, *, aside: bool = True) -> None:
        self.target = target
        self._parts: list[Path] = []
        self._proc: subprocess.Popen[str] | None = None
        if aside:
            env = dict(os.environ)
            here = str(Path(badgepress.__file__).resolve().parents[1])
            if here not in _site_dirs():
                # A source folder this process was pointed at: the child imports this
                # badgepress, not another one. (A site-packages folder is never put first:
                # it could shadow the standard library.)
                env["PYTHONPATH"] = os.pathsep.join(
                    p for p in (here, os.environ.get("PYTHONPATH")) if p)
            try:
                self._proc = subprocess.Popen(
                    [sys.executable, "-m", "badgepress.pdf.finish", str(target)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    text=True, encoding="utf-8", env=env)
            except OSError:
                self._proc = None  # no second process today: join here at the end

    @property
    def pid(self) -> int | None:
        """The joining process's id; None when the parts are joined in this process."""
        return self._proc.pid if self._proc is not None else None

    def add(self, part: Path) -> None:
        """The next part, written and complete."""
        self._parts.append(part)  # also kept here, to join them here should the process fail
        if self._proc is None:
            return
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(json.dumps(str(part)) + "\n")
            self._proc.stdin.flush()
        except OSError:
            pass  # the joiner has stopped: finish() says why

    def finish(self) -> int:
        """Join what was added (waiting for the joining process); returns the page count.

        A join that fails on the parts raises ``OutputError``. A joining process that could
        not do its work at all (killed, out of memory, no Python to start it with, as in a
        frozen app) is not the user's problem: the parts are joined here instead.
        """
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                out, _ = proc.communicate()
            except OSError:
                out = ""
            try:
                result = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
            except json.JSONDecodeError:
                result = {}
            if proc.returncode == 0 and "pages" in result:
                return int(result["pages"])
            if "error" in result:
                raise OutputError(result["error"], path=result.get("path"))
        from badgepress.pdf import finish  # pypdf: 90 ms to import, for long runs only

        return finish.join(self._parts, self.target)

    def close(self) -> None:
        """Stop the joining process if it is still running (a build that failed). Idempotent."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.communicate()

    def __enter__(self) -> PartJoiner:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _site_dirs() -> set[str]:
    """The folders a fresh interpreter finds installed packages in."""
    dirs = set(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        dirs.add(site.getusersitepackages())
    return {str(Path(d).resolve()) for d in dirs}
