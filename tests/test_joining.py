"""Joining a long run's parts in a process of its own: the same PDF, errors carried over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from badgepress.errors import OutputError
from badgepress.pdf.joining import PartJoiner
from badgepress.press import run as build_module
from badgepress.press.run import build

from .conftest import ROOT

SAMPLE = ROOT / "sample_data" / "attendees.xlsx"


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


def test_the_pdf_is_the_same_joined_aside_or_here(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(build_module, "BADGES_PER_PART", 16)  # 3 parts of 2 pages
    made: list[PartJoiner] = []

    class Recording(PartJoiner):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)
            self.started_as = self.pid

    monkeypatch.setattr(build_module, "PartJoiner", Recording)
    out = {}
    for workers in ("1", "0"):
        monkeypatch.setenv("BADGEPRESS_WORKERS", workers)
        pdf = tmp_path / f"w{workers}.pdf"
        build(SAMPLE, pdf)
        out[workers] = pdf.read_bytes()
    assert out["1"] == out["0"]
    assert [j.started_as is not None for j in made] == [True, False]  # aside, then here
    assert not list(tmp_path.glob("*.pdf.*")), "part files are cleaned up"


def test_a_part_that_cannot_be_read_is_one_line_output_error(tmp_path):
    bad = tmp_path / "part.1"
    bad.write_bytes(b"not a pdf")
    joiner = PartJoiner(tmp_path / "out.pdf")
    assert joiner.pid is not None
    joiner.add(bad)
    with pytest.raises(OutputError, match="cannot join the rendered parts") as info:
        joiner.finish()
    assert info.value.path == str(bad) and "\n" not in str(info.value)


def test_a_killed_joiner_leaves_the_join_to_this_process(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(build_module, "BADGES_PER_PART", 16)
    whole = tmp_path / "whole.pdf"
    monkeypatch.setenv("BADGEPRESS_WORKERS", "0")
    build(SAMPLE, whole)
    monkeypatch.delenv("BADGEPRESS_WORKERS")
    killed = []

    class Killed(PartJoiner):
        def add(self, part: Path) -> None:
            if self.pid is not None and not killed:
                os.kill(self.pid, signal.SIGKILL)
                killed.append(self.pid)
            super().add(part)

    monkeypatch.setattr(build_module, "PartJoiner", Killed)
    pdf = tmp_path / "killed.pdf"
    build(SAMPLE, pdf)
    assert killed and _gone(killed[0])
    assert pdf.read_bytes() == whole.read_bytes()


def test_close_stops_a_running_joiner(tmp_path):
    with PartJoiner(tmp_path / "out.pdf") as running:
        pid = running.pid
        assert pid is not None
    assert _gone(pid)


def test_the_finisher_as_a_command_says_how_to_use_it():
    proc = subprocess.run([sys.executable, "-m", "badgepress.pdf.finish"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 2 and "usage" in proc.stderr
