"""Texts filled and names fitted ahead in the reader's process (press.fitahead, plan.ahead):
the same plans and the same PDF bytes as in the drawing process, which really uses them.
"""

from __future__ import annotations

import csv
import json
import os
import pickle
from pathlib import Path

import pytest

import badgepress.plan.planner as planner_module
from badgepress.model import Attendee
from badgepress.plan.ahead import font_keys, pack, unpack
from badgepress.plan.planner import Planner
from badgepress.press import build
from badgepress.press.prefetch import can_fork
from badgepress.sheet.layout import DEFAULT_LAYOUT, load_layout
from badgepress.text.fonts import FontBook

from .conftest import ROOT

needs_fork = pytest.mark.skipif(not can_fork(), reason="the reader process needs fork")
NAMES_CSV = ROOT / "tests" / "scripts" / "names.csv"


def script_names() -> list[tuple[str, str, str]]:
    with NAMES_CSV.open(encoding="utf-8") as f:
        return [(r["First Name"], r["Last Name"], r["Company"]) for r in csv.DictReader(f)]


def long_list(tmp_path: Path, n: int = 400) -> Path:
    """``n`` attendees: every script of names.csv (fallback fonts), repeated with numbers, so
    that some texts recur and most are new; a few names far too long for their box.
    """
    names = script_names()
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["First Name", "Last Name", "Company", "Ticket Type"])
        for i in range(n):
            first, last, company = names[i % len(names)]
            if i % 3:
                last = f"{last} {i}"
            if i == 7:
                last = "Wolfeschlegelsteinhausenberger " * 40
            out.writerow([first, last, company, ["Speaker", "Staff", "Attendee"][i % 3]])
    return path


def test_a_fit_survives_the_trip_or_is_not_sent():
    book = FontBook()
    layout = load_layout(DEFAULT_LAYOUT)
    planner = Planner(layout, book)
    known = font_keys(book.loaded())  # the fonts loaded before any name: the primaries
    spec = next(s for s in layout.fields if s.name == "name")
    sent = held = later = 0
    for first, last, _ in script_names():
        text = f"{first}\n{last}"
        fit = planner._fit(spec, text)
        packed = pack(spec.name, text, fit, None, known)
        fonts = [run.font for line in fit[1] for run in line.runs]
        if packed is None:
            # only a fit set in a copy converted from a CFF face (for its characters) stays
            assert any(f.source is not None for f in fonts)
            held += 1
            continue
        # fallback fonts loaded after the primaries travel as their faces
        later += any(f.key not in known for f in fonts)
        got = unpack(pickle.loads(pickle.dumps(packed, pickle.HIGHEST_PROTOCOL)),
                     planner._font)
        assert got == (spec.name, text, fit, None)
        # the same font objects, not copies: the renderer embeds them by identity
        assert all(a.font is b.font for la, lb in zip(got[2][1], fit[1], strict=True)
                   for a, b in zip(la.runs, lb.runs, strict=True))
        sent += 1
    assert sent + held == len(script_names()) and sent > 40 and later > 10


def test_an_unknown_font_key_leaves_the_fit_to_this_process():
    book = FontBook()
    layout = load_layout(DEFAULT_LAYOUT)
    planner = Planner(layout, book)
    known = font_keys(book.loaded())
    spec = next(s for s in layout.fields if s.name == "name")
    packed = pack(spec.name, "Ana\nLi", planner._fit(spec, "Ana\nLi"), None, known)
    assert packed is not None
    assert unpack(packed, lambda key: None) is None


def test_texts_given_ahead_are_used_for_their_row_only():
    book = FontBook()
    layout = load_layout(DEFAULT_LAYOUT)
    child, here = Planner(layout, book), Planner(layout, book)
    ana = Attendee(2, {"name": "Ana Li", "first_name": "Ana", "last_name": "Li",
                       "company": "ACME"})
    ahead = child.fit_ahead(ana)
    assert ahead.row == 2 and ahead.texts[0]["company"] == "ACME"
    # A text filled ahead wins for its row (here altered, to show which one is used) ...
    ahead.texts[0]["company"] = "ACME (ahead)"
    here.give(ahead)
    assert here.plan(0, ana).fields[2].text == "ACME (ahead)"
    # ... and never for another row.
    other = Attendee(3, {**ana.fields})
    assert here.plan(1, other).fields[2].text == "ACME"


@needs_fork
@pytest.mark.parametrize("layout", [DEFAULT_LAYOUT, "a4-90x55-8up-duplex",
                                    str(ROOT / "sample_data" / "event" / "event.toml")])
def test_same_bytes_with_names_fitted_ahead_and_here(tmp_path, monkeypatch, layout):
    source = long_list(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    parent = os.getpid()
    fitted_here = []
    real_fit = planner_module.fit

    def counting_fit(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() == parent:
            fitted_here.append(1)
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(planner_module, "fit", counting_fit)
    outputs, counts = [], []
    for ahead in ("0", "texts", "1"):
        monkeypatch.setenv("BADGEPRESS_FIT_AHEAD", ahead)
        fitted_here.clear()
        pdf, rep = tmp_path / f"{ahead}.pdf", tmp_path / f"{ahead}.json"
        result = build(source, pdf, report=rep, layout=layout, reader_process=True)
        outputs.append((pdf.read_bytes(), json.loads(rep.read_text(encoding="utf-8")),
                        result.badges, result.warnings, result.notices))
        counts.append(len(fitted_here))
    assert outputs[0][2] == 400
    assert outputs[0] == outputs[1] == outputs[2]
    # Fitted here without help; with help, only the texts set in a CFF face's converted copy
    # (the Chinese, Japanese and Korean names) are.
    assert counts[0] > 200
    assert counts[1] == counts[0]  # texts only: every fit is made here
    assert counts[2] < counts[0] / 4
