"""The web tests' shared helpers: paths of the sample lists and a client for the app.

(A module of its own, not conftest: test folders share one ``conftest`` module name, so
``from conftest import`` finds whichever folder's conftest was loaded first.)
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path
from typing import Any

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402

from badgepress.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_XLSX = ROOT / "sample_data" / "attendees.xlsx"
SAMPLE_CSV = ROOT / "sample_data" / "attendees.csv"
BASE = "http://127.0.0.1:8000"


class Web:
    """The app, its state and a client that talks to it as a page on 127.0.0.1 would."""

    def __init__(self, data: Path, **options: Any) -> None:
        self.data = data
        self.asgi, self.state = create_app(data, **options)
        self.client = TestClient(self.asgi, base_url=BASE)

    def event(self, name: str = "DevConf", layout: str = "a4-90x55-8up") -> str:
        r = self.client.post("/api/events", json={"name": name, "layout": layout})
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    def upload(self, event: str, path: Path, name: str | None = None) -> Any:
        return self.client.post(f"/api/events/{event}/import",
                                files={"file": (name or path.name, path.read_bytes())})

    def build(self, event: str, timeout: float = 120) -> dict[str, Any]:
        r = self.client.post(f"/api/events/{event}/build")
        assert r.status_code == 202, r.text
        job = r.json()["job"]
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            state = self.client.get(f"/api/jobs/{job}").json()
            if state["state"] in ("done", "failed"):
                return dict(state)
            time.sleep(0.1)
        raise AssertionError("the build did not finish")


def big_list(path: Path, people: int = 10_020) -> Path:
    """A CSV of ``people`` attendees (first and last name, company, e-mail) at ``path``."""
    firsts = ["Anna", "Eero", "Zoë", "Jürgen", "Eleanor", "Esteban", "Priya", "Kwame", "Li"]
    lasts = ["Lovelace", "Eriksson", "Müller", "Okonkwo", "Nakamura", "Petersen", "Dvořák"]
    rows = ["First Name,Last Name,Company,Email"]
    for i in range(people):
        first, last = firsts[i % len(firsts)], lasts[(i // 7) % len(lasts)]
        rows.append(f"{first},{last}{i % 97},Company {i % 50},p{i}@example.org")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
