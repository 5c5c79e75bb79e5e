"""The background build's process: ``python -m badgepress.web.engine._buildjob`` reads its job as
JSON on stdin, runs :func:`badgepress.press.build` exactly as the CLI does, and reports on
stdout: ``progress DONE TOTAL`` lines, then ``done`` (the result is in ``result.json`` beside
the PDF) or ``error MESSAGE``, one line.

A separate process keeps the server answering (the build takes the CPU for seconds to
minutes) and makes the build the CLI's own code path, byte for byte.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from badgepress.errors import BadgepressError
from badgepress.press import build
from badgepress.sheet.layout import resolve_layout


def main() -> int:
    """Run the job read from stdin; the exit code is 0 when the PDF was written."""
    job = json.loads(sys.stdin.read())
    out = Path(job["output"])

    def progress(done: int, _expected: int | None) -> None:
        print(f"progress {done}", flush=True)

    try:
        result = build(job["source"], out, layout=job["layout"], report=job["report"],
                       sheet=job["sheet"], mapping=job["mapping"], progress=progress,
                       source_name=job["source_name"],
                       files_root=resolve_layout(job["layout"]).parent,
                       pdfx=bool(job.get("pdfx", False)))
    except BadgepressError as exc:
        # The user knows the file by the name it was uploaded as, not the stored one.
        message = str(exc).replace(job["source"], job["source_name"])
        print("error " + " ".join(message.split()), flush=True)
        return 1
    summary = {"badges": result.badges, "pages": result.pages, "rows_read": result.rows_read,
               "layout": result.layout,
               "skipped": [{"row": s.row, "reason": s.reason} for s in result.skipped],
               "notices": [{"row": n.row, "message": n.message} for n in result.notices],
               "warnings": [{"row": r, "message": m} for r, m in result.warnings],
               "pdfx": bool(job.get("pdfx", False)),
               "preflight": result.preflight.as_dict() if result.preflight else None}
    (out.parent / "result.json").write_text(json.dumps(summary, ensure_ascii=False),
                                            encoding="utf-8")
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
