"""The hostile corpus (tests/hostile_corpus.py) run end to end through ``python -m badgepress
build``: each case exits 0 or 1 as it must, prints one line and never a traceback, leaves no
stray file in the output folder, keeps an earlier output on exit 1, and never changes an input.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .hostile_corpus import Case, argv, make_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Case]]:
    work = tmp_path_factory.mktemp("hostile")
    return work, {c.name: c for c in make_corpus(work)}


def _sums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file()}


with tempfile.TemporaryDirectory() as _names:
    NAMES = [c.name for c in make_corpus(Path(_names))]


@pytest.mark.parametrize("name", NAMES)
def test_hostile_case(corpus: tuple[Path, dict[str, Case]], name: str) -> None:
    work, cases = corpus
    case = cases[name]
    out = work / "out"
    shutil.rmtree(out)
    out.mkdir()
    for file, data in case.before.items():
        (out / file).write_bytes(data)
    inputs = _sums(work / "in")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-m", "badgepress", "build", *argv(case, work)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    err = proc.stderr
    assert proc.returncode == case.code, err
    assert "Traceback" not in err and "Error:" not in err.replace("error:", ""), err
    if case.code == 1:
        last = err.rstrip("\n").split("\n")[-1]
        assert last.startswith("badgepress: "), err
        assert case.says in last, err
        if "--strict" not in case.args:
            assert err.count("\n") == 1, err  # one line, and nothing else
        expected = {**{f: hashlib.sha256(d).hexdigest() for f, d in case.before.items()}}
        got = _sums(out)
        assert {f: got[f] for f in expected} == expected  # earlier outputs as they were
        assert sorted(got) == sorted({*expected, *case.leaves})  # and nothing else
    else:
        assert sorted(p.name for p in out.iterdir()) == sorted(case.makes)
        for made in case.makes:
            assert (out / made).read_bytes()[:5] == b"%PDF-"
    assert _sums(work / "in") == inputs  # no input changed
