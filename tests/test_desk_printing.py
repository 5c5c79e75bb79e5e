"""Printing a badge through a real CUPS queue (cups-pdf), and what the desk sees of the job.

`.ci/run` installs CUPS and the cups-pdf virtual printer, starts cupsd and adds the queue
``BadgePDF``, which writes each job as a PDF into ``$HOME/PDF``. Elsewhere these tests skip,
saying why; under CI (``CI=true``) a missing CUPS fails them instead, so they never skip there
unnoticed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from badgepress.errors import PrintError
from badgepress.press import build
from badgepress.web.engine import printing

QUEUE = "BadgePDF"
OUT = Path.home() / "PDF"


def _need_cups() -> None:
    found = printing.queues()
    reason = found.reason or (None if found.get(QUEUE) else f"no CUPS queue {QUEUE}")
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CUPS must be set up under CI: {reason}")
        pytest.skip(f"CUPS not set up here: {reason} (see .ci/run)")


def _wait(job: printing.Job, seconds: float = 30) -> printing.JobStatus:
    end = time.monotonic() + seconds
    while True:
        st = printing.status(job)
        if st.state in ("done", "failed") or time.monotonic() > end:
            return st
        time.sleep(0.2)


def _badge(tmp_path: Path, first: str, last: str) -> Path:
    src = tmp_path / "walkin.csv"
    src.write_text(f"First Name,Last Name,Company\n{first},{last},ACME\n", encoding="utf-8")
    build(src, tmp_path / "badge.pdf", layout="shop-90x55")
    return tmp_path / "badge.pdf"


def _printed(job: printing.Job, seconds: float = 30) -> Path:
    number = job.id.rsplit("-", 1)[1]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = sorted(OUT.glob(f"*job_{number}.pdf"))
        if found and found[0].stat().st_size > 0:
            time.sleep(0.2)  # cups-pdf writes the file, then closes it
            return found[0]
        time.sleep(0.2)
    pytest.fail(f"cups-pdf wrote no file for {job.id} in {OUT}")


def test_a_badge_printed_on_a_cups_queue_arrives_as_that_badge(tmp_path: Path) -> None:
    _need_cups()
    pdf = _badge(tmp_path, "Zoë", "Müller-Lüdenscheidt")
    job = printing.submit(QUEUE, pdf, title="Zoë Müller-Lüdenscheidt; rm -rf / `id`")
    assert job.queue == QUEUE and job.id.startswith(f"{QUEUE}-")
    assert _wait(job).state == "done"
    printed = _printed(job)
    text = pdfium.PdfDocument(printed)[0].get_textpage().get_text_range()
    # cups-pdf redistils the PDF with Ghostscript, which keeps every glyph but not the
    # characters of accented ones: "Zoë" comes back as "Zo" and one unmapped glyph.
    assert re.search(r"\bZo.\r?\n", text), text
    assert "ller-L" in text and "denscheidt" in text and "ACME" in text


def test_a_queue_that_does_not_exist_is_one_clear_line(tmp_path: Path) -> None:
    _need_cups()
    pdf = _badge(tmp_path, "Ana", "Li")
    with pytest.raises(PrintError) as err:
        printing.submit("NoSuchQueue", pdf, title="Ana Li")
    assert str(err.value) == ("printer NoSuchQueue: the job was refused: The printer or class "
                              "does not exist.")


def test_a_stopped_printer_holds_the_job_with_its_own_message(tmp_path: Path) -> None:
    _need_cups()
    if os.geteuid() != 0 or not shutil.which("lpadmin"):
        pytest.skip("adding a CUPS queue needs root and lpadmin")
    name = f"BadgeStopped{os.getpid()}"
    subprocess.run(["lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-m",
                    "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"], check=True, capture_output=True)
    try:
        subprocess.run(["cupsdisable", "-r", "Out of badge stock", name], check=True)
        queue = printing.queues().get(name)
        assert queue is not None and not queue.enabled and queue.message == "Out of badge stock"
        job = printing.submit(name, _badge(tmp_path, "Ana", "Li"), title="Ana Li")
        st = printing.status(job)
        assert (st.state, st.message) == ("held", "Out of badge stock")
        subprocess.run(["cancel", job.id], check=False, capture_output=True)
    finally:
        subprocess.run(["lpadmin", "-x", name], check=False, capture_output=True)


def test_without_cups_the_queue_list_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing, "_tool", lambda name: None)
    found = printing.queues()
    assert found.queues == () and found.reason is not None
    assert found.reason.startswith("CUPS is not installed on this computer")
    with pytest.raises(PrintError, match="CUPS is not installed"):
        printing.submit(QUEUE, Path("badge.pdf"), title="x")
