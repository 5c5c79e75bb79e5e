"""The build page's PDF/X choice: the app builds PDF/X-4 through the library and shows the
preflight it made.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from web_helpers import SAMPLE_XLSX, Web


def test_a_pdfx_build_is_pdfx_and_carries_its_preflight(web: Web) -> None:
    event = web.event(layout="shop-90x55")
    web.upload(event, SAMPLE_XLSX)
    r = web.client.post(f"/api/events/{event}/build", json={"pdfx": True})
    assert r.status_code == 202, r.text
    job = r.json()["job"]
    web.state.engine.builds.wait()
    state = web.client.get(f"/api/jobs/{job}").json()
    assert state["state"] == "done", state
    assert state["pdfx"] is True
    assert state["preflight"] == {"passed": True, "errors": 0, "warnings": 0,
                                  "notes": state["preflight"]["notes"]}
    pdf = PdfReader(io.BytesIO(web.client.get(f"/api/events/{event}/badges.pdf").content))
    (intent,) = pdf.trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFX"
    page = web.client.get(f"/events/{event}/build").text
    assert "PDF/X-4 preflight: passed" in page
    assert 'name="pdfx" value="1" checked' in page
    # A plain build again: no output intent, no preflight.
    web.client.post(f"/api/events/{event}/build")
    web.state.engine.builds.wait()
    pdf = PdfReader(io.BytesIO(web.client.get(f"/api/events/{event}/badges.pdf").content))
    assert "/OutputIntents" not in pdf.trailer["/Root"]


def test_pdfx_must_be_true_or_false(web: Web) -> None:
    event = web.event()
    web.upload(event, SAMPLE_XLSX)
    r = web.client.post(f"/api/events/{event}/build", json={"pdfx": "yes"})
    assert r.status_code == 400 and r.json()["error"] == "pdfx must be true or false, not 'yes'"
