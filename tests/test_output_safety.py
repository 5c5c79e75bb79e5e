"""Output safety (issue 15, items 1 and 7), on real files with checksums before and after: no
output is ever an input or another output; on any exit 1 the previous outputs stay exactly as
they were; temporary names fit, are unique per run, and a killed run's are swept by the next.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import badgepress.press.run as build_module
from badgepress.cli import main
from badgepress.errors import OutputError, StrictError
from badgepress.press.outputs import Staged, remove_stale
from badgepress.press.run import build

from .conftest import ROOT, edited_layout

SAMPLE_CSV = ROOT / "sample_data" / "attendees.csv"
FONT = ROOT / "fonts" / "NotoSans-Bold.ttf"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` with its checksum."""
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def run(*argv: str) -> tuple[int, str]:
    import io

    err = io.StringIO()
    code = main(list(argv), out=io.StringIO(), err=err)
    return code, err.getvalue()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE_CSV, tmp_path / "attendees.csv")
    shutil.copy(ROOT / "layouts" / "a4-90x55-8up.toml", tmp_path / "layout.toml")
    return tmp_path


def _same_file_cases(work: Path) -> list[tuple[list[str], str]]:
    csv, lay = work / "attendees.csv", work / "layout.toml"
    (work / "link.csv").symlink_to(csv)
    os.link(csv, work / "hard.csv")
    (work / "sub").mkdir()
    return [
        (["-o", str(csv)], "the PDF would be written over the attendee file"),
        (["-o", str(work / "link.csv")], "the PDF would be written over the attendee file"),
        (["-o", str(work / "hard.csv")], "the PDF would be written over the attendee file"),
        (["-o", str(work / "sub" / ".." / "attendees.csv")], "over the attendee file"),
        (["-o", str(work / "b.pdf"), "--report", str(csv)],
         "the report would be written over the attendee file"),
        (["-o", str(work / "b.pdf"), "--report", str(work / "b.pdf")],
         "the report would be written over the PDF"),
        (["-o", str(work / "new.pdf"), "--report", str(work / "sub" / ".." / "new.pdf")],
         "the report would be written over the PDF"),
        (["-o", str(lay)], "the PDF would be written over the layout"),
        (["-o", str(work / "sub")], "would be written over a folder"),
    ]


def test_an_output_that_is_an_input_or_another_output_is_refused(work: Path) -> None:
    (work / "b.pdf").write_bytes(b"%PDF previous")
    cases = _same_file_cases(work)
    before = tree(work)
    for extra, message in cases:
        code, err = run("build", str(work / "attendees.csv"), "--layout",
                        str(work / "layout.toml"), *extra)
        assert code == 1, extra
        assert message in err, (extra, err)
        assert err.count("\n") == 1 and "Traceback" not in err
        assert tree(work) == before, extra  # nothing read into, nothing written


def test_a_font_given_by_path_is_an_input(work: Path) -> None:
    font = work / "my font.ttf"
    shutil.copy(FONT, font)
    text = (work / "layout.toml").read_text(encoding="utf-8")
    (work / "f.toml").write_text(text.replace('font = "Noto Sans Bold"',
                                              f'font = "{font.name}"', 1), encoding="utf-8")
    before = digest(font)
    with pytest.raises(OutputError, match="the PDF would be written over the font of field"):
        build(work / "attendees.csv", font, layout=str(work / "f.toml"))
    assert digest(font) == before


