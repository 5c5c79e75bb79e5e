"""The background reader: the stream as in-process, its errors carried over, the child reaped."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import badgepress.press.run as build_module
from badgepress import errors
from badgepress.errors import BadgepressError, InputError, LayoutError, WorkerError
from badgepress.model import Attendee, Notice, SourceInfo
from badgepress.press.prefetch import ChildTracebackError, background, can_fork
from badgepress.press.run import build, read_aside

from .conftest import ROOT

SAMPLE_XLSX = ROOT / "sample_data" / "attendees.xlsx"
SAMPLE_CSV = ROOT / "sample_data" / "attendees.csv"

needs_fork = pytest.mark.skipif(not can_fork(), reason="the background reader needs fork")


def assert_reaped(pid: int | None) -> None:
    """The child has exited and been waited for: neither running nor a zombie."""
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert pid not in [p.pid for p in multiprocessing.active_children()]
    assert not Path(f"/proc/{pid}").exists()


def counting(n: int | None = None) -> Iterator[int]:
    return iter(range(n)) if n is not None else itertools.count()


def records(n: int) -> Iterator[Attendee | Notice]:
    for i in range(n):
        yield Attendee(i + 2, {"name": f"Ana {i}", "company": "ACME" * (i % 3)})
        if i % 10 == 0:
            yield Notice(i + 2, f"note {i}")


# -- the stream --------------------------------------------------------------------------------

@needs_fork
@pytest.mark.parametrize(("n", "batch"), [(0, 256), (1, 256), (1000, 7), (5000, 256)])
def test_same_items_in_the_same_order_as_in_process(n, batch):
    with background(lambda: records(n), batch=batch) as items:
        assert items.pid is not None and items.pid != os.getpid()
        got = list(items)
    assert got == list(records(n))
    assert_reaped(items.pid)


def test_without_fork_the_stream_is_made_here():
    with background(lambda: counting(5), fork=False) as items:
        assert items.pid is None
        assert list(items) == [0, 1, 2, 3, 4]


def test_batch_must_be_positive():
    with pytest.raises(ValueError, match="batch"):
        background(lambda: counting(1), batch=0)


# -- errors in the child -----------------------------------------------------------------------

def failing_after(n: int, exc: BaseException) -> Iterator[int]:
    yield from range(n)
    raise exc


@needs_fork
@pytest.mark.parametrize("exc", [
    InputError("a cell is too long", path="/data/list.csv", row=57, column="Name"),
    LayoutError("uses {x}", path="my.toml", key="field[2].text"),
    BadgepressError("--where 'x' is not of the form COLUMN=VALUE"),
])
def test_a_badgepress_error_mid_stream_is_raised_here_as_it_was(exc):
    got: list[int] = []
    with background(lambda: failing_after(300, exc), batch=64) as items, \
            pytest.raises(BadgepressError) as caught:
        got.extend(items)
    assert got == list(range(300))  # everything before the failure arrives, in order
    assert type(caught.value) is type(exc)
    assert str(caught.value) == str(exc)
    assert vars(caught.value) == vars(exc)
    assert isinstance(caught.value.__cause__, ChildTracebackError)
    assert "failing_after" in str(caught.value.__cause__)
    assert_reaped(items.pid)


@needs_fork
def test_another_exception_keeps_its_class():
    with background(lambda: failing_after(3, KeyError("col"))) as items, \
            pytest.raises(KeyError, match="col"):
        list(items)
    assert_reaped(items.pid)


class NeedsTwoError(Exception):
    def __init__(self, a: str, b: str) -> None:  # pickles, but cannot be rebuilt from args
        super().__init__(f"{a} and {b}")


@needs_fork
def test_an_exception_that_cannot_travel_becomes_a_runtime_error():
    with background(lambda: failing_after(3, NeedsTwoError("x", "y"))) as items, \
            pytest.raises(RuntimeError, match="NeedsTwoError in the background process: x and y"):
        list(items)
    assert_reaped(items.pid)


@needs_fork
def test_an_item_that_cannot_be_pickled_is_an_error_not_a_hang():
    with background(lambda: iter([1, lambda: 2])) as items, \
            pytest.raises((pickle.PicklingError, AttributeError), match="pickle"):
        list(items)
    assert_reaped(items.pid)


@pytest.mark.parametrize("exc", [
    BadgepressError("plain"),
    BadgepressError("m", path=Path("/x/a.xlsx")),
    InputError("m", path="a.csv", row=3, column="Vorname"),
    InputError("m", path="a.csv", row=3),
    LayoutError("m", path="l.toml", key="badge.size"),
    errors.FontError("no such font", path="l.toml"),
    errors.OutputError("cannot write", path="out/b.pdf"),
    errors.StrictError("3 warnings"),
    WorkerError("stopped"),
])
def test_every_error_survives_a_pickle_round_trip(exc):
    back = pickle.loads(pickle.dumps(exc, pickle.HIGHEST_PROTOCOL))
    assert type(back) is type(exc)
    assert str(back) == str(exc) and back.args == exc.args
    assert vars(back) == vars(exc)


# -- stopping early, and dying -----------------------------------------------------------------

@needs_fork
def test_closing_early_terminates_and_reaps_the_child():
    items = background(counting)
    assert next(items) == 0
    items.close()
    assert_reaped(items.pid)
    assert list(items) == []
    items.close()  # again: nothing left to do


@needs_fork
def test_closing_before_the_first_item_reaps_the_child():
    with background(counting) as items:
        pass
    assert_reaped(items.pid)


@needs_fork
@pytest.mark.parametrize("stop", [RuntimeError, KeyboardInterrupt])
def test_an_exception_here_reaps_the_child(stop):
    with pytest.raises(stop), background(counting) as items:
        next(items)
        raise stop()
    assert_reaped(items.pid)


@needs_fork
def test_dropping_the_iterator_reaps_the_child():
    items = background(counting)
    next(items)
    pid = items.pid
    del items
    assert_reaped(pid)


@needs_fork
def test_a_killed_child_is_an_error_here():
    with background(counting) as items:
        next(items)
        assert items.pid is not None
        os.kill(items.pid, signal.SIGKILL)
        with pytest.raises(WorkerError, match=r"process was killed by SIGKILL .*before the end"):
            for _ in items:  # what is already in the pipe, then the end
                pass
    assert_reaped(items.pid)


def exiting_after(n: int, code: int) -> Iterator[int]:
    yield from range(n)
    os._exit(code)


@needs_fork
def test_a_child_that_exits_mid_stream_is_an_error_here():
    with background(lambda: exiting_after(10, 3), batch=4) as items, \
            pytest.raises(WorkerError, match="ended with exit status 3 before the end of the file"):
        list(items)
    assert_reaped(items.pid)


@needs_fork
def test_ctrl_c_is_the_parents_to_handle():
    # The terminal sends SIGINT to the whole process group: the child must not die of it.
    # 300,000 items overfill the pipe: the child is still at work when the signal comes.
    with background(lambda: counting(300_000)) as items:
        first = next(items)
        assert items.pid is not None
        os.kill(items.pid, signal.SIGINT)
        try:
            assert [first, *items] == list(range(300_000))
        except KeyboardInterrupt:
            pytest.fail("the child's SIGINT reached the parent")


@needs_fork
def test_the_child_runs_no_exit_handlers_and_flushes_nothing_twice(tmp_path):
    script = textwrap.dedent("""
        import atexit, sys
        from badgepress.press.prefetch import background
        atexit.register(lambda: print("exit handler"))
        print("before", end="")  # still in the buffer at the fork (stdout is a pipe)
        with background(lambda: iter(range(100))) as items:
            assert items.pid is not None
            print(sum(items))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": ""}
    env.pop("PYTHONUNBUFFERED")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, check=True)
    assert out.stdout == "before4950\nexit handler\n"
    assert out.stderr == ""


