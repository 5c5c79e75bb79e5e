"""How fast the designer's picture comes back: one badge of an unsaved layout as PNG
(``badgepress.press.draft.DraftRenderer.render``), after each change of the layout.

    python benchmarks/bench_draft.py [--layout FILE] [--renders N] [--dpi D] [--out DIR]

The layout is read as data (as the designer holds it), then changed before every render
(the name field nudged by up to 0.5 mm) and rendered for the next attendee of the sample
list, so no render is a cache hit: each checks the layout, plans, draws, embeds and
renders afresh. Prints the first render (fonts and artwork loaded) and the median and 95th
percentile of the rest, in ms; ``--out`` keeps the PNGs to look at.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from badgepress.model import Attendee  # noqa: E402
from badgepress.press.draft import DraftRenderer  # noqa: E402
from badgepress.readers import open_attendees  # noqa: E402
from badgepress.sheet.document import read_layout_data  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layout", default=str(ROOT / "sample_data/event/event.toml"))
    ap.add_argument("--list", default=str(ROOT / "sample_data/attendees.xlsx"))
    ap.add_argument("--renders", type=int, default=60)
    ap.add_argument("--dpi", type=float, default=130)
    ap.add_argument("--out", help="write the PNGs into this folder")
    args = ap.parse_args()
    layout = Path(args.layout)
    data = read_layout_data(layout)
    with open_attendees(args.list) as table:
        people = [r for r in table.records() if isinstance(r, Attendee)]
        info = table.info
    renderer = DraftRenderer()
    field = next(i for i, f in enumerate(data["field"]) if "first_name" in f.get("text", ""))
    x0 = float(data["field"][field]["box"]["x"].removesuffix("mm"))
    times = []
    for n in range(args.renders + 1):
        draft = copy.deepcopy(data)
        # A nudge of the name (within 0.5 mm of where it was): every draft is new, as after
        # each change in the designer, so no render is a cache hit.
        draft["field"][field]["box"]["x"] = f"{x0 - 0.5 + (n % 101) * 0.01:.2f}mm"
        draft["description"] = f"draft {n}"
        start = time.perf_counter()
        png = renderer.render(draft, layout.parent, people[n % len(people)], info,
                              name=layout.stem, dpi=args.dpi)
        times.append((time.perf_counter() - start) * 1000)
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            (Path(args.out) / f"draft-{n:03d}.png").write_bytes(png)
    rest = sorted(times[1:])
    p95 = rest[min(len(rest) - 1, int(len(rest) * 0.95))]
    print(f"{layout.name}: first render {times[0]:.0f} ms; then {len(rest)} renders, each "
          f"after a change: median {statistics.median(rest):.1f} ms, p95 {p95:.1f} ms, "
          f"max {rest[-1]:.1f} ms ({args.dpi:g} dpi)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
