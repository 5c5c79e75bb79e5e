"""Output safety: no output may be an input or another output, and an output is replaced only
when its run succeeds.

:func:`check_paths` compares every output with every input and every other output, by device
and inode where the file exists (symlinks and hard links included) and by resolved path where
it does not, before anything is written. :class:`Staged` writes an output beside its target
under a short temporary name of its own and moves it into place only on :meth:`Staged.commit`;
a run that fails leaves the previous file exactly as it was.

Temporary names are ``.bp-HHHHHHHH-RRRRRRRR.tmp`` (and ``...tmp.1``, ``...tmp.2`` for a long
run's parts): ``H`` a hash of the target's name (so a run knows its target's temporaries), ``R``
random (so two runs to one target never collide). They are 30 bytes or so whatever the target's
name, so they fit wherever the target fits. A run holds an exclusive ``flock`` on its ``.tmp``
file while it lives; a run killed with SIGKILL loses the lock with its life, so the next run to
the same target finds the lock free, knows the files are stale, and removes them.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from badgepress.errors import OutputError
from badgepress.sheet.contain import name_problem
from badgepress.sheet.layout import Layout
from badgepress.text.fonts import names_file

_PREFIX = ".bp-"


@dataclass(frozen=True, slots=True)
class Named:
    """A file a run reads or writes, with what it is for the message ("the attendee file")."""

    what: str
    path: Path


def _identity(path: Path) -> tuple[str, object]:
    """The file's identity: ``("inode", (dev, ino))`` where it exists, else its resolved path."""
    try:
        st = path.stat()
    except OSError:
        return "path", _resolved(path)
    return "inode", (st.st_dev, st.st_ino)


def check_paths(inputs: Sequence[Named], outputs: Sequence[Named]) -> None:
    """Raise ``OutputError`` if an output is the same file as an input or as another output
    (same device and inode where the file exists, same resolved path otherwise), or is a
    folder. Nothing is read or written.
    """
    seen: list[tuple[Named, tuple[str, object], tuple[str, object]]] = []
    for item in inputs:
        seen.append((item, _identity(item.path), ("path", _resolved(item.path))))
    n_inputs = len(seen)
    for out in outputs:
        if out.path.is_dir():
            raise OutputError(f"{out.what} would be written over a folder; give a file name",
                              path=out.path)
        ident, where = _identity(out.path), ("path", _resolved(out.path))
        for i, (other, other_ident, other_where) in enumerate(seen):
            if ident == other_ident or where == other_where:
                role = "input" if i < n_inputs else "output"
                named = f" ({other.path})" if str(other.path) != str(out.path) else ""
                raise OutputError(
                    f"{out.what} would be written over {other.what}{named}, which is "
                    f"{'an' if role == 'input' else 'another'} {role} of this run; nothing was "
                    "written: choose another output path", path=out.path)
        seen.append((out, ident, where))




def run_inputs(source: str | os.PathLike[str], layout: Layout | Path) -> list[Named]:
    """The files a build reads: the attendee file, the layout file and (given a parsed
    layout) the font files its fields name by path (relative to the layout's folder).
    """
    return [Named("the attendee file", Path(source)), *layout_inputs(layout)]


def layout_inputs(layout: Layout | Path) -> list[Named]:
    """The files a layout brings: its own file and (given a parsed layout) the font files its
    fields name by path (relative to the layout's folder) and its artwork files (those named
    from attendee fields are found only while drawing, and are not listed).
    """
    if isinstance(layout, Path):
        return [Named("the layout", layout)]
    named = [Named("the layout", Path(layout.source))] if Path(layout.source).is_file() else []
    base = Path(layout.source).parent
    for spec in layout.fields:
        if names_file(spec.font) and name_problem(spec.font) is None:  # else refused later
            font = Path(spec.font)
            named.append(Named(f"the font of field {spec.name!r}",
                               font if font.is_absolute() else base / font))
    named.extend(Named(f"the artwork of {image.key!r}", image.path)
                 for image in layout.fixed_images())
    return named