# -- in build() --------------------------------------------------------------------------------

@pytest.fixture
def forks(monkeypatch):
    """The pids of the background readers that build() starts."""
    pids: list[int | None] = []

    def spy(make, **kw):
        items = background(make, **kw)
        pids.append(items.pid)
        return items

    monkeypatch.setattr(build_module, "background", spy)
    return pids


@needs_fork
@pytest.mark.parametrize(("source", "options"), [
    (SAMPLE_XLSX, {}),
    (SAMPLE_CSV, {"where": ["Ticket Type!=Staff"]}),
    (SAMPLE_XLSX, {"sort": "last_name", "layout": "a4-cr80-10up"}),
])
def test_build_output_is_byte_identical_with_the_reader_aside(tmp_path, monkeypatch, forks,
                                                              source, options):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs = []
    for aside in (False, True):
        pdf, rep = tmp_path / f"{aside}.pdf", tmp_path / f"{aside}.json"
        result = build(source, pdf, report=rep, reader_process=aside, **options)
        outputs.append((pdf.read_bytes(), json.loads(rep.read_text(encoding="utf-8")),
                        result.badges, result.skipped, result.notices, result.warnings))
    assert forks[0] is None and forks[1] is not None
    assert_reaped(forks[1])
    assert outputs[0][2] > 30
    assert outputs[0] == outputs[1]


