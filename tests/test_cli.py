"""End-to-end runs of the CLI on the bundled sample data: exit codes, messages, the report."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from badgepress.cli import main

from .conftest import ROOT, SHIPPED, edited_layout

SAMPLE_XLSX = ROOT / "sample_data" / "attendees.xlsx"
SAMPLE_CSV = ROOT / "sample_data" / "attendees.csv"


class Capture:
    def __init__(self) -> None:
        self.text = ""

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def run(*argv: str) -> tuple[int, str, str]:
    out, err = Capture(), Capture()
    code = main(list(argv), out=out, err=err)  # type: ignore[arg-type]
    return code, out.text, err.text


@pytest.mark.parametrize("layout", SHIPPED)
def test_sample_xlsx_every_row_accounted_for(tmp_path, layout):
    pdf, rep = tmp_path / "b.pdf", tmp_path / "r.json"
    code, _, err = run("build", str(SAMPLE_XLSX), "-o", str(pdf), "--layout", layout,
                       "--report", str(rep))
    assert code == 0, err
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["version"] == 1 and report["layout"] == layout
    rows = [b["row"] for b in report["badges"]] + [s["row"] for s in report["skipped"]]
    assert len(rows) == len(set(rows)) == report["rows_read"]
    assert len(report["badges"]) >= 40
    per_page = {"a4-90x55-8up": 8, "a4-cr80-10up": 10, "letter-4x3-6up": 6, "shop-90x55": 1}
    assert report["pages"] == -(-len(report["badges"]) // per_page[layout])
    assert f"{len(report['badges'])} badges on {report['pages']} pages" in err
    for b in report["badges"]:
        name = next(f for f in b["fields"] if f["name"] == "name")
        assert name["status"] in ("fit", "two-lines", "condensed", "overflow")
        assert 0 < name["size"] <= 44
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_sample_csv_matches_xlsx(tmp_path):
    reports = []
    for src in (SAMPLE_XLSX, SAMPLE_CSV):
        rep = tmp_path / f"{src.suffix}.json"
        assert run("build", str(src), "-o", str(tmp_path / "x.pdf"), "--report", str(rep))[0] == 0
        reports.append(json.loads(rep.read_text(encoding="utf-8")))
    names = [[[f["lines"] for f in b["fields"]] for b in r["badges"]] for r in reports]
    assert names[0] == names[1]


def test_title_row_and_particles_in_the_sample(tmp_path):
    rep = tmp_path / "r.json"
    run("build", str(SAMPLE_XLSX), "-o", str(tmp_path / "b.pdf"), "--report", str(rep))
    report = json.loads(rep.read_text(encoding="utf-8"))
    lines = [f["lines"] for b in report["badges"] for f in b["fields"] if f["name"] == "name"]
    assert ["José María", "de la Cruz Fernández"] in lines
    assert not any(line.rstrip().endswith((" van", " de", " der", " la")) for ls in lines
                   for line in ls)


def test_strict_fails_on_warnings(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("Name,Company\nHubert Blaine Wolfeschlegelsteinhausenbergerdorffvoralternwaren"
                   "gewissenhaftschaferswessenschafewarenwohlgepflegeundsorgfaltigkeit,X\n"
                   "Ana Li,Y\n", encoding="utf-8")
    code, _, err = run("build", str(csv), "-o", str(tmp_path / "b.pdf"))
    assert code == 0 and "row 2: name:" in err and "does not fit at 12pt" in err
    code, _, err = run("build", str(csv), "-o", str(tmp_path / "b.pdf"), "--strict")
    assert code == 1
    assert "badgepress: --strict: 1 badge or row not printed as given" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["build", "missing.xlsx"], "badgepress: error: missing.xlsx: file not found; check the path"),
    (["build", str(SAMPLE_CSV), "--layout", "a5-tiny"],
     "badgepress: error: unknown layout 'a5-tiny'; shipped layouts are: a4-90x55-8up"),
    (["build", str(SAMPLE_CSV), "--where", "nonsense"],
     "badgepress: error: --where 'nonsense' is not of the form COLUMN=VALUE"),
    (["build", str(SAMPLE_CSV), "--map", "first_name=Vorname"],
     "first_name=\"Vorname\": no such header"),
])
def test_bad_input_is_one_line_exit_1(tmp_path, argv, message):
    code, _, err = run(*argv, "-o", str(tmp_path / "b.pdf"))
    assert code == 1
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "b.pdf").exists()


def test_layout_error_names_file_and_key(tmp_path):
    lay = edited_layout(tmp_path, 'bleed = "3mm"', 'bleed = "3 parsecs"')
    code, _, err = run("build", str(SAMPLE_CSV), "--layout", str(lay), "-o",
                       str(tmp_path / "b.pdf"))
    assert code == 1
    assert err.startswith(f"badgepress: error: {lay}: badge.bleed: expected a length")


def test_unknown_column_in_layout(tmp_path):
    lay = edited_layout(tmp_path, 'text = "{company}"', 'text = "{Shoe Size}"')
    code, _, err = run("build", str(SAMPLE_CSV), "--layout", str(lay), "-o",
                       str(tmp_path / "b.pdf"))
    assert code == 1
    assert "field[3].text: uses {Shoe Size}, but" in err and "columns are: First Name" in err


def test_usage_errors_exit_2():
    assert run()[0] == 2
    assert run("build")[0] == 2
    assert run("build", "x.csv", "--map", "novalue")[0] == 2


def test_layouts_command_lists_every_shipped_layout_by_stock():
    code, out, _ = run("layouts")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert sorted(names) == sorted(p.stem for p in (ROOT / "layouts").glob("*.toml"))
    assert set(SHIPPED) <= set(names)
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings == ["Sheets for cutting:", "Label and insert stock:",
                        "Label printers (one badge a page):",
                        "Card printers and office printers (one badge a page):"]
    groups = out.split("\n\n")
    assert "avery-l4785" in groups[1] and "label-dymo-30856" in groups[2]
    assert "card-cr80" in groups[3] and "page-a6" in groups[3]
    assert "a4-90x55-8up " in groups[0]


def test_where_and_sort(tmp_path):
    rep = tmp_path / "r.json"
    code, _, _ = run("build", str(SAMPLE_CSV), "-o", str(tmp_path / "b.pdf"), "--report",
                     str(rep), "--where", "Ticket Type=Speaker", "--sort", "last_name")
    assert code == 0
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["badges"]
    assert all(s["reason"].startswith(("not selected", "blank")) for s in report["skipped"]) or \
        any(s["reason"].startswith("not selected") for s in report["skipped"])
    assert len(report["badges"]) + len(report["skipped"]) == report["rows_read"]


def test_console_script_from_another_directory(tmp_path):
    """python -m badgepress works from any folder: layouts and fonts are package data."""
    proc = subprocess.run([sys.executable, "-m", "badgepress", "build", str(SAMPLE_CSV), "-o",
                           "out.pdf", "--layout", "shop-90x55"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.pdf").stat().st_size > 10_000


def test_progress_bar_when_the_row_count_is_known():
    import io

    from badgepress.cli import _progress

    err = io.StringIO()
    show = _progress(err)
    show(500, 1000)
    assert "[###############               ]  50%  500 badges" in err.getvalue()
    show(1200, 1000)  # more badges than rows expected: an estimate never shows 100 % early
    assert err.getvalue().endswith(" 99%  1,200 badges (" + err.getvalue().split("(")[-1])
    err = io.StringIO()
    _progress(err)(300, None)  # no estimate: a counter
    assert err.getvalue().startswith("\r  300 badges (") and "[" not in err.getvalue()


@pytest.mark.parametrize(("sample", "last"), [(SAMPLE_XLSX, 44), (SAMPLE_CSV, 41)])
def test_the_sample_tells_its_last_row_for_progress(tmp_path, sample, last):
    from badgepress.press.run import build
    from badgepress.readers import open_attendees

    with open_attendees(sample) as table:
        assert table.info.last_row == last  # the walk-in row, after a blank one
    calls = []
    build(sample, tmp_path / "b.pdf", progress=lambda done, expected: calls.append(expected))
    assert calls == []  # 40 badges: progress is reported every 100


def test_nothing_to_print_is_an_error_with_the_report_still_written(tmp_path):
    rep = tmp_path / "r.json"
    code, _, err = run("build", str(SAMPLE_CSV), "-o", str(tmp_path / "b.pdf"), "--report",
                       str(rep), "--where", "Ticket Type=Nobody")
    assert code == 1 and err.count("\n") == 1
    assert ("no badges to print: all 40 data rows were left out (row 2: not selected by "
            "--where 'Ticket Type=Nobody', ...); no PDF written (the report lists every row)"
            ) in err
    assert not (tmp_path / "b.pdf").exists() and not list(tmp_path.glob(".b.pdf*"))
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["pages"] == 0 and len(report["skipped"]) == 40
    header_only = tmp_path / "h.csv"
    header_only.write_text("First Name,Last Name\n", encoding="utf-8")
    code, _, err = run("build", str(header_only), "-o", str(tmp_path / "h.pdf"))
    assert code == 1 and "no badges to print: the file has no rows below its header" in err


def test_a_missing_output_folder_fails_before_rendering(tmp_path):
    code, _, err = run("build", str(SAMPLE_CSV), "-o", str(tmp_path / "b.pdf"), "--report",
                       str(tmp_path / "nope" / "r.json"))
    assert code == 1
    assert f"cannot write the report: folder '{tmp_path / 'nope'}' does not exist" in err
    assert not (tmp_path / "b.pdf").exists()


def test_a_closed_pipe_is_not_an_error():
    # `badgepress fonts | head -1`: the reader leaves early; no traceback, exit 0.
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "badgepress", "fonts"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 0, err
    assert "Traceback" not in err