def run_outputs(pdf: Path, report: str | os.PathLike[str] | None) -> list[Named]:
    """The files a build writes: the PDF, and the report if asked for. An option that adds an
    output (a preview, a second PDF) adds it here, so that :func:`check_paths` covers it.
    """
    out = [Named("the PDF", pdf)]
    if report is not None:
        out.append(Named("the report", Path(report)))
    return out


def _resolved(path: Path) -> Path:
    return path.absolute().resolve(strict=False)


def _target_hash(target: Path) -> str:
    return hashlib.sha256(target.name.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def _stale_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(_PREFIX)}{_target_hash(target)}-([a-z0-9]{{8}})"
                      r"\.tmp(?:\.\d+)?$")


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporaries that earlier runs to ``target`` left behind when they were
    killed: those whose ``.tmp`` file no process holds locked. Returns what was removed.
    """
    pattern = _stale_pattern(target)
    start = f"{_PREFIX}{_target_hash(target)}-"
    groups: dict[str, list[Path]] = {}
    try:
        # Names only (no Path per entry): an output folder such as /tmp may hold many files.
        entries = os.listdir(target.parent)  # noqa: PTH208
    except OSError:
        return []
    for name in entries:
        m = pattern.match(name) if name.startswith(start) else None
        if m:
            groups.setdefault(m.group(1), []).append(target.parent / name)
    removed: list[Path] = []
    for token, files in sorted(groups.items()):
        base = target.parent / f"{_PREFIX}{_target_hash(target)}-{token}.tmp"
        try:
            fd = os.open(base, os.O_RDWR)
        except FileNotFoundError:
            fd = None  # parts without their lock file: its run is gone
        except OSError:
            continue
        try:
            if fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a live run holds it
            for path in sorted(files, key=lambda p: p == base):  # the lock file last
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
        finally:
            if fd is not None:
                os.close(fd)
    return removed


class Staged:
    """One output written beside its target under a unique temporary name, moved into place
    by :meth:`commit` (atomically, on the same file system); :meth:`discard` (or leaving the
    ``with`` block without a commit) removes the temporaries and leaves the target as it was.
    """

    def __init__(self, target: str | os.PathLike[str], what: str) -> None:
        self.target = Path(target)
        self.what = what
        remove_stale(self.target)
        token = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8))
        stem = f"{_PREFIX}{_target_hash(self.target)}-{token}"
        #: the temporary file; a long run's parts are ``tmp.1``, ``tmp.2``, ... beside it
        self.tmp = self.target.with_name(f"{stem}.tmp")
        # Made and locked under a name no sweep matches, then renamed: another run's sweep
        # never sees this run's lock file unlocked.
        new = self.target.with_name(f"{stem}.new")
        try:
            self._fd: int | None = os.open(new, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            new.replace(self.tmp)
        except OSError as exc:
            self._fd = None
            new.unlink(missing_ok=True)
            raise OutputError(f"cannot write {what}: {exc.strerror or exc}; check that the "
                              "folder is writable", path=self.target) from None

    def parts(self) -> list[Path]:
        """The temporary's parts (``tmp.1``, ``tmp.2``, ...) that exist now."""
        out: list[Path] = []
        while True:  # parts are numbered from 1 without gaps (pdf.render)
            part = self.tmp.with_name(f"{self.tmp.name}.{len(out) + 1}")
            if not part.exists():
                return out
            out.append(part)

    def commit(self, source: Path | None = None) -> None:
        """Move ``source`` (default: the temporary file itself) onto the target, then remove
        the other temporaries.
        """
        try:
            (source or self.tmp).replace(self.target)
        except OSError as exc:
            raise OutputError(f"cannot write {self.what}: {exc.strerror or exc}",
                              path=self.target) from None
        self.discard()

    def discard(self) -> None:
        """Remove the temporaries (parts first, then the locked file) and release the lock.
        Idempotent.
        """
        if self._fd is None:
            return
        for part in self.parts():
            part.unlink(missing_ok=True)
        self.tmp.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.discard()


__all__ = ["Named", "Staged", "check_paths", "layout_inputs", "remove_stale", "run_inputs",
           "run_outputs"]
