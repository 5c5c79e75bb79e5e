"""Make a stream in a forked child process, so that producing it overlaps consuming it.

Reading a workbook is pure Python: a thread would only take turns with the planner for the
GIL, a second process really runs beside it. :func:`background` forks a child that iterates
the stream and sends it to the parent in pickled batches through a pipe; the parent yields
the items in the same order. Where fork is not safe (not Linux, other threads running) or the
caller says no, the stream is made in-process behind the same interface.

Every way this can go wrong ends in the parent as an exception, with the child reaped:

- the child raises: the parent raises the same exception (a ``BadgepressError`` keeps its
  class, one-line message and attributes), caused by the child's traceback as text;
- the child dies (killed, out of memory): :class:`~badgepress.errors.WorkerError`;
- the parent stops early (``close``, an exception, Ctrl-C): the child is terminated and reaped.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from badgepress.errors import WorkerError

if TYPE_CHECKING:  # multiprocessing itself is imported when a child is started: 9 ms
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")

#: Items per message once the stream flows. Measured on 10,000 attendees: 16 to 4096 cost the
#: same within the noise; one item per message costs both processes about 0.3 s more CPU.
BATCH = 256
#: The first message is smaller, so that the parent starts on the first items at once.
FIRST_BATCH = 16
#: Seconds a child gets to exit after SIGTERM before it is killed.
GRACE = 2.0

_ITEMS, _DONE, _ERROR = 0, 1, 2
_PROTOCOL = pickle.HIGHEST_PROTOCOL


class ChildTracebackError(Exception):
    """The traceback of an exception raised in the child, as text: the cause of the exception
    the parent raises, so that ``--debug`` shows where the child failed.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f"\n\n(in the background process)\n{self.text}"


def can_fork() -> bool:
    """Whether :func:`background` may fork here: on Linux, with no other thread running (a
    forked child has only the calling thread, and a lock another thread held stays locked).
    """
    return sys.platform == "linux" and threading.active_count() == 1


def background(make: Callable[[], Iterator[T]], *, batch: int = BATCH,
               fork: bool = True) -> Background[T]:
    """Iterate ``make()`` in a forked child process and yield its items here, in order.

    The child starts at once, so it works while the caller prepares. Use the result as a
    context manager (or call ``close``) so that stopping early stops the child. With ``fork``
    false, where :func:`can_fork` says no, or when the fork fails, ``make()`` runs in this
    process instead. Items and exceptions cross the pipe pickled.
    """
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    return Background(make, batch=batch, fork=fork and can_fork())


class Background(Generic[T]):
    """The items of a stream made by a child process (or in-process); see :func:`background`."""

    def __init__(self, make: Callable[[], Iterator[T]], *, batch: int, fork: bool) -> None:
        self._owner = os.getpid()
        self._child: _Child | None = None
        #: the child's process id; None when the stream is made in this process
        self.pid: int | None = None
        if fork:
            # No fork today (process or memory limits): read in-process.
            with contextlib.suppress(OSError):
                self._child = _Child(make, batch)
        if self._child is not None:
            self.pid = self._child.proc.pid
            self._items: Iterator[T] = self._child.receive()
        else:
            self._items = make()

    def __iter__(self) -> Background[T]:
        return self

    def __next__(self) -> T:
        return next(self._items)

    def close(self) -> None:
        """Stop: terminate and reap the child (or close the in-process stream). Idempotent."""
        if os.getpid() != self._owner:
            return  # a copy inherited by some forked child: not ours to stop
        items, self._items = self._items, iter(())
        close = getattr(items, "close", None)
        if close is not None:
            close()
        child, self._child = self._child, None
        if child is not None:
            child.stop()

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_child", None) is not None:
            self.close()


