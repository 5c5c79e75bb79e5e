"""Real printing: a badge sent through ``lp`` to the CUPS queue ``BadgePDF`` (the
printer-driver-cups-pdf virtual printer that .ci/run sets up) comes out as a PDF with that
attendee's badge. Skips, saying why, where no such queue exists; fails under CI.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from web_helpers import SAMPLE_XLSX, Web

QUEUE = os.environ.get("BADGEPRESS_CUPS_QUEUE", "BadgePDF")


def _has_queue() -> bool:
    if shutil.which("lpstat") is None:
        return False
    out = subprocess.run(["lpstat", "-e"], capture_output=True, text=True, check=False)
    return QUEUE in out.stdout.split()


def test_a_badge_printed_through_cups_comes_out_as_its_pdf(tmp_path: Path) -> None:
    if not _has_queue():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the CUPS queue {QUEUE} (.ci/run sets it up)")
        pytest.skip(f"no CUPS queue {QUEUE}: apt-get install cups cups-bsd "
                    "printer-driver-cups-pdf, start cupsd and add it (see .ci/run)")
    web = Web(tmp_path / "data", printer=QUEUE)
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    ada = web.client.get(f"/api/events/{event}/attendees", params={"q": "lovelace"}).json()[0]
    r = web.client.post(f"/api/events/{event}/attendees/{ada['id']}/print",
                        json={"desk": "CUPS desk"})
    body = r.json()
    assert r.status_code == 202 and body["state"] == "queued", body
    assert body["message"].startswith(f"request id is {QUEUE}-")
    out_dir = Path.home() / "PDF"  # cups-pdf writes the submitting user's jobs here
    found: list[Path] = []
    for _ in range(900):  # at most 90 s (cups-pdf writes the queue's jobs one by one)
        found = [p for p in out_dir.glob(f"*{body['job']}*.pdf") if p.stat().st_size > 0]
        if found:
            break
        time.sleep(0.1)
    assert found, f"cups-pdf wrote no PDF for job {body['job']} in {out_dir}"
    time.sleep(0.5)  # cups-pdf may still be writing it
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(found[0].read_bytes())).pages)
    assert "Ada" in text and "Lovelace" in text
