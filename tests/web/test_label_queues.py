"""A desk walk-in printed through the app to real CUPS queues with Debian's label printer
drivers, and what each printer would get, decoded and checked (issue 25).

For each desk stock with driver options (DYMO LabelWriter 450 with 30856 and 30374 cards,
Zebra ZPL with 4x3 and 4x6 in labels, Brother QL-570 with 62 mm tape and DK-11202 labels), a
CUPS queue is added with the driver's PPD (``lpadmin -m``) and a ``socket://`` device on
127.0.0.1 whose port the test listens on: CUPS runs the queue's whole filter chain and its
backend sends the printer's own language there, as to a network printer. The event's design
is the stock's size (a name beside a QR code); the desk chooses the queue and the stock in
the app (``PUT /api/events/{e}/desks/{desk}``), and the queue's driver is read from its PPD,
giving the job's ``lp -o`` options. A walk-in is added and printed through the API; the bytes
the printer got are decoded (``tests/label_chain.py``) and checked against the job's PDF
(``tests/label_checks.check_printed``): one label, the label's size within 1 mm, upright and
at 100 %, nothing cropped, solid black, the QR code decodes. The decoded labels are saved as
PNG (``BADGEPRESS_CHAIN_PNG=DIR`` keeps them).

Needs cupsd running, ``lpadmin`` rights (root, or the lpadmin group) and the drivers
(``.ci/run`` installs and starts them); skips, saying why, where they are missing, and fails
under CI. Queues are named ``$BADGEPRESS_TEST_QUEUE_PREFIX-<stock>`` (default
``badgepress-test``) and removed at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests import label_chain as chain
from tests.label_checks import check_printed, desk_layout
from tests.test_driver_chains import CASES, NAME, Case
from web_helpers import Web

from badgepress.sheet.deskstock import desk_stock
from badgepress.sheet.printers import DRIVERS, job_options

PREFIX = os.environ.get("BADGEPRESS_TEST_QUEUE_PREFIX", "badgepress-test")
LPADMIN = shutil.which("lpadmin") or "/usr/sbin/lpadmin"


def _why_not() -> str | None:
    """Why this machine cannot add CUPS queues, or None."""
    if not Path(LPADMIN).exists() or shutil.which("lpstat") is None:
        return "CUPS's lpadmin and lpstat are not installed (apt-get install cups cups-bsd)"
    if subprocess.run(["lpstat", "-r"], capture_output=True, check=False).returncode:
        return "the CUPS scheduler is not running (start cupsd)"
    if not chain.have_cupsfilter():
        return "CUPS's cups-driverd is not installed"
    return None


class Printer:
    """A printer on the network, as a CUPS ``socket://`` device sees it: every connection is
    one job, its bytes kept.
    """

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.jobs: list[bytes] = []
        self._done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._done.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while data := conn.recv(65536):
                    chunks.append(data)
            if chunks:
                self.jobs.append(b"".join(chunks))

    def close(self) -> None:
        self._done.set()
        self.sock.close()


@pytest.fixture(scope="module")
def printer() -> Iterator[Printer]:
    why = _why_not()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the label printer queues: {why} (see .ci/run)")
        pytest.skip(why)
    p = Printer()
    yield p
    p.close()


def _queue(name: str, ppd: str, port: int) -> None:
    uri = f"socket://127.0.0.1:{port}"
    proc = subprocess.run([LPADMIN, "-p", name, "-E", "-v", uri, "-m", ppd],
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        why = proc.stderr.strip() or proc.stdout.strip()
        if os.environ.get("CI"):
            pytest.fail(f"cannot add the CUPS queue {name}: {why}")
        pytest.skip(f"cannot add the CUPS queue {name} ({ppd}): {why}")


def _wait(printer: Printer, before: int, queue: str) -> bytes:
    """The next job the printer got (CUPS ran the queue's filters and sent it)."""
    end = time.monotonic() + 90
    while time.monotonic() < end:
        if len(printer.jobs) > before:
            return printer.jobs[before]
        time.sleep(0.1)
    state = subprocess.run(["lpstat", "-l", "-p", queue, "-o", queue], capture_output=True,
                           text=True, check=False).stdout
    raise AssertionError(f"the printer got nothing from {queue} in 90 s: {state}")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_desk_walkin_prints_through_the_real_driver(case: Case, printer: Printer,
                                                      tmp_path: Path) -> None:
    queue = f"{PREFIX}-{case.stock}"
    _queue(queue, DRIVERS[case.driver].ppd, printer.port)
    try:
        web = Web(tmp_path / "data")
        event = web.event("Driver day")
        stock = desk_stock(case.stock)
        design = desk_layout(stock, tmp_path)  # the stock's size: a name beside a QR code
        r = web.client.post(f"/api/events/{event}/layout", files=[
            ("files", (Path(design.source).name, Path(design.source).read_bytes()))])
        assert r.status_code == 200, r.text
        r = web.client.put(f"/api/events/{event}/desks/Label desk",
                           json={"printer": queue, "stock": case.stock})
        assert r.status_code == 200, r.text
        info = r.json()
        # The driver is read from the queue's PPD; the job options follow from it.
        assert (info["driver"], info["driver_chosen"]) == (case.driver, False)
        assert info["options"] == list(job_options(case.stock, case.driver))
        first, last, company = NAME
        aid = web.client.post(f"/api/events/{event}/attendees", json={
            "first_name": first, "last_name": last, "company": company}).json()["id"]
        before = len(printer.jobs)
        job = web.client.post(f"/api/events/{event}/attendees/{aid}/print",
                              json={"desk": "Label desk"}).json()
        assert job["state"] == "queued" and job["cups"].startswith(queue), job
        data = _wait(printer, before, queue)
        pdf = tmp_path / "job.pdf"
        pdf.write_bytes(web.client.get(f"/api/prints/{job['job']}.pdf").content)
        if case.driver == "dymo":
            assert case.media is not None
            ppd_text = (Path("/etc/cups/ppd") / f"{queue}.ppd").read_text(encoding="latin-1")
            media, area = chain.ppd_media(ppd_text, case.media)
            printed = chain.dymo(data, media, area)
        elif case.driver == "zebra-zpl":
            printed = chain.zpl(data, 203)
            assert printed.facts["orientation"] == "I"
        else:
            printed = chain.brother_ql(data)
            assert printed.facts["width_mm"] == 62 and printed.facts["auto_cut"]
        check_printed(printed, pdf, stock, design, f"queue-{case.id}", tmp_path,
                      width_known=case.driver != "dymo")
    finally:
        subprocess.run([LPADMIN, "-x", queue], capture_output=True, check=False)