class _Child:
    """The forked producer and the parent's end of its pipe."""

    def __init__(self, make: Callable[[], Iterator[Any]], batch: int) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        receiving, sending = ctx.Pipe(duplex=False)
        self.conn = receiving
        self.done = False
        # daemon: should this process die without closing us, multiprocessing's exit handler
        # still terminates the child.
        self.proc: BaseProcess = ctx.Process(target=_produce, name="badgepress-reader",
                                             args=(make, sending, receiving, batch), daemon=True)
        try:
            self.proc.start()
        except BaseException:
            receiving.close()
            raise
        finally:
            # Now the child holds the only writing end, so its death reads as EOF here.
            sending.close()

    def receive(self) -> Iterator[Any]:
        """The items, batch by batch; raises what the child raised, or WorkerError."""
        while True:
            try:
                data = self.conn.recv_bytes()
                kind, payload = pickle.loads(data)
            except (EOFError, OSError, pickle.UnpicklingError):
                # The pipe ended, or ended inside a message (the child died mid-write): say
                # how the child ended, never the pipe's own error ("None").
                raise self._died() from None
            if kind == _ITEMS:
                yield from payload
            elif kind == _DONE:
                self.done = True
                return
            else:
                raise _rebuild(*payload)

    def _died(self) -> WorkerError:
        self.proc.join(GRACE)
        code = self.proc.exitcode
        if code is None:
            how = "closed its pipe"
        elif code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            how = f"was killed by {name}{' (out of memory?)' if -code == signal.SIGKILL else ''}"
        else:
            how = f"ended with exit status {code}"
        return WorkerError(f"the background reader process {how} before the end of the file "
                           f"(pid {self.proc.pid}), so the list was not read to its end and no "
                           "PDF was written; run again, and if it stops again set "
                           "BADGEPRESS_WORKERS=0 to read in one process")

    def stop(self) -> None:
        """Terminate the child unless it finished, and reap it."""
        try:
            if not self.done:
                self.proc.terminate()
            self.proc.join(GRACE)
            if self.proc.exitcode is None:
                self.proc.kill()
                self.proc.join()
            self.proc.close()
        finally:
            self.conn.close()


def _produce(make: Callable[[], Iterator[Any]], sending: Connection, receiving: Connection,
             batch: int) -> None:
    """The child: send ``make()``'s items, then DONE, or the exception that stopped it."""
    # The parent decides what Ctrl-C means and stops this process; without this the terminal's
    # SIGINT would also print this process's traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Were the reading end left open here, a dead parent would leave this process blocked on
    # a full pipe for ever; closed, its next write fails and it exits.
    receiving.close()
    # The parent's objects are never garbage here: collections that walk them would copy every
    # page they touch (copy-on-write) for nothing.
    gc.freeze()
    # And collect less often, as the drawing process does (press.run._batch_gc): the stream
    # makes many short-lived objects and few cycles (names fitted ahead: 10-15 % less CPU).
    gc.set_threshold(50_000, 20, 20)
    size = min(FIRST_BATCH, batch)
    items: list[Any] = []
    try:
        for item in make():
            items.append(item)
            if len(items) >= size:
                sending.send_bytes(pickle.dumps((_ITEMS, items), _PROTOCOL))
                items = []
                size = min(size * 2, batch)
        if items:
            sending.send_bytes(pickle.dumps((_ITEMS, items), _PROTOCOL))
        sending.send_bytes(pickle.dumps((_DONE, None), _PROTOCOL))
    except BaseException as exc:
        # First what came before the failure, as it would in-process (unless these items are
        # what failed to pickle), then the failure. An OSError: the parent is gone.
        with contextlib.suppress(Exception):
            if items:
                sending.send_bytes(pickle.dumps((_ITEMS, items), _PROTOCOL))
        with contextlib.suppress(OSError):
            sending.send_bytes(pickle.dumps((_ERROR, _describe(exc)), _PROTOCOL))
    finally:
        sending.close()


def _describe(exc: BaseException) -> tuple[bytes | None, str, str, str]:
    """(the pickled exception or None, its class name, its message, the traceback text)."""
    text = "".join(traceback.format_exception(exc))
    data: bytes | None
    try:
        data = pickle.dumps(exc, _PROTOCOL)
        # Some exceptions pickle but cannot be rebuilt (an __init__ with required arguments):
        # find out here, where the message is still at hand.
        pickle.loads(data)
    except Exception:
        data = None
    return data, type(exc).__qualname__, str(exc), text


def _rebuild(data: bytes | None, kind: str, message: str, text: str) -> BaseException:
    """The child's exception, or a RuntimeError with its class and message if it cannot travel."""
    exc = pickle.loads(data) if data is not None else None
    if not isinstance(exc, BaseException):
        exc = RuntimeError(f"{kind} in the background process: {message}")
    exc.__cause__ = ChildTracebackError(text)
    return exc
