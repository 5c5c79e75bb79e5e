"""A real ``badgepress serve`` process for the tests that need sockets, kills and CUPS: started
on a free port of 127.0.0.1 (optionally with :class:`~badgepress.web.server.Limits`, a CUPS
queue, and an open-files limit), stopped (or killed with SIGKILL) by the test.
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

_CODE = """
import json, sys
from pathlib import Path
from badgepress.web.server import Limits, serve
serve(Path(sys.argv[1]), port=0, printer=sys.argv[2] or None,
      limits=Limits(**json.loads(sys.argv[3])))
"""


class Server:
    """``badgepress serve`` on ``127.0.0.1:port`` over the data folder ``data``."""

    def __init__(self, data: Path, *, printer: str | None = None, files: int | None = None,
                 **limits: Any) -> None:
        self.data = data
        data.mkdir(parents=True, exist_ok=True)
        #: the server's log (a file: a pipe nobody reads would stop a server that logs much)
        self.log = data.parent / f"serve-{data.name}-{len(list(data.parent.glob('serve-*')))}.log"

        def preexec() -> None:
            if files is not None:  # as on a machine whose open-files limit is ``files``
                resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))

        with self.log.open("w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _CODE, str(data), printer or "", json.dumps(limits)],
                stdout=subprocess.PIPE, stderr=err, text=True,
                env=dict(os.environ, PYTHONUNBUFFERED="1"), preexec_fn=preexec)
        assert self.proc.stdout is not None
        self.proc.stdout.readline()
        self.port = int(self.proc.stdout.readline().strip().rsplit(":", 1)[1].strip("/"))

    def request(self, method: str, path: str, body: Any = None, *, timeout: float = 10,
                headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """One request on a new connection: ``(status, JSON answer or bytes)``."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = json.dumps(body) if body is not None else None
            conn.request(method, path, data, {"Content-Type": "application/json",
                                              **(headers or {})})
            r = conn.getresponse()
            raw = r.read()
            try:
                return r.status, json.loads(raw)
            except ValueError:
                return r.status, raw
        finally:
            conn.close()

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._close()

    def stop(self) -> str:
        """Stop it; returns what it wrote to stderr (its log)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._close()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def _close(self) -> None:
        if self.proc.stdout is not None:
            self.proc.stdout.close()
