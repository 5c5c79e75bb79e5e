"""The command line on a layout's [event] text and names: a shipped layout's example event
name is said, a --set of an event key no text uses is refused, a misspelt layout name gets a
"did you mean", and the summary counts in words that agree.
"""

from __future__ import annotations

from pathlib import Path

from badgepress.cli import main

from .test_cli import Capture

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "attendees.csv"


def _build(tmp_path: Path, *args: str) -> tuple[int, str]:
    err = Capture()
    code = main(["build", str(SAMPLE), "-o", str(tmp_path / "b.pdf"), *args], err=err)  # type: ignore[arg-type]
    return code, err.text


def test_a_shipped_layouts_example_event_name_is_said(tmp_path: Path) -> None:
    code, err = _build(tmp_path)
    assert code == 0
    assert ("  the badges print the layout's example event name 'DevConf 2026': set yours with "
            "--set event.name=\"...\" (or in the layout's [event] table)\n") in err
    code, err = _build(tmp_path, "--set", "event.name=PyConf 2027")
    assert code == 0 and "example event" not in err
    # a copy of a shipped layout that still says "DevConf 2026" is said too
    copy = tmp_path / "mine.toml"
    assert main(["layouts", "--copy", "a4-90x55-8up", str(copy)], err=Capture()) == 0  # type: ignore[arg-type]
    code, err = _build(tmp_path, "-l", str(copy))
    assert code == 0 and "example event name 'DevConf 2026'" in err


def test_set_of_an_event_key_no_text_uses_is_refused(tmp_path: Path) -> None:
    code, err = _build(tmp_path, "--set", "event.nam=Foo")
    assert code == 1 and err.count("\n") == 1
    assert err.endswith("a4-90x55-8up.toml: event.nam: no text of this layout uses {event.nam} "
                        "(its texts use: event.name); --set one of those, or put {event.nam} "
                        "in a text\n")
    assert not (tmp_path / "b.pdf").exists()


def test_a_misspelt_layout_gets_a_did_you_mean(tmp_path: Path) -> None:
    code, err = _build(tmp_path, "-l", "avery5395")
    assert code == 1
    assert err == ("badgepress: error: unknown layout 'avery5395'; did you mean 'avery-5395'? "
                   "(badgepress layouts lists them all)\n")


def test_the_summary_counts_agree_in_number(tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("First Name,Last Name\nAda,Lovelace\n", encoding="utf-8")
    err = Capture()
    code = main(["build", str(one), "-o", str(tmp_path / "one.pdf"), "--set",
                 "event.name=X"], err=err)  # type: ignore[arg-type]
    assert code == 0
    assert err.text.endswith("1 badge on 1 page, layout a4-90x55-8up; 1 row read, 0 skipped; "
                             "0 warnings\n")
