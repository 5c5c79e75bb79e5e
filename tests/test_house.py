"""The package's rooms and their rules, read from the source with ``ast`` (see
docs/architecture.md): no import cycle, each third-party library in one room, rooms import
only the rooms below them (the web app's rooms too), small modules and small folders, no
folder named ``build``, and no global patches of other libraries.

Each rule is a function over a package folder that lists what breaks it, so the tests can
plant a violation in a copy of the package and see the rule catch it.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Callable
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
    "cli": {"__init__", "errors", "press", "sheet", "text", "web"},
    "web": {"__init__", "errors", "model", "press", "readers", "sheet", "plan", "text", "pdf"},
    "__main__": {"cli"},
}
#: The web app's rooms, lowest first, and what each may import: of the web app's rooms
#: (``web`` is its ``__init__``), and of the package's rooms (within what ``web`` may).
WEB_ROOM_MAY_IMPORT: dict[str, tuple[set[str], set[str]]] = {
    "store": (set(), {"errors", "model", "readers", "sheet", "plan"}),
    "engine": ({"store"}, {"errors", "model", "press", "pdf", "plan", "sheet", "text"}),
    "edge": ({"store", "engine"}, {"__init__", "errors", "text"}),
    "organiser": ({"edge", "store", "engine"}, {"errors", "model"}),
    "desk": ({"edge", "store", "engine"}, {"errors", "model"}),
    "kiosk": ({"edge", "store", "engine"}, {"errors", "model"}),
    "designer": ({"edge", "store", "engine"}, {"errors", "model"}),
    "app": ({"edge", "store", "engine", "organiser", "desk", "kiosk", "designer"}, {"errors"}),
    "server": ({"app"}, set()),
    "web": ({"app", "server"}, set()),
}
#: Web rooms that never speak HTTP (the store and the engine work without a request).
NO_HTTP = {"store", "engine"}
HTTP_LIBRARIES = {"starlette", "uvicorn", "jinja2", "multipart", "python_multipart"}
#: The one room that may import each third-party library.
LIBRARY_ROOM = {"reportlab": "pdf", "pypdf": "pdf", "pypdfium2": "pdf", "PIL": "pdf",
                "openpyxl": "readers", "python_calamine": "readers",
                "charset_normalizer": "readers",
                "defusedxml": "readers", "uharfbuzz": "text", "fontTools": "text",
                "bidi": "text", "svglib": "pdf", "zxingcpp": "pdf", "lxml": "pdf",
                "starlette": "web", "uvicorn": "web", "jinja2": "web",
                "multipart": "web", "python_multipart": "web",
                # writing a layout back into its TOML with comments kept (sheet.document)
                "tomlkit": "sheet",
                # the desk's search: other spellings of names in other scripts
                "anyascii": "web"}
MAX_LINES = 400
#: Most modules a folder of the web app holds (``__init__.py`` not counted).
MAX_WEB_MODULES = 12


def _module_name(pkg: Path, path: Path) -> str:
    parts = path.relative_to(pkg.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _web_room(module: str) -> str | None:
    """The web app's room of ``module`` (``web`` for the package's own ``__init__``)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] != "web":
        return None
    return "web" if len(parts) == 2 else parts[2]