def test_the_layouts_artwork_is_an_input(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    event = tmp_path / "event"
    shutil.copytree(ROOT / "sample_data" / "event", event)
    before = digest(event / "background.pdf")
    code = main(["build", str(SAMPLE_CSV), "--layout", str(event / "event.toml"),
                 "-o", str(event / "background.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "the PDF would be written over the artwork of 'image[1]'" in err, err
    assert digest(event / "background.pdf") == before


def test_strict_failure_leaves_the_previous_outputs_as_they_were(work: Path) -> None:
    csv = work / "long.csv"
    csv.write_text("First Name,Last Name\nAda,Lovelace\n"
                   "Hubert,Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft\n",
                   encoding="utf-8")
    (work / "b.pdf").write_bytes(b"%PDF old")
    (work / "r.json").write_text("{}", encoding="utf-8")
    before = tree(work)
    code, err = run("build", str(csv), "-o", str(work / "b.pdf"), "--report",
                    str(work / "r.json"), "--strict")
    assert code == 1 and "--strict" in err and "row 3:" in err
    assert tree(work) == before
    with pytest.raises(StrictError) as info:
        build(csv, work / "b.pdf", report=work / "r.json", strict=True)
    assert info.value.result.warnings  # type: ignore[attr-defined]
    assert tree(work) == before
    # Without --strict the same run replaces both.
    assert run("build", str(csv), "-o", str(work / "b.pdf"), "--report",
               str(work / "r.json"))[0] == 0
    assert (work / "b.pdf").read_bytes().startswith(b"%PDF-")
    assert set(tree(work)) == set(before)


def test_a_failing_run_leaves_the_previous_pdf_and_no_stray_file(work: Path) -> None:
    (work / "b.pdf").write_bytes(b"%PDF old")
    lay = edited_layout(work, "{first_name}", "{No Such Column}", "bad.toml")
    before = tree(work)
    code, err = run("build", str(work / "attendees.csv"), "-o", str(work / "b.pdf"),
                    "--layout", str(lay))
    assert code == 1 and "No Such Column" in err
    assert tree(work) == before


def test_an_output_name_of_255_bytes_works(work: Path) -> None:
    name = "b" * 251 + ".pdf"
    code, err = run("build", str(work / "attendees.csv"), "-o", str(work / name),
                    "--report", str(work / ("r" * 250 + ".json")))
    assert code == 0, err
    assert (work / name).read_bytes().startswith(b"%PDF-")
    assert not [p for p in work.iterdir() if p.name.startswith(".")]


def test_a_long_run_writes_parts_under_the_same_rules(work: Path, monkeypatch) -> None:
    monkeypatch.setattr(build_module, "BADGES_PER_PART", 16)  # 3 parts of 2 pages
    monkeypatch.setenv("BADGEPRESS_WORKERS", "0")
    seen: list[str] = []
    real_add = build_module.PartJoiner.add

    def add(self, part: Path) -> None:  # type: ignore[no-untyped-def]
        seen.append(part.name)
        real_add(self, part)

    monkeypatch.setattr(build_module.PartJoiner, "add", add)
    name = "p" * 251 + ".pdf"
    result = build(work / "attendees.csv", work / name)
    assert result.pages == 5 and len(seen) == 3
    assert all(n.startswith(".bp-") and n.endswith((".tmp.1", ".tmp.2", ".tmp.3"))
               and len(n) < 40 for n in seen)
    assert sorted(p.name for p in work.iterdir()) == sorted(["attendees.csv", "layout.toml",
                                                              name])


def test_two_builds_to_one_output_at_once_both_succeed(work: Path) -> None:
    argv = [sys.executable, "-m", "badgepress", "build", str(work / "attendees.csv"), "-o",
            str(work / "b.pdf"), "--report", str(work / "r.json"), "-q"]
    procs = [subprocess.Popen(argv, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(), p.communicate()[1]) for p in procs]
    assert results == [(0, "")] * 3
    assert (work / "b.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in work.iterdir()) == ["attendees.csv", "b.pdf", "layout.toml",
                                                      "r.json"]


def test_a_killed_run_leaves_temporaries_that_the_next_run_removes(work: Path) -> None:
    target = work / "b.pdf"
    # A run that holds its lock, then is killed with SIGKILL.
    code = ("import sys, time; from badgepress.press.outputs import Staged; "
            "s = Staged(sys.argv[1], 'the PDF'); "
            "open(str(s.tmp) + '.1', 'wb').write(b'part'); "
            "print(s.tmp.name, flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    tmp_name = proc.stdout.readline().strip()
    assert (work / tmp_name).exists() and (work / f"{tmp_name}.1").exists()
    # While it lives, another run to the same target leaves its files alone ...
    assert remove_stale(target) == []
    with Staged(target, "the PDF") as other:
        assert other.tmp.name != tmp_name
    assert (work / tmp_name).exists()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # ... and once it is dead, the next run removes them; other files stay.
    (work / "keep.tmp").write_text("mine", encoding="utf-8")
    assert run("build", str(work / "attendees.csv"), "-o", str(target))[0] == 0
    assert sorted(p.name for p in work.iterdir()) == ["attendees.csv", "b.pdf", "keep.tmp",
                                                      "layout.toml"]


def test_a_sweep_only_touches_its_own_target(work: Path) -> None:
    a = Staged(work / "a.pdf", "the PDF")
    fd = os.open(a.tmp, os.O_RDWR)
    os.close(fd)
    a._fd and fcntl.flock(a._fd, fcntl.LOCK_UN)  # as if its run had died
    assert remove_stale(work / "b.pdf") == []
    assert a.tmp.exists()
    assert remove_stale(work / "a.pdf") == [a.tmp]


def test_a_real_build_killed_with_sigkill_is_cleaned_up_by_the_next(work: Path) -> None:
    csv = work / "many.csv"
    csv.write_text("First Name,Last Name\n" + "".join(f"Ada{i},Lovelace{i}\n"
                                                      for i in range(3000)), encoding="utf-8")
    (work / "b.pdf").write_bytes(b"%PDF old")
    proc = subprocess.Popen([sys.executable, "-m", "badgepress", "build", str(csv), "-o",
                             str(work / "b.pdf"), "--report", str(work / "r.json"), "-q"],
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(3000):  # until its temporaries are there (at most about 30 s)
            if [p for p in work.iterdir() if p.name.startswith(".bp-")] or proc.poll() is not None:
                break
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    left = sorted(p.name for p in work.iterdir() if p.name.startswith(".bp-"))
    assert left, "the killed run left its temporaries (else the test proves nothing)"
    assert (work / "b.pdf").read_bytes() == b"%PDF old"
    code, err = run("build", str(SAMPLE_CSV), "-o", str(work / "b.pdf"), "--report",
                    str(work / "r.json"))
    assert code == 0, err
    assert sorted(p.name for p in work.iterdir()) == ["attendees.csv", "b.pdf", "layout.toml",
                                                      "many.csv", "r.json"]


def test_preview_and_calibrate_never_write_over_an_input(tmp_path: Path) -> None:
    from badgepress.cli import main

    src = tmp_path / "list.csv"
    src.write_text("First Name,Last Name\nAda,Lovelace\n", encoding="utf-8")
    before = src.read_bytes()
    assert main(["preview", str(src), "--row", "2", "-o", str(src)]) == 1
    assert src.read_bytes() == before
    lay = tmp_path / "my.toml"
    assert main(["layouts", "--copy", "a4-90x55-8up", str(lay)]) == 0
    before = lay.read_bytes()
    assert main(["calibrate", "--layout", str(lay), "-o", str(lay)]) == 1
    assert lay.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv", "my.toml"]
