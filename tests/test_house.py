"""The package's rooms and their rules, read from the source with ``ast`` (see
docs/architecture.md): no import cycle, each third-party library in one room, rooms import
only the rooms below them, small modules, and no global patches of other libraries.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "badgepress"

#: What each room may import of badgepress ("top" is a module at the package's top).
ROOM_MAY_IMPORT = {
    "errors": set(),
    "model": {"errors"},
    "__init__": {"errors"},
    "readers": {"errors", "model"},
    "sheet": {"errors", "model"},
    "text": {"errors"},
    "plan": {"errors", "model", "sheet", "text"},
    "pdf": {"__init__", "errors", "plan", "sheet", "text"},
    "press": {"errors", "model", "readers", "sheet", "text", "plan", "pdf"},
    # the one-release alias of the pipeline room's old name (badgepress.build -> press)
    "build": {"press"},
    "desk": {"errors", "model", "plan"},
    "cli": {"__init__", "errors", "press", "sheet", "text", "web"},
    "web": {"__init__", "errors", "model", "press", "readers", "sheet", "plan", "text", "pdf",
            "desk"},
    "__main__": {"cli"},
}
#: The one room that may import each third-party library.
LIBRARY_ROOM = {"reportlab": "pdf", "pypdf": "pdf", "pypdfium2": "pdf", "PIL": "pdf",
                "openpyxl": "readers", "python_calamine": "readers",
                "charset_normalizer": "readers",
                "defusedxml": "readers", "uharfbuzz": "text", "fontTools": "text",
                "bidi": "text", "svglib": "pdf", "zxingcpp": "pdf", "lxml": "pdf",
                "starlette": "web", "uvicorn": "web", "jinja2": "web",
                "multipart": "web", "python_multipart": "web",
                # writing a layout back into its TOML with comments kept (sheet.document)
                "tomlkit": "sheet"}
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module named by an import anywhere in the file (lazy and TYPE_CHECKING ones too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    this = _module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            out.append((node.lineno, base))
            # "from badgepress.text import fontdb" imports the module badgepress.text.fontdb
            out.extend((node.lineno, f"{base}.{a.name}") for a in node.names
                       if (PKG.parent / f"{base}.{a.name}".replace(".", "/")).with_suffix(
                           ".py").exists())
    return out


SOURCES = sorted(PKG.rglob("*.py"))
MODULES = {_module_name(p): p for p in SOURCES}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for mod, path in MODULES.items():
        for _line, name in _imports(path):
            if name.split(".")[0] == "badgepress" and name in MODULES and name != mod:
                graph[mod].add(name)
    return graph


def test_the_top_of_the_package_reads_as_the_pipeline() -> None:
    # Rooms and top modules; the package's own plumbing (__init__, __main__, py.typed) aside.
    entries = sorted(p.name for p in PKG.iterdir()
                     if p.name not in {"__pycache__", "__init__.py", "__main__.py", "py.typed"})
    assert len(entries) <= 12, entries
    for room in ("readers", "sheet", "text", "plan", "pdf", "press", "web"):
        init = PKG / room / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc.lower() and "Public names" in doc, room


def test_no_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            # A package's __init__ importing its own modules is how a room re-exports.
            if n.startswith(m + ".") and MODULES[m].name == "__init__.py":
                continue
            if state.get(n) == 1:
                cycle = [*path[path.index(n):], n]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_rooms_import_only_the_rooms_below_them() -> None:
    wrong = []
    for mod, path in MODULES.items():
        room = _room(mod)
        for line, name in _imports(path):
            if name.split(".")[0] != "badgepress" or name == "badgepress":
                target = "__init__" if name == "badgepress" else None
            else:
                target = _room(name)
            if target is None or target == room:
                continue
            if target not in ROOM_MAY_IMPORT[room]:
                wrong.append(f"{path.relative_to(PKG)}:{line} ({room}) imports {name}")
    assert not wrong, "\n".join(wrong)


def test_each_library_is_imported_in_one_room() -> None:
    wrong = []
    for mod, path in MODULES.items():
        for line, name in _imports(path):
            lib = name.split(".")[0]
            if lib in LIBRARY_ROOM and _room(mod) != LIBRARY_ROOM[lib]:
                wrong.append(f"{path.relative_to(PKG)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_modules_are_small() -> None:
    big = {str(p.relative_to(PKG)): n for p in SOURCES
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, big


_PROBE = """
import reportlab.rl_config as rl_config
from reportlab.pdfbase import ttfonts
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.reader.excel import ExcelReader
import openpyxl
before = (ttfonts.makeToUnicodeCMap, ttfonts.TTFont.addObjects, rl_config.useA85,
          ReadOnlyWorksheet._get_size, ExcelReader.read_worksheets, openpyxl.load_workbook)
import sys
from badgepress.press import build
build(sys.argv[1], sys.argv[2], report=sys.argv[3])
import badgepress.cli, badgepress.pdf.finish, badgepress.text.cff2ttf
after = (ttfonts.makeToUnicodeCMap, ttfonts.TTFont.addObjects, rl_config.useA85,
         ReadOnlyWorksheet._get_size, ExcelReader.read_worksheets, openpyxl.load_workbook)
print([a is b or a == b for a, b in zip(before, after)])
"""


def test_importing_and_building_leaves_other_libraries_as_they_were(tmp_path: Path) -> None:
    # The web app shares its process with other code: badgepress's fixes to reportlab and
    # openpyxl must live in its own subclasses, not in the libraries' modules.
    sample = PKG.parents[1] / "sample_data" / "attendees.xlsx"
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(sample), str(tmp_path / "b.pdf"),
                           str(tmp_path / "r.json")], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str([True] * 6)
    assert (tmp_path / "b.pdf").stat().st_size > 10_000


def test_the_web_app_takes_only_previews_from_the_pdf_room() -> None:
    # The web app builds through build() and shows PNGs of what was built: it never draws.
    wrong = [f"{path.relative_to(PKG)}:{line} imports {name}"
             for mod, path in MODULES.items() if _room(mod) == "web"
             for line, name in _imports(path)
             if name.startswith("badgepress.pdf") and name != "badgepress.pdf.preview"]
    assert not wrong, "\n".join(wrong)