def _imports(pkg: Path, path: Path) -> list[tuple[int, str]]:
    """Every module named by an import anywhere in the file (lazy and TYPE_CHECKING ones too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    this = _module_name(pkg, path)
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
            for a in node.names:
                sub = pkg.parent / f"{base}.{a.name}".replace(".", "/")
                if sub.with_suffix(".py").exists() or (sub / "__init__.py").exists():
                    out.append((node.lineno, f"{base}.{a.name}"))
    return out


def _modules(pkg: Path) -> dict[str, Path]:
    return {_module_name(pkg, p): p for p in sorted(pkg.rglob("*.py"))}


def cycles(pkg: Path) -> list[str]:
    """An import cycle, if there is one (as ``a -> b -> a``)."""
    modules = _modules(pkg)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        for _line, name in _imports(pkg, path):
            if name.split(".")[0] == "badgepress" and name in modules and name != mod:
                graph[mod].add(name)
    state: dict[str, int] = {}
    trail: list[str] = []
    found: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        trail.append(m)
        for n in sorted(graph[m]):
            # A package's __init__ importing its own modules is how a room re-exports.
            if n.startswith(m + ".") and modules[m].name == "__init__.py":
                continue
            if state.get(n) == 1 and not found:
                found.append(" -> ".join([*trail[trail.index(n):], n]))
            if n not in state:
                visit(n)
        trail.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    return found


def wrong_rooms(pkg: Path) -> list[str]:
    """Imports of a room the importing room may not use (the tables above)."""
    wrong = []
    for mod, path in _modules(pkg).items():
        room, web = _room(mod), _web_room(mod)
        for line, name in _imports(pkg, path):
            where = f"{path.relative_to(pkg)}:{line} ({web or room}) imports {name}"
            if name.split(".")[0] != "badgepress":
                if web in NO_HTTP and name.split(".")[0] in HTTP_LIBRARIES:
                    wrong.append(where + ": the store and the engine never speak HTTP")
                continue
            target = "__init__" if name == "badgepress" else _room(name)
            if target != room and target not in ROOM_MAY_IMPORT[room]:
                wrong.append(where)
            if web is None:
                continue
            may_web, may_rooms = WEB_ROOM_MAY_IMPORT[web]
            target_web = _web_room(name)
            if target_web == "web" and name == "badgepress.web":
                continue  # "from badgepress.web import desk": the room, not the package
            if target_web is None:
                allowed = target == room or target in may_rooms
            else:
                allowed = target_web == web or target_web in may_web
            if not allowed:
                wrong.append(where)
    return wrong


def wrong_libraries(pkg: Path) -> list[str]:
    """Imports of a third-party library outside its one room."""
    wrong = []
    for mod, path in _modules(pkg).items():
        for line, name in _imports(pkg, path):
            lib = name.split(".")[0]
            if lib in LIBRARY_ROOM and _room(mod) != LIBRARY_ROOM[lib]:
                wrong.append(f"{path.relative_to(pkg)}:{line} imports {name}")
    return wrong


def big_modules(pkg: Path) -> list[str]:
    """Modules over :data:`MAX_LINES` lines."""
    return [f"{p.relative_to(pkg)}: {n} lines" for p in sorted(pkg.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]


def crowded_folders(pkg: Path) -> list[str]:
    """Folders of the web app with more than :data:`MAX_WEB_MODULES` modules, and any folder
    named ``build`` (the name tools take for generated output).
    """
    out = [f"{d.relative_to(pkg)}: a folder named build" for d in pkg.rglob("build")
           if d.is_dir()]
    for folder in [pkg / "web", *(d for d in (pkg / "web").rglob("*") if d.is_dir())]:
        n = sum(1 for p in folder.glob("*.py") if p.name != "__init__.py")
        if n > MAX_WEB_MODULES:
            out.append(f"{folder.relative_to(pkg)}: {n} modules")
    return out


RULES: list[Callable[[Path], list[str]]] = [cycles, wrong_rooms, wrong_libraries, big_modules,
                                            crowded_folders]


def test_the_top_of_the_package_reads_as_the_pipeline() -> None:
    # Rooms and top modules; the package's own plumbing (__init__, __main__, py.typed) aside.
    entries = sorted(p.name for p in PKG.iterdir()
                     if p.name not in {"__pycache__", "__init__.py", "__main__.py", "py.typed"})
    assert len(entries) <= 12, entries
    for room in ("readers", "sheet", "text", "plan", "pdf", "press", "web"):
        init = PKG / room / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc.lower() and "Public names" in doc, room


def test_the_web_app_reads_as_its_rooms() -> None:
    rooms = {p.name for p in (PKG / "web").iterdir() if (p / "__init__.py").is_file()}
    assert rooms == set(WEB_ROOM_MAY_IMPORT) - {"app", "server", "web"}
    for room in rooms:
        doc = ast.get_docstring(ast.parse((PKG / "web" / room / "__init__.py").read_text(
            encoding="utf-8")))
        assert doc and "import" in doc.lower() and "Public names" in doc, room
    assert all(_web_room(m) in WEB_ROOM_MAY_IMPORT for m in _modules(PKG)
               if _web_room(m) is not None)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_the_house_keeps_its_rules(rule: Callable[[Path], list[str]]) -> None:
    broken = rule(PKG)
    assert not broken, "\n".join(broken)


#: Violations planted in a copy of the package: (file, text appended, the rule that must
#: catch it).
PLANTED = [
    ("web/store/lists.py", "from badgepress.web.organiser import pages\n", wrong_rooms),
    ("web/store/events.py", "import starlette.requests\n", wrong_rooms),
    ("web/engine/previews.py", "from badgepress.web.desk import prints\n", wrong_rooms),
    ("web/edge/roles.py", "from badgepress.web.desk.desks import chosen\n", wrong_rooms),
    ("web/organiser/api.py", "from badgepress.web.desk import walkins\n", wrong_rooms),
    ("web/kiosk/checkin.py", "from badgepress.web.desk import walkins\n", wrong_rooms),
    ("web/desk/api.py", "from badgepress.web.kiosk import checkin\n", wrong_rooms),
    ("web/engine/prints.py", "from badgepress.web.kiosk import checkin\n", wrong_rooms),
    ("web/kiosk/page.py", "import reportlab\n", wrong_libraries),
    ("web/designer/api.py", "from badgepress.web.organiser import pages\n", wrong_rooms),
    ("web/designer/page.py", "from badgepress.web.desk import prints\n", wrong_rooms),
    ("web/organiser/pages.py", "from badgepress.web.designer import api\n", wrong_rooms),
    ("web/designer/api.py", "from badgepress.press import draft\n", wrong_rooms),
    ("web/desk/prints.py", "from badgepress.readers import open_attendees\n", wrong_rooms),
    ("web/store/db.py", "from badgepress.web.store import search\n", cycles),
    ("web/desk/jobs.py", "import reportlab\n", wrong_libraries),
    ("web/engine/warm.py", "\n" * MAX_LINES, big_modules),
]


@pytest.mark.parametrize(("where", "text", "rule"), PLANTED,
                         ids=[f"{w}-{r.__name__}" for w, _t, r in PLANTED])
def test_a_planted_violation_is_caught(tmp_path: Path, where: str, text: str,
                                       rule: Callable[[Path], list[str]]) -> None:
    copy = tmp_path / "badgepress"
    shutil.copytree(PKG, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert not rule(copy)
    with (copy / where).open("a", encoding="utf-8") as f:
        f.write(text)
    assert rule(copy)


def test_a_crowded_or_build_folder_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "badgepress"
    shutil.copytree(PKG, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "pdf" / "build").mkdir()
    for i in range(MAX_WEB_MODULES + 1):
        (copy / "web" / "desk" / f"extra{i}.py").write_text("", encoding="utf-8")
    broken = crowded_folders(copy)
    assert "pdf/build: a folder named build" in broken
    assert any(b.startswith("web/desk: ") for b in broken)


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
             for mod, path in _modules(PKG).items() if _room(mod) == "web"
             for line, name in _imports(PKG, path)
             if name.startswith("badgepress.pdf") and name != "badgepress.pdf.preview"]
    assert not wrong, "\n".join(wrong)


def test_a_build_process_of_the_web_app_loads_no_http_library() -> None:
    # python -m badgepress.web.engine._buildjob imports the web package: it must stay light.
    code = ("import sys, badgepress.web.engine._buildjob; "
            "print(sorted(m for m in ('starlette', 'jinja2', 'uvicorn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