@needs_fork
def test_build_raises_the_readers_error_as_it_would_in_process(tmp_path, forks):
    # An unclosed quote late in the file: found only when the child gets there.
    lines = ["First Name,Last Name,Company"] + [f"Ana{i},Li,ACME" for i in range(9000)]
    lines[1500] = 'Jo,"Yu,ACME'
    csv = tmp_path / "late.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    caught = []
    for aside in (False, True):
        with pytest.raises(InputError) as exc:
            build(csv, tmp_path / "b.pdf", reader_process=aside)
        caught.append(exc.value)
    assert forks[1] is not None
    assert_reaped(forks[1])
    assert str(caught[0]) == str(caught[1])
    assert caught[0].row == caught[1].row == 1501
    assert not (tmp_path / "b.pdf").exists()


@needs_fork
def test_build_raises_a_bad_where_as_it_would_in_process(tmp_path, forks):
    messages = []
    for aside in (False, True):
        with pytest.raises(BadgepressError) as exc:
            build(SAMPLE_CSV, tmp_path / "b.pdf", where=["Nope=1"], reader_process=aside)
        messages.append(str(exc.value))
    assert forks[1] is not None
    assert messages[0] == messages[1] and "'Nope': no such column" in messages[0]


# -- when build() reads aside ------------------------------------------------------------------

def info(tmp_path: Path, last_row: int | None, size: int = 0) -> SourceInfo:
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"x" * size)
    return SourceInfo(str(path), header_row=3, last_row=last_row)


def test_reads_aside_for_long_lists_only(tmp_path, monkeypatch):
    monkeypatch.delenv("BADGEPRESS_WORKERS", raising=False)
    rows = build_module.READ_ASIDE_ROWS
    assert read_aside(info(tmp_path, 3 + rows))
    assert not read_aside(info(tmp_path, 2 + rows))
    assert not read_aside(info(tmp_path, 4))  # the walk-in desk's one badge stays in-process


def test_a_workbook_without_its_size_is_judged_by_bytes(tmp_path, monkeypatch):
    monkeypatch.delenv("BADGEPRESS_WORKERS", raising=False)
    assert read_aside(info(tmp_path, None, build_module.READ_ASIDE_BYTES))
    assert not read_aside(info(tmp_path, None, build_module.READ_ASIDE_BYTES - 1))


def test_no_reading_aside_when_sorting_or_switched_off(tmp_path, monkeypatch):
    long = info(tmp_path, 100_000)
    assert not read_aside(long, sort="last_name")  # nothing to overlap: sort sees every row first
    monkeypatch.setenv("BADGEPRESS_WORKERS", "0")
    assert not read_aside(long)
