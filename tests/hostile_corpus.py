"""A corpus of bad files, built here, for end-to-end runs of ``python -m badgepress build``:
layouts, fonts, outputs and attendee files that a careless or hostile user might give.

Each :class:`Case` is run in a folder of its own (``work``, made by :func:`make_corpus`);
inputs live in ``work/in``, outputs go to ``work/out``. ``tests/test_hostile_corpus.py``
checks each one (exit code, one line and no traceback, no stray file in ``out``, inputs
unchanged); ``benchmarks/bench_hostile.py`` runs the same cases and prints time and peak memory.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "layouts" / "a4-90x55-8up.toml"
SAMPLE = ROOT / "sample_data" / "attendees.csv"


#: Badges of 10 mm on a sheet of 1.5 m: as many as fit would be 150 x 150.
TINY_GRID = """
[sheet]
size = "1500mm x 1500mm"
margin = 0
[badge]
size = "10mm x 10mm"
safe = "1mm"
[[field]]
text = "{name}"
box = { x = "1mm", y = "1mm", width = "8mm", height = "8mm" }
size = { max = "6pt", min = "2pt" }
"""


@dataclass(frozen=True)
class Case:
    """One run: its arguments after ``build`` (``{in}`` and ``{out}`` stand for the folders),
    the exit code it must give, what its error line must say, and the files it may leave in
    ``out`` (on exit 0: these; on exit 1: only what was there before, plus ``leaves``).
    """

    name: str
    args: list[str]
    code: int
    says: str = ""
    makes: tuple[str, ...] = ("b.pdf",)
    leaves: tuple[str, ...] = ()
    #: files put in ``out`` before the run (name -> bytes): they must survive an exit 1
    before: dict[str, bytes] = field(default_factory=dict)
    #: the run may take long on purpose (a benchmark case, not for the test run)
    slow: bool = False


def _layout(work: Path, name: str, edit: Callable[[str], str]) -> str:
    path = work / "in" / name
    path.write_text(edit(DEFAULT.read_text(encoding="utf-8")), encoding="utf-8")
    return f"{{in}}/{name}"


def _csv(work: Path, name: str, rows: list[str], header: str = "First Name,Last Name") -> str:
    path = work / "in" / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return f"{{in}}/{name}"


def _sparse_xlsx(work: Path) -> str:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["First Name", "Last Name"])
    ws.append(["Ada", "Lovelace"])
    ws.cell(1_048_576, 1, "Grace")
    ws.cell(1_048_576, 2, "Hopper")
    wb.save(work / "in" / "sparse.xlsx")
    return "{in}/sparse.xlsx"


def make_corpus(work: Path, *, slow: bool = False) -> list[Case]:
    """Build the corpus's files under ``work/in`` and return its cases (with ``slow``, the
    benchmark's long ones too).
    """
    (work / "in").mkdir(parents=True, exist_ok=True)
    (work / "out").mkdir(exist_ok=True)
    csv = _csv(work, "attendees.csv", ["Ada,Lovelace", "Grace,Hopper", "Zsófia,Tőkés-Nagy"])
    out = ["-o", "{out}/b.pdf"]
    old = {"b.pdf": b"%PDF-1.4 the previous PDF\n"}
    lay = "--layout"
    cases = [Case("three names", [csv, *out], 0)]
    if slow:
        shutil.copy(SAMPLE, work / "in" / "sample.csv")
        cases.append(Case("sample", ["{in}/sample.csv", *out], 0, slow=True))

    # Layouts
    def layout_case(name: str, edit: Callable[[str], str], says: str) -> Case:
        return Case(f"layout {name}", [csv, *out, lay, _layout(work, f"{name}.toml", edit)], 1,
                    says, before=old)

    first_field = "[[field]]"
    cases += [
        layout_case("field-3", lambda t: "field = 3\n" + t.replace(first_field, "[[f]]"),
                    "field"),
        layout_case("field-array-of-3", lambda t: "field = [3]\n" + t.replace(first_field,
                                                                              "[[f]]"), "field"),
        layout_case("rect-x", lambda t: 'rect = "x"\n' + t.replace("[[rect]]", "[[r]]"),
                    "rect: must be an array of tables"),
        layout_case("sheet-size-3", lambda t: t.replace('size = "A4"', "size = 3"),
                    "sheet.size: expected a size"),
        layout_case("bleed-nan", lambda t: t.replace('bleed = "3mm"', "bleed = nan"),
                    "badge.bleed: expected a finite length"),
        layout_case("bleed-inf", lambda t: t.replace('bleed = "3mm"', "bleed = -inf"),
                    "badge.bleed: expected a finite length"),
        layout_case("size-max-nan", lambda t: t.replace('max = "40pt"', "max = nan", 1),
                    "size.max: expected a finite length"),
        layout_case("nested", lambda t: "deep = " + "[" * 20000 + "]" * 20000 + "\n" + t,
                    "nested thousands of levels deep"),
        layout_case("huge", lambda t: t + "# " + "x" * (3 * 1024 * 1024) + "\n",
                    "is larger than 1024 KB"),
        layout_case("tiny-badge", lambda t: t.replace('size = "90mm x 55mm"',
                                                      'size = "0.01mm x 0.01mm"'),
                    "badge.size: a badge of 0.0 mm x 0.0 mm is too small"),
        layout_case("giant-sheet", lambda t: t.replace('size = "A4"',
                                                       'size = "5000mm x 5000mm"'),
                    "larger than any press sheet"),
        layout_case("million-badges", lambda t: TINY_GRID, "22,500 badges on one sheet"),
        layout_case("not-toml", lambda t: t + "\n[sheet\n", "is not valid TOML"),
        layout_case("binary", lambda t: "\x00\x01\x02" + t, "is not valid TOML"),
    ]

    # Fonts
    (work / "in" / "junk.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\xff" * 200)
    (work / "in" / "empty.otf").write_bytes(b"")
    shutil.copy(ROOT / "fonts" / "NotoSans-Bold.ttf", work / "in" / "a-real.ttf")
    (work / "in" / "z-link.ttf").symlink_to(work / "in" / "a-real.ttf")

    def font_case(font: str, code: int, says: str) -> Case:
        edit: Callable[[str], str] = lambda t: t.replace('font = "Noto Sans Bold"',  # noqa: E731
                                                         f'font = "{font}"', 1)
        return Case(f"font {font}", [csv, *out, lay, _layout(work, f"font-{font}.toml", edit)],
                    code, says, before={} if code == 0 else old)

    cases += [
        font_case("junk.ttf", 1, "junk.ttf cannot be read as a font"),
        font_case("empty.otf", 1, "empty.otf cannot be read as a font"),
        font_case("missing.ttf", 1, "font file not found"),
        font_case("z-link.ttf", 0, ""),
    ]

    # Outputs
    cases += [
        Case("output is the input", [csv, "-o", csv], 1, "would be written over the attendee "
             "file", makes=()),
        Case("report is the PDF", [csv, *out, "--report", "{out}/b.pdf"], 1,
             "the report would be written over the PDF", before=old),
        Case("report is the layout", [csv, *out, lay, _layout(work, "mine.toml", str),
                                      "--report", "{in}/mine.toml"], 1,
             "the report would be written over the layout", before=old),
        Case("output is a folder", [csv, "-o", "{out}"], 1, "over a folder", makes=()),
        Case("output folder missing", [csv, "-o", "{out}/no/b.pdf"], 1, "does not exist",
             makes=()),
        Case("output name of 255 bytes", [csv, "-o", "{out}/" + "n" * 251 + ".pdf"], 0,
             makes=("n" * 251 + ".pdf",)),
        Case("strict with warnings", [_csv(work, "long.csv", [
            "Hubert,Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen"
        ]), *out, "--report", "{out}/r.json", "--strict"], 1, "--strict: 1 badge",
            before={**old, "r.json": b"{}"}),
    ]

    # Attendee files that fail (or pass) cleanly
    (work / "in" / "empty.csv").write_bytes(b"")
    (work / "in" / "garbage.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (work / "in" / "nul.csv").write_bytes(b"First Name,Last Name\nA\x00da,Love\x00lace\n")
    cases += [
        Case("empty csv", ["{in}/empty.csv", *out], 1, "empty.csv", makes=()),
        Case("garbage xlsx", ["{in}/garbage.xlsx", *out], 1, "garbage.xlsx", makes=()),
        Case("nul bytes", ["{in}/nul.csv", *out], 1, "NUL bytes", makes=()),
        Case("header only", [_csv(work, "header.csv", []), *out, "--report", "{out}/r.json"], 1,
             "no badges to print", makes=(), leaves=("r.json",)),
        Case("long name 10,000", [_csv(work, "long10k.csv", [
            "Ada," + " ".join(["Wolfeschlegel"] * 715)]), *out], 0),
        Case("long name 10,000, 3,333 words", [_csv(work, "long10k-words.csv", [
            "Ada," + " ".join(["Ab"] * 3333)]), *out], 0),
        Case("long name 90,000", [_csv(work, "long90k.csv", [
            "Ada," + "x" * 90_000]), *out], 0),
        Case("bidi isolates", [_csv(work, "isolates.csv", [
            "\u2067علي\u2069,Ali \u2066x\u2069", "\u2068Bob,\u2069\u2069"]), *out], 0),
    ]
    if slow:
        cases.append(Case("sparse sheet", [_sparse_xlsx(work), *out], 0, slow=True))
    return cases


def argv(case: Case, work: Path) -> list[str]:
    """The case's command-line arguments after ``build``, with its folders filled in."""
    return [a.replace("{in}", str(work / "in")).replace("{out}", str(work / "out"))
            for a in case.args]
